import BotCensusCore
import Fingerprint
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What answered at the TCP level: with root (CAP_NET_RAW), a Linux packet socket sees every SYN+ACK that
/// comes back to the prober, and each one from a probed address and port is read into p0f's notation and
/// matched against p0f's `[tcp:response]` signatures. Two ports of one address answered by different stacks
/// (a port forwarded to a device behind the NAT) then show in the results.
public final class SynAckCapture: @unchecked Sendable {
    public struct Reading: Sendable {
        public var rawSignature: String
        public var label: String?
        public var distance: Int
        public var ttl: Int
        public var window: Int
        public var time: Timestamp
    }

    private let fd: CInt
    private let matcher: P0fSynMatcher?
    private let lock = NSLock()
    private var readings: [Key: Reading] = [:]
    /// How many times the loop found the socket's queue empty: a read that began after a question and found
    /// it empty means every packet the kernel had queued before the question has been looked at.
    private var emptyReads = 0
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    struct Key: Hashable { var ip: IPAddress; var port: Int }

    /// Nil with the reason when the platform or the privileges do not allow a packet socket.
    public static func start(matcher: P0fSynMatcher?) -> (capture: SynAckCapture?, why: String?) {
        #if os(Linux)
        // SOCK_DGRAM: the kernel strips the link layer, so every interface (loopback, Ethernet, veth) reads alike.
        let ethPAll = UInt16(0x0003)
        let fd = socket(AF_PACKET, Int32(SOCK_DGRAM.rawValue), Int32(ethPAll.bigEndian))
        guard fd >= 0 else {
            return (nil, "SYN-ACK capture skipped: a packet socket needs root or CAP_NET_RAW (\(String(cString: strerror(errno))))")
        }
        var buffer: CInt = 8 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<CInt>.size))
        let capture = SynAckCapture(fd: fd, matcher: matcher)
        let thread = Thread { capture.loop() }
        thread.name = "botcensus-synack"
        capture.thread = thread
        thread.start()
        return (capture, nil)
        #else
        return (nil, "SYN-ACK capture skipped: needs a Linux packet socket")
        #endif
    }

    private init(fd: CInt, matcher: P0fSynMatcher?) {
        self.fd = fd
        self.matcher = matcher
    }

    /// The SYN+ACK `ip:port` answered with (the first one seen), if any. The kernel hands the packet socket
    /// its copy before TCP completes the connect, but this thread may not have read it yet (a busy machine):
    /// so an answer not yet seen waits until the queue has been read empty once after the question (at most
    /// `patience`), and "none" means none came.
    public func reading(ip: IPAddress, port: Int, patience: Duration = .seconds(1)) async -> Reading? {
        let key = Key(ip: ip, port: port)
        let asked: Int? = lock.withLock { readings[key] == nil ? emptyReads : nil }
        guard let asked else { return lock.withLock { readings[key] } }
        let deadline = ContinuousClock.now + patience
        while true {
            try? await Task.sleep(for: .milliseconds(1))
            let (found, empty) = lock.withLock { (readings[key], emptyReads) }
            // `asked + 1` may be a read that began before the question; `asked + 2` began after it.
            if found != nil || empty >= asked + 2 || ContinuousClock.now >= deadline { return found }
        }
    }

    public func stop() {
        lock.lock(); stopping = true; lock.unlock()
        if thread != nil { finished.wait() }
        close(fd)
    }

    private func loop() {
        var frame = [UInt8](repeating: 0, count: 65_536)
        while true {
            lock.lock(); let done = stopping; lock.unlock()
            if done { break }
            let n = frame.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                inspect(Array(frame[..<n]))
                continue
            }
            if n < 0 && errno == EINTR { continue }
            lock.lock(); emptyReads += 1; lock.unlock()
            // Wait for the next packet, or 200 ms to look at `stopping` again.
            var wanted = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&wanted, 1, 200)
        }
        finished.signal()
    }

    private func inspect(_ packet: [UInt8]) {
        guard let first = packet.first, first >> 4 == 4 || first >> 4 == 6,
              let segment = try? TCPSegment.decode(packet), segment.tcp.flags & (TCPHeader.syn | TCPHeader.ack) == TCPHeader.syn | TCPHeader.ack,
              segment.tcp.flags & (TCPHeader.rst | TCPHeader.fin) == 0 else { return }
        let key = Key(ip: segment.ip.source, port: segment.tcp.sourcePort)
        lock.lock(); let seen = readings[key] != nil; lock.unlock()
        guard !seen else { return }
        let observed = P0fObservedSyn(segment)
        let match = matcher?.match(observed: observed)
        let reading = Reading(rawSignature: observed.rawSignature, label: match?.label, distance: match?.distance ?? observed.guessedDistance,
                              ttl: segment.ip.ttl, window: Int(segment.tcp.window), time: Date().timeIntervalSince1970)
        lock.lock(); if readings[key] == nil { readings[key] = reading }; lock.unlock()
    }
}
