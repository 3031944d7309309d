import BotCensusCore

/// A SYN-only capture (what a trap records with `tcp[tcpflags] == tcp-syn`), generated from a seed, for
/// `identify syn` beside `p0f -r`. Unlike `PcapGenerator`'s four stacks, each SYN comes from one of the
/// stacks below: the systems spam senders and scanners run, as p0f.fp describes them (so p0f labels many,
/// with exact, generic and fuzzy matches and `???`), behind varied hop counts and MSSes (PPPoE, VPN),
/// some with ECN or with DF cleared by a middlebox, a few over IPv6, and about 2% retransmitted a little
/// later (p0f reports a flow's SYN once, so retransmissions must be told apart the same way).
enum SynCaptureGenerator {
    struct Result {
        var bytes: Int
        var packets: Int
        var syns: Int
    }

    /// One TCP/IP stack's SYN.
    struct Stack {
        var ttl: Int
        /// Window: a fixed value, or a multiple of the MSS.
        var window: Int
        var windowTimesMSS: Bool = false
        var scale: Int = 0
        /// Option kinds in order (0 EOL with `eolPadding` zero bytes after it, 1 NOP, 2 MSS, 3 WS, 4 SOK, 8 TS).
        var layout: [UInt8]
        var eolPadding = 0
        var df = true
        /// A tool choosing its TTL at random below `ttl` (nmap).
        var randomTTL = false
        /// Fixed MSS, else one of the usual path MSSes.
        var mss: Int? = nil
        var weight: Int
    }

    static let stacks: [Stack] = [
        Stack(ttl: 64, window: 20, windowTimesMSS: true, scale: 7, layout: [2, 4, 8, 1, 3], weight: 14),      // Linux 3.11+
        Stack(ttl: 64, window: 64240, scale: 7, layout: [2, 4, 8, 1, 3], weight: 12),                          // Linux 5.x/6.x
        Stack(ttl: 64, window: 10, windowTimesMSS: true, scale: 7, layout: [2, 4, 8, 1, 3], weight: 5),        // Linux 3.1-3.10
        Stack(ttl: 64, window: 4, windowTimesMSS: true, scale: 6, layout: [2, 4, 8, 1, 3], weight: 6),         // Linux 2.6
        Stack(ttl: 64, window: 4, windowTimesMSS: true, scale: 2, layout: [2, 4, 8, 1, 3], weight: 6),         // Linux 2.4 (routers)
        Stack(ttl: 64, window: 44, windowTimesMSS: true, scale: 1, layout: [2, 4, 8, 1, 3], weight: 3),        // Android
        Stack(ttl: 64, window: 29200, scale: 7, layout: [2, 1, 1, 4, 1, 3], weight: 3),                        // Linux, no timestamps
        Stack(ttl: 64, window: 5840, scale: 0, layout: [2], weight: 3),                                        // Linux, barebone (embedded)
        Stack(ttl: 128, window: 65535, scale: 0, layout: [2, 1, 1, 4], weight: 4),                             // Windows XP
        Stack(ttl: 128, window: 8192, scale: 8, layout: [2, 1, 3, 1, 1, 4], weight: 10),                      // Windows 7 or 8
        Stack(ttl: 128, window: 8192, scale: 2, layout: [2, 1, 3, 1, 1, 4], weight: 3),                       // Windows 7, scale 2
        Stack(ttl: 128, window: 64240, scale: 8, layout: [2, 1, 3, 1, 1, 4], weight: 10),                     // Windows 10/11
        Stack(ttl: 64, window: 65535, scale: 4, layout: [2, 1, 3, 1, 1, 8, 4, 0], eolPadding: 1, weight: 3),  // Mac OS X 10.9+
        Stack(ttl: 64, window: 65535, scale: 6, layout: [2, 1, 3, 1, 1, 8, 4, 0], eolPadding: 1, weight: 3),  // macOS 11+ (generic)
        Stack(ttl: 64, window: 65535, scale: 2, layout: [2, 1, 3, 1, 1, 8, 4, 0], eolPadding: 1, weight: 1),  // iOS
        Stack(ttl: 64, window: 65535, scale: 6, layout: [2, 1, 3, 4, 8], weight: 2),                          // FreeBSD 9+
        Stack(ttl: 64, window: 16384, scale: 3, layout: [2, 1, 1, 4, 1, 3, 1, 1, 8], weight: 1),             // OpenBSD
        Stack(ttl: 64, window: 34, windowTimesMSS: true, scale: 0, layout: [2, 1, 3, 1, 1, 4], weight: 1),    // Solaris 10
        Stack(ttl: 64, window: 1024, scale: 0, layout: [2], df: false, randomTTL: true, mss: 1460, weight: 4), // nmap SYN scan
        Stack(ttl: 255, window: 1024, scale: 0, layout: [2], df: false, mss: 1460, weight: 3),                 // masscan
        Stack(ttl: 64, window: 14600, scale: 0, layout: [], df: false, weight: 3),                             // Mirai-style scanner
        Stack(ttl: 64, window: 2144, scale: 0, layout: [2], df: false, mss: 536, weight: 2),                   // lwIP device
        Stack(ttl: 255, window: 4128, scale: 0, layout: [2], df: false, mss: 536, weight: 1),                  // network OS
    ]

    static func write(path: String, syns target: Int, seed: UInt64) throws -> Result {
        guard let out = ByteWriter(path: path) else { throw BenchError("\(path): cannot create") }
        var rng = SplitMix64(seed: seed)
        out.pcapHeader()
        let totalWeight = stacks.reduce(0) { $0 + $1.weight }
        var time: UInt64 = 1_767_668_645_000_000        // 2026-01-06T03:04:05Z, in µs
        // Retransmissions wait a few dozen SYNs: p0f keeps only its newest 1,000 flows, so a much later
        // repeat would be a new flow to it (and to a trap, which sees far fewer SYNs per second).
        var pending: [(due: Int, frame: [UInt8])] = []
        var syns = 0
        while syns < target {
            time += 200 + rng.next() % 4000
            if let first = pending.first, first.due <= syns {
                pending.removeFirst()
                out.pcapRecord(time: time, frame: first.frame)
            } else {
                let frame = makeSYN(&rng, totalWeight: totalWeight, time: time)
                out.pcapRecord(time: time, frame: frame)
                if rng.next() % 50 == 0 { pending.append((syns + 20 + Int(rng.next() % 200), frame)) }
            }
            syns += 1
            try out.flushIfFull()
        }
        try out.flush()
        return Result(bytes: out.written, packets: syns, syns: syns)
    }

    private static func makeSYN(_ rng: inout SplitMix64, totalWeight: Int, time: UInt64) -> [UInt8] {
        // A sender keeps its stack and path: both derive from its address. 8,000 senders: p0f's host table
        // holds 10,000, and past that p0f 3.09b drops a tenth of its flows on every new host (its
        // nuke_hosts walks from the oldest host towards older ones, so frees almost none), after which
        // it reports a retransmitted SYN again: the comparison would measure that, not the labels.
        let host = rng.next() % 8_000
        var pick = Int(host &* 2_654_435_761 % UInt64(totalWeight))
        var stack = stacks[0]
        for s in stacks { if pick < s.weight { stack = s; break }; pick -= s.weight }
        let hops = host % 97 == 0 ? 40 + Int(host % 20) : 1 + Int(host / 3 % 29)      // a few beyond p0f's 35 hops
        let mssChoices = [1460, 1460, 1460, 1460, 1452, 1440, 1400, 1380, 1360]
        let mss = stack.mss ?? mssChoices[Int(host / 7 % UInt64(mssChoices.count))]
        let v6 = host % 23 == 0
        let ecn = host % 31 == 0 && stack.ttl != 255
        let dfCleared = host % 37 == 0                                             // a middlebox clears DF
        let ttl = max(1, (stack.randomTTL ? stack.ttl - Int(rng.next() % 24) : stack.ttl) - hops)
        let window = stack.windowTimesMSS ? min(65535, stack.window * (mss - (v6 ? 20 : 0))) : stack.window
        let clientMSS = v6 ? mss - 20 : mss

        var options: [UInt8] = []
        for kind in stack.layout {
            switch kind {
            case 1: options.append(1)
            case 2: options += [2, 4, UInt8(clientMSS >> 8), UInt8(clientMSS & 0xFF)]
            case 3: options += [3, 3, UInt8(stack.scale)]
            case 4: options += [4, 2]
            case 8:
                let ts = UInt32(truncatingIfNeeded: host &* 0x9E37_79B9 &+ time / 1000)
                options += [8, 10] + be32(ts | 1) + [0, 0, 0, 0]
            default: options.append(0); options += [UInt8](repeating: 0, count: stack.eolPadding)
            }
        }
        while options.count % 4 != 0 { options.append(0) }   // never happens for these layouts; kept for safety

        let spread = UInt32(truncatingIfNeeded: host &* 2_654_435_761)
        let client = UInt32(1 + (host % 223)) << 24 | (spread & 0xFF_FFFF)
        let sport = UInt16(1024 + rng.next() % 60000)
        let dport: UInt16 = [25, 25, 25, 587, 465, 80, 443, 22, 23][Int(rng.next() % 9)]
        let flags: UInt8 = ecn ? 0xC2 : 0x02                                        // SYN, with ECE+CWR for ECN
        let tcpLength = 20 + options.count
        var tcp: [UInt8] = be16(sport) + be16(dport) + be32(UInt32(truncatingIfNeeded: rng.next() | 1)) + [0, 0, 0, 0]
        tcp += [UInt8(tcpLength / 4) << 4, flags] + be16(UInt16(window)) + [0, 0, 0, 0] + options

        var f: [UInt8] = [0x00, 0x16, 0x3E, 0x00, 0x00, 0x25, 0x00, 0x16, 0x3E, 0x11, 0x22, 0x33]
        if v6 {
            f += [0x86, 0xDD]
            let flow = host % 2 == 0 ? UInt32(0) : UInt32(truncatingIfNeeded: host) & 0xF_FFFF
            f += be32(6 << 28 | flow) + be16(UInt16(tcpLength)) + [6, UInt8(ttl)]
            f += [0x20, 0x01, 0x0D, 0xB8] + be32(spread) + be32(client) + be32(UInt32(host))   // 2001:db8::/32
            f += [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x25]
        } else {
            f += [0x08, 0x00]
            let ipStart = f.count
            let df = stack.df && !dfCleared
            let id = UInt16(truncatingIfNeeded: rng.next() | 1)
            f += [0x45, 0x00] + be16(UInt16(20 + tcpLength)) + be16(id) + [df ? 0x40 : 0x00, 0x00]
            f += [UInt8(ttl), 6, 0, 0] + be32(client) + be32(0xC612_0019)
            var sum: UInt32 = 0
            for i in stride(from: ipStart, to: ipStart + 20, by: 2) { sum += UInt32(f[i]) << 8 | UInt32(f[i + 1]) }
            while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
            f[ipStart + 10] = UInt8(~sum >> 8 & 0xFF); f[ipStart + 11] = UInt8(~sum & 0xFF)
        }
        return f + tcp
    }
}

private func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
private func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
