/// A SYN as p0f v3 sees it (process.c): the values its signatures compare, with quirks worked out the way
/// p0f works them out, including its oddities, so that signatures and raw_sig strings come out the same.
/// It lives in Core, beside the packet decoders, because both the capture importer (Ingest) and the p0f.fp
/// matcher (Fingerprint) need it and Ingest must not depend on the signature databases.
public struct P0fObservedSyn: Sendable, Hashable {
    public var ipVersion: Int
    public var ttl: Int
    public var ipOptionsLength: Int
    /// DSCP (the TOS byte without ECN), printed by p0f as `tos:0x..` in params.
    public var tos: UInt8
    public var quirks: P0fQuirks
    /// 0 when there is no MSS option.
    public var mss: Int
    public var window: Int
    /// 0 when there is no window-scale option.
    public var windowScale: Int
    public var optionLayout: [UInt8]
    public var eolPadding: Int
    public var payloadLength: Int
    /// IP header (with options or extension headers) plus TCP header.
    public var totalHeaderLength: Int
    /// The sender's own timestamp, 0 when absent.
    public var ts1: UInt32

    public init(_ segment: TCPSegment) {
        let ip = segment.ip, tcp = segment.tcp
        ipVersion = ip.version
        ttl = ip.ttl
        ipOptionsLength = ip.optionsLength
        tos = ip.dscp
        window = Int(tcp.window)
        payloadLength = max(tcp.payloadLength, 0)
        totalHeaderLength = ip.headerLength + tcp.headerLength

        var quirks: P0fQuirks = []
        if ip.ecn != 0 { quirks.insert(.ecn) }
        if ip.version == 4 {
            if ip.reservedFlag { quirks.insert(.nonZeroMBZ) }
            if ip.dontFragment {
                quirks.insert(.df)
                if ip.identification != 0 { quirks.insert(.nonZeroID) }
            } else if ip.identification == 0 {
                quirks.insert(.zeroID)
            }
        } else if ip.flowLabel != 0 {
            quirks.insert(.flow)
        }
        if tcp.has(TCPHeader.ece) || tcp.has(TCPHeader.cwr) || tcp.reservedBits & 1 != 0 { quirks.insert(.ecn) }
        if tcp.sequence == 0 { quirks.insert(.zeroSeq) }
        if tcp.has(TCPHeader.ack) {
            if tcp.acknowledgment == 0 { quirks.insert(.zeroAck) }
        } else if !tcp.has(TCPHeader.rst) && (tcp.acknowledgment >> 24) & 1 != 0 {
            // p0f 3.09b tests `RD32(ack) & !(flags & RST)`: a bitwise AND with 1 of the ACK field as loaded
            // in host order on x86, which is the low bit of its first byte on the wire. Matched, not fixed,
            // so that our raw_sig equals p0f's.
            quirks.insert(.nonZeroAck)
        }
        if tcp.has(TCPHeader.urg) {
            quirks.insert(.urg)
        } else if tcp.urgentPointer != 0 {
            quirks.insert(.nonZeroUrg)
        }
        if tcp.has(TCPHeader.psh) { quirks.insert(.push) }

        let walk = P0fOptionWalk(tcp.optionBytes, isPlainSYN: tcp.flags & (TCPHeader.syn | TCPHeader.ack | TCPHeader.fin | TCPHeader.rst) == TCPHeader.syn)
        quirks.formUnion(walk.quirks)
        mss = walk.mss
        windowScale = walk.windowScale
        optionLayout = walk.layout
        eolPadding = walk.eolPadding
        ts1 = walk.ts1
        self.quirks = quirks
    }
}

/// p0f's own walk over the TCP option bytes. It differs from an RFC parser on purpose: the option kind is
/// recorded before its length is checked, fixed-size options advance by their fixed size whatever their
/// length byte says, and at most 24 options are read.
struct P0fOptionWalk {
    var layout: [UInt8] = []
    var quirks: P0fQuirks = []
    var mss = 0
    var windowScale = 0
    var eolPadding = 0
    var ts1: UInt32 = 0

    init(_ bytes: [UInt8], isPlainSYN: Bool) {
        let end = bytes.count
        var i = 0
        var aborted = false
        func be32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        }
        walk: while i < end && layout.count < P0fNotation.maxOptions {
            let kind = bytes[i]
            layout.append(kind)
            i += 1
            switch kind {
            case 0:
                eolPadding = end - i
                // p0f stops at the first non-zero byte *after* stepping over it, so a non-zero last byte
                // goes unnoticed: kept as p0f has it.
                while i < end {
                    let b = bytes[i]
                    i += 1
                    if b != 0 { break }
                }
                if i != end {
                    quirks.insert(.eolNonZero)
                    i = end
                }
            case 1:
                continue
            case 2:
                guard i + 3 <= end else { aborted = true; break walk }
                if bytes[i] != 4 { quirks.insert(.badOptions) }
                mss = Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
                i += 3
            case 3:
                guard i + 2 <= end else { aborted = true; break walk }
                if bytes[i] != 3 { quirks.insert(.badOptions) }
                windowScale = Int(bytes[i + 1])
                if windowScale > 14 { quirks.insert(.excessiveWS) }
                i += 2
            case 4:
                guard i + 1 <= end else { aborted = true; break walk }
                if bytes[i] != 2 { quirks.insert(.badOptions) }
                i += 1
            case 5:
                guard i < end, (10...34).contains(bytes[i]), i - 1 + Int(bytes[i]) <= end else { aborted = true; break walk }
                i += Int(bytes[i]) - 1
            case 8:
                guard i + 9 <= end else { aborted = true; break walk }
                if bytes[i] != 10 { quirks.insert(.badOptions) }
                ts1 = be32(i + 1)
                if ts1 == 0 { quirks.insert(.zeroTS1) }
                if isPlainSYN && be32(i + 5) != 0 { quirks.insert(.nonZeroTS2) }
                i += 9
            default:
                guard i < end, (2...40).contains(bytes[i]), i - 1 + Int(bytes[i]) <= end else { aborted = true; break walk }
                i += Int(bytes[i]) - 1
            }
        }
        // Options that ran past the header, or more than 24 of them.
        if aborted || i != end { quirks.insert(.badOptions) }
    }
}
