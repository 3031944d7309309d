import BotCensusCore
import NIOCore
import NIOSSL

/// One TCP conversation of a probe module: writes, reads that wait for what the protocol needs (a line, a
/// header block) up to the read timeout, STARTTLS or implicit TLS with the peer's certificate kept. The
/// connection is closed at the session deadline whatever the module is doing, so no probe outlives it.
public final class ProbeConnection: @unchecked Sendable {
    let channel: Channel
    private let inbound: InboundBuffer
    let deadline: NIODeadline
    let readTimeout: TimeAmount
    private let tlsContext: NIOSSLContext
    public let ip: IPAddress
    public let port: Int

    init(channel: Channel, inbound: InboundBuffer, ip: IPAddress, port: Int, deadline: NIODeadline, readTimeout: TimeAmount,
         tlsContext: NIOSSLContext) {
        self.channel = channel; self.inbound = inbound; self.ip = ip; self.port = port
        self.deadline = deadline; self.readTimeout = readTimeout; self.tlsContext = tlsContext
    }

    private var loop: EventLoop { channel.eventLoop }

    public func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) async throws {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
        } catch {
            throw ProbeError(.connectionClosed, "the peer closed before the request was sent")
        }
    }

    /// Waits until `complete` says the bytes held are enough, the peer closes, or the read timeout (or the
    /// session deadline) passes; returns the bytes held, not consumed. Nothing at all by then is an error.
    public func read(timeout: TimeAmount? = nil, until complete: @escaping @Sendable ([UInt8]) -> Bool = { !$0.isEmpty }) async throws -> [UInt8] {
        let timedOut = try await wait(timeout: timeout) { complete($0.bytes) || $0.closed || $0.failure != nil }
        let bytes = try await loop.submit { [inbound] in inbound.bytes }.get()
        if bytes.isEmpty {
            if timedOut { throw ProbeError(.ioTimeout, "no data within the read timeout") }
            throw ProbeError(.connectionClosed, "the peer closed without sending anything")
        }
        return bytes
    }

    /// Waits on the event loop until `ready` holds for the inbound state or the time is up; true if it timed out.
    private func wait(timeout: TimeAmount?, ready: @escaping (InboundBuffer) -> Bool) async throws -> Bool {
        let loop = self.loop, inbound = self.inbound
        let end = min(deadline, .now() + (timeout ?? readTimeout))
        let promise = loop.makePromise(of: Bool.self)
        loop.execute {
            var finished = false
            var timer: Scheduled<Void>?
            func check() {
                guard !finished else { return }
                if ready(inbound) {
                    finished = true
                    timer?.cancel()
                    promise.succeed(false)
                    return
                }
                inbound.nextChange(on: loop).whenSuccess { check() }
            }
            timer = loop.scheduleTask(deadline: end) {
                guard !finished else { return }
                finished = true
                promise.succeed(true)
            }
            check()
        }
        return try await promise.futureResult.get()
    }

    /// Reads one line (through LF), consuming it; CR LF trimmed.
    public func readLine(timeout: TimeAmount? = nil) async throws -> String {
        let bytes = try await read(timeout: timeout) { $0.contains(10) }
        let end = bytes.firstIndex(of: 10).map { $0 + 1 } ?? bytes.count
        await consume(end)
        var line = Array(bytes[..<end])
        while let last = line.last, last == 10 || last == 13 { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// Drops `count` bytes from the front of what was received.
    public func consume(_ count: Int) async {
        let inbound = self.inbound
        _ = try? await loop.submit { inbound.consume(count) }.get()
    }

    /// Negotiates TLS now (implicit TLS right after connect, or after STARTTLS's go-ahead) without verifying
    /// the peer (devices present self-signed certificates: what they present is the evidence).
    public func startTLS(serverName: String? = nil) async throws -> TLSDetails {
        let channel = self.channel, inbound = self.inbound, context = tlsContext
        try await loop.submit {
            inbound.clear()
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        _ = try await wait(timeout: nil) { $0.handshakeDone || $0.closed || $0.failure != nil }
        let state = try await loop.submit { (inbound.handshakeDone, inbound.closed, inbound.failure) }.get()
        if !state.0 {
            if let failure = state.2 { throw ProbeError(.protocolError, "TLS handshake failed: \(failure)") }
            if state.1 { throw ProbeError(.connectionClosed, "the peer closed during the TLS handshake") }
            throw ProbeError(.ioTimeout, "TLS handshake timed out")
        }
        let certificate = try await channel.pipeline.handler(type: NIOSSLClientHandler.self).flatMap { handler in
            channel.eventLoop.makeSucceededFuture(handler.peerCertificate)
        }.get()
        let version = try? await channel.nioSSL_tlsVersion().get()
        return TLSDetails(version: version.map(TLSDetails.name) ?? nil, certificateDER: (try? certificate?.toDERBytes()) ?? nil)
    }

    public func close() async {
        try? await channel.close().get()
    }
}
