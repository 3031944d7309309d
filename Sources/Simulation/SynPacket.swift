/// A stack's SYN as bytes on the wire (IPv4 header, then TCP with the stack's options), built once per
/// stack as a template and patched per connection: addresses, ports, TTL, IP ID, sequence number and TSval,
/// then both checksums. What p0f reads from it — TTL, DF and ID quirks, option layout, MSS, window, scale —
/// is exactly what `StackModel.rawSig` writes into the simulated p0f log.
struct SynTemplate {
    let bytes: [UInt8]
    /// Offset of the TSval inside `bytes`, nil when the layout has no `ts`.
    let tsOffset: Int?

    init(_ stack: StackModel) {
        var options: [UInt8] = []
        var ts: Int?
        for option in stack.layout.split(separator: ",") {
            switch option {
            case "mss": options += [2, 4, UInt8(stack.mss >> 8), UInt8(stack.mss & 255)]
            case "sok": options += [4, 2]
            case "ts": ts = 40 + options.count + 2; options += [8, 10, 0, 0, 0, 0, 0, 0, 0, 0]
            case "nop": options.append(1)
            case "ws": options += [3, 3, UInt8(stack.scale)]
            case "eol": options.append(0)
            case let padded where padded.hasPrefix("eol+"):
                // p0f's `eol+N`: the end-of-list option and N bytes of padding after it.
                options += [UInt8](repeating: 0, count: 1 + (Int(padded.dropFirst(4)) ?? 0))
            default: preconditionFailure("stack \(stack.name): option \(option) has no encoding")
            }
        }
        precondition(options.count % 4 == 0 && options.count <= 40, "stack \(stack.name): options do not fill 32-bit words")
        let quirks = stack.quirks.split(separator: ",")
        let total = 40 + options.count
        var b = [UInt8](repeating: 0, count: total)
        b[0] = 0x45
        b[2] = UInt8(total >> 8); b[3] = UInt8(total & 255)
        b[6] = quirks.contains("df") ? 0x40 : 0
        b[9] = 6
        b[32] = UInt8((20 + options.count) / 4) << 4
        b[33] = 0x02    // SYN
        b[34] = UInt8(stack.window >> 8); b[35] = UInt8(stack.window & 255)
        b.replaceSubrange(40..<total, with: options)
        bytes = b
        tsOffset = ts
    }

    /// The packet of one connection, appended to `out`.
    func write(into out: inout [UInt8], src: UInt32, dst: UInt32, sport: UInt16, ttl: UInt8, ipID: UInt16, seq: UInt32, tsVal: UInt32?) {
        let o = out.count
        out.append(contentsOf: bytes)
        out.withUnsafeMutableBufferPointer { all in
            let p = UnsafeMutableBufferPointer(rebasing: all[o...])
            func put16(_ at: Int, _ v: UInt16) { p[at] = UInt8(v >> 8); p[at + 1] = UInt8(v & 255) }
            func put32(_ at: Int, _ v: UInt32) { put16(at, UInt16(v >> 16)); put16(at + 2, UInt16(v & 0xFFFF)) }
            put16(4, ipID)
            p[8] = ttl
            put32(12, src); put32(16, dst)
            put16(20, sport); put16(22, 25)
            put32(24, seq)
            if let at = tsOffset, let tsVal { put32(at, tsVal) }
            put16(10, ~Self.sum(p, 0, 20, 0))
            // TCP checksum over the pseudo-header (addresses, protocol 6, TCP length) and the segment.
            let tcpLength = p.count - 20
            let pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + 6 + UInt32(tcpLength)
            put16(36, ~Self.sum(p, 20, p.count, pseudo))
        }
    }

    /// The Internet checksum's folded one's-complement sum of 16-bit words in `from..<to` plus `initial`.
    private static func sum(_ p: UnsafeMutableBufferPointer<UInt8>, _ from: Int, _ to: Int, _ initial: UInt32) -> UInt16 {
        var s = initial
        var i = from
        while i + 1 < to { s += UInt32(p[i]) << 8 | UInt32(p[i + 1]); i += 2 }
        if i < to { s += UInt32(p[i]) << 8 }
        while s > 0xFFFF { s = (s & 0xFFFF) + (s >> 16) }
        return UInt16(s)
    }
}
