import BotCensusCore
/// A spam trap's inbound capture, generated deterministically from a seed: classic pcap (little-endian,
/// microseconds, Ethernet), IPv4 only, client→server packets of interleaved SMTP sessions (SYN, ACK,
/// commands, message body, QUIT, FIN) from four stacks (Windows without timestamps, Linux, macOS and an
/// embedded Linux with TCP timestamps from per-host clocks), with DNS and ARP noise between them.
///
/// Why inbound only and IPv4 only: the reference is `tcpdump -nr FILE 'tcp[tcpflags] & tcp-syn != 0'`,
/// which also counts SYN+ACKs and cannot see TCP inside IPv6 (`tcp[]` is IPv4-only in libpcap), while
/// botcensus counts client SYNs of both families. On this file every packet with the SYN flag is a
/// client's first SYN to a mail port, so both counts must agree exactly.
enum PcapGenerator {
    struct Result {
        var bytes: Int
        var packets: Int
        var syns: Int
    }

    static func write(path: String, packets target: Int, seed: UInt64) throws -> Result {
        guard let out = ByteWriter(path: path) else { throw BenchError("\(path): cannot create") }
        var rng = SplitMix64(seed: seed)
        out.pcapHeader()
        var time: UInt64 = 1_767_668_645_000_000        // 2026-01-06T03:04:05Z, in µs
        var active: [Session] = []
        var packets = 0, syns = 0
        while packets < target {
            while active.count < 64 { active.append(Session(&rng)) }
            time += 5 + rng.next() % 60
            let noise = rng.next() % 100
            if noise < 3 {
                out.pcapRecord(time: time, frame: dnsQuery(&rng))
            } else if noise < 4 {
                out.pcapRecord(time: time, frame: arp(&rng))
            } else {
                let i = Int(rng.next() % UInt64(active.count))
                let (frame, isSYN) = active[i].nextPacket(time: time, &rng)
                out.pcapRecord(time: time, frame: frame)
                if isSYN { syns += 1 }
                if active[i].finished { active.swapAt(i, active.count - 1); active.removeLast() }
            }
            packets += 1
            try out.flushIfFull()
        }
        try out.flush()
        return Result(bytes: out.written, packets: packets, syns: syns)
    }

    /// One client's SMTP session, as the packets it sends.
    struct Session {
        enum Stack: CaseIterable { case windows, linux, macos, embedded }
        let stack: Stack
        let client: UInt32
        let port: UInt16
        let serverPort: UInt16
        let hops: Int
        var sequence: UInt32
        var ipID: UInt16
        /// The client's TCP timestamp clock: value at `clockStart` (µs) and ticks per second.
        let tsBase: UInt32, clockStart: UInt64, hz: UInt64
        /// Payload sizes still to send; then FIN and the last ACK.
        var script: [Int]
        var step = 0
        var finished: Bool { step >= script.count + 3 }

        init(_ rng: inout SplitMix64) {
            let host = rng.next() % 50_000
            // A host keeps its stack and clock across sessions: derived from its address, not drawn anew.
            stack = Stack.allCases[Int(host % 4)]
            // Senders spread over the whole unicast space, as a trap's are: tcpdump's address-name cache
            // hashes on the first 12 bits of an address, and senders all in one /15 made it quadratic.
            let spread = UInt32(truncatingIfNeeded: host &* 2_654_435_761)
            client = UInt32(1 + (host % 223)) << 24 | (spread & 0xFF_FFFF)
            port = UInt16(1024 + rng.next() % 60000)
            serverPort = [25, 25, 25, 25, 25, 25, 25, 25, 587, 465][Int(rng.next() % 10)]
            hops = 3 + Int(host % 20)
            sequence = UInt32(truncatingIfNeeded: rng.next())
            ipID = UInt16(truncatingIfNeeded: rng.next())
            tsBase = UInt32(truncatingIfNeeded: host &* 0x9E37_79B9)
            clockStart = 1_767_000_000_000_000
            hz = stack == .embedded ? 100 : 1000
            var body: [Int] = [0, 22, 38, 30, 6]             // ACK, EHLO, MAIL FROM, RCPT TO, DATA
            for _ in 0..<(1 + rng.next() % 4) { body.append(200 + Int(rng.next() % 1200)) }
            body += [3, 6]                                     // ".", QUIT
            script = body
        }

        var timestamps: Bool { stack != .windows }

        mutating func nextPacket(time: UInt64, _ rng: inout SplitMix64) -> ([UInt8], Bool) {
            defer { step += 1 }
            let ts = UInt32(truncatingIfNeeded: UInt64(tsBase) &+ (time - clockStart) * hz / 1_000_000)
            if step == 0 { return (frame(flags: 0x02, payload: 0, options: synOptions(ts)), true) }
            let payload = step <= script.count ? script[step - 1] : 0
            let flags: UInt8 = step == script.count + 1 ? 0x11 : (payload > 0 ? 0x18 : 0x10)   // FIN+ACK, PSH+ACK, ACK
            var options: [UInt8] = []
            if timestamps { options = [1, 1, 8, 10] + be32(ts) + be32(0x1234_5678) }
            return (frame(flags: flags, payload: payload, options: options), false)
        }

        private func synOptions(_ ts: UInt32) -> [UInt8] {
            switch stack {
            case .windows: return [2, 4, 0x05, 0xB4, 1, 3, 3, 8, 1, 1, 4, 2]
            case .linux: return [2, 4, 0x05, 0xB4, 4, 2, 8, 10] + be32(ts) + [0, 0, 0, 0, 1, 3, 3, 7]
            case .macos: return [2, 4, 0x05, 0xB4, 1, 3, 3, 6, 1, 1, 8, 10] + be32(ts) + [0, 0, 0, 0, 4, 2, 0, 0]
            case .embedded: return [2, 4, 0x05, 0xB4, 4, 2, 8, 10] + be32(ts) + [0, 0, 0, 0, 1, 3, 3, 2]
            }
        }

        private mutating func frame(flags: UInt8, payload: Int, options: [UInt8]) -> [UInt8] {
            let initialTTL = stack == .windows ? 128 : 64
            let window: UInt16 = flags == 0x02 ? (stack == .macos ? 65535 : stack == .embedded ? 5840 : 64240) : 502
            let tcpLength = 20 + options.count
            var f: [UInt8] = [0x00, 0x16, 0x3E, 0x00, 0x00, 0x25, 0x00, 0x16, 0x3E, 0x11, 0x22, 0x33, 0x08, 0x00]
            let ipStart = f.count
            f += [0x45, 0x00] + be16(UInt16(20 + tcpLength + payload)) + be16(ipID) + [0x40, 0x00]
            f += [UInt8(initialTTL - hops), 6, 0, 0] + be32(client) + be32(0xC612_0019)
            ipID &+= 1
            var sum: UInt32 = 0
            for i in stride(from: ipStart, to: ipStart + 20, by: 2) { sum += UInt32(f[i]) << 8 | UInt32(f[i + 1]) }
            while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
            f[ipStart + 10] = UInt8(~sum >> 8 & 0xFF); f[ipStart + 11] = UInt8(~sum & 0xFF)
            f += be16(port) + be16(serverPort) + be32(sequence) + be32(flags == 0x02 ? 0 : 0x0BAD_F00D)
            f += [UInt8(tcpLength / 4) << 4, flags] + be16(window) + [0, 0, 0, 0] + options
            f += [UInt8](repeating: 0x41, count: payload)
            sequence &+= UInt32(payload) + (flags & 0x03 != 0 ? 1 : 0)
            return f
        }
    }

    /// A DNS query from the trap to its resolver (UDP): traffic the reader must pass over.
    private static func dnsQuery(_ rng: inout SplitMix64) -> [UInt8] {
        var f: [UInt8] = [0x00, 0x16, 0x3E, 0x99, 0x99, 0x99, 0x00, 0x16, 0x3E, 0x11, 0x22, 0x33, 0x08, 0x00]
        f += [0x45, 0x00, 0x00, 0x38, 0x12, 0x34, 0x40, 0x00, 64, 17, 0, 0] + be32(0xC612_0019) + be32(0xC612_0035)
        f += be16(UInt16(1024 + rng.next() % 60000)) + [0x00, 0x35, 0x00, 0x24, 0, 0]
        f += [UInt8](repeating: 0x61, count: 28)
        return f
    }

    private static func arp(_ rng: inout SplitMix64) -> [UInt8] {
        var f: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x16, 0x3E, 0x11, 0x22, 0x33, 0x08, 0x06]
        f += [0, 1, 8, 0, 6, 4, 0, 1, 0x00, 0x16, 0x3E, 0x11, 0x22, 0x33] + be32(0xC612_0019)
        f += [0, 0, 0, 0, 0, 0] + be32(0xC612_0000 | UInt32(rng.next() % 256))
        return f
    }
}

private func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
private func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
