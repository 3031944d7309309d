/// The IP header of a captured packet, as fingerprinting needs it: every field a stack sets by habit
/// (TTL, DF, IP ID, ECN, flow label, options) is kept, whatever the version.
public struct IPHeader: Sendable, Equatable {
    public var version: Int                 // 4 or 6
    public var source: IPAddress
    public var destination: IPAddress
    /// TTL (IPv4) or hop limit (IPv6).
    public var ttl: Int
    /// The whole TOS / traffic-class byte: DSCP in the high six bits, ECN in the low two.
    public var trafficClass: UInt8
    /// IPv4 identification; 0 for IPv6.
    public var identification: UInt16
    public var dontFragment: Bool
    /// The IPv4 flag bit that must be zero (p0f's `0+` quirk).
    public var reservedFlag: Bool
    public var moreFragments: Bool
    /// In 8-byte units, as on the wire.
    public var fragmentOffset: Int
    /// IPv6 flow label; 0 for IPv4.
    public var flowLabel: UInt32
    /// IPv4 options or IPv6 extension headers, in bytes (p0f's `olen`).
    public var optionsLength: Int
    /// Bytes from the start of the IP header to the start of the transport header.
    public var headerLength: Int
    /// Bytes the header says the packet has (IPv6: 40 + payload length).
    public var totalLength: Int
    /// The transport protocol after any extension headers.
    public var transportProtocol: UInt8

    public var ecn: UInt8 { trafficClass & 3 }
    public var dscp: UInt8 { trafficClass >> 2 }
    public var isFragment: Bool { moreFragments || fragmentOffset != 0 }

    public init(version: Int, source: IPAddress, destination: IPAddress, ttl: Int, trafficClass: UInt8 = 0,
                identification: UInt16 = 0, dontFragment: Bool = false, reservedFlag: Bool = false,
                moreFragments: Bool = false, fragmentOffset: Int = 0, flowLabel: UInt32 = 0, optionsLength: Int = 0,
                headerLength: Int, totalLength: Int, transportProtocol: UInt8) {
        self.version = version; self.source = source; self.destination = destination; self.ttl = ttl
        self.trafficClass = trafficClass; self.identification = identification; self.dontFragment = dontFragment
        self.reservedFlag = reservedFlag; self.moreFragments = moreFragments; self.fragmentOffset = fragmentOffset
        self.flowLabel = flowLabel; self.optionsLength = optionsLength; self.headerLength = headerLength
        self.totalLength = totalLength; self.transportProtocol = transportProtocol
    }
}

/// Why an IP packet yields no TCP header: not an error (`notTCP`) or damage (`malformed`).
public enum PacketProblem: Error, Sendable, Equatable {
    /// Valid, but nothing to fingerprint: another protocol, a fragment, ESP.
    case notTCP(String)
    /// Cut short or self-contradictory.
    case malformed(String)
}

extension IPHeader {
    /// Decodes the IPv4 or IPv6 header starting at `offset` of `bytes`.
    public static func decode(_ bytes: [UInt8], at offset: Int = 0) throws(PacketProblem) -> IPHeader {
        guard bytes.count > offset else { throw .malformed("no IP header") }
        switch bytes[offset] >> 4 {
        case 4: return try decodeV4(bytes, offset)
        case 6: return try decodeV6(bytes, offset)
        case let v: throw .malformed("IP version \(v) is neither 4 nor 6")
        }
    }

    private static func decodeV4(_ b: [UInt8], _ o: Int) throws(PacketProblem) -> IPHeader {
        let available = b.count - o
        guard available >= 20 else { throw .malformed("IPv4 header cut short (\(available) of 20 bytes)") }
        let headerLength = Int(b[o] & 0x0F) * 4
        guard headerLength >= 20 else { throw .malformed("IPv4 header length \(headerLength) is below 20") }
        guard headerLength <= available else { throw .malformed("IPv4 header cut short (\(available) of \(headerLength) bytes)") }
        var total = Int(b.be16(o + 2))
        // Captured on a host that offloads segmentation (TSO), an outgoing packet says 0 here: take what
        // was captured, as tcpdump and Wireshark do.
        if total == 0 { total = available }
        guard total >= headerLength else { throw .malformed("IPv4 total length \(total) is below its header length \(headerLength)") }
        let flags = b.be16(o + 6)
        let src = IPAddress(v4: b.be32(o + 12)), dst = IPAddress(v4: b.be32(o + 16))
        return IPHeader(version: 4, source: src, destination: dst, ttl: Int(b[o + 8]), trafficClass: b[o + 1],
                        identification: b.be16(o + 4), dontFragment: flags & 0x4000 != 0, reservedFlag: flags & 0x8000 != 0,
                        moreFragments: flags & 0x2000 != 0, fragmentOffset: Int(flags & 0x1FFF), optionsLength: headerLength - 20,
                        headerLength: headerLength, totalLength: total, transportProtocol: b[o + 9])
    }

    private static func decodeV6(_ b: [UInt8], _ o: Int) throws(PacketProblem) -> IPHeader {
        let available = b.count - o
        guard available >= 40 else { throw .malformed("IPv6 header cut short (\(available) of 40 bytes)") }
        let first = b.be32(o)
        let src = IPAddress(v6High: b.be64(o + 8), v6Low: b.be64(o + 16))
        let dst = IPAddress(v6High: b.be64(o + 24), v6Low: b.be64(o + 32))
        var header = IPHeader(version: 6, source: src, destination: dst, ttl: Int(b[o + 7]),
                              trafficClass: UInt8(truncatingIfNeeded: first >> 20), flowLabel: first & 0xFFFFF,
                              headerLength: 40, totalLength: 40 + Int(b.be16(o + 4)), transportProtocol: b[o + 6])
        // A jumbogram says 0 here and carries its length in a hop-by-hop option: take what was captured.
        if header.totalLength == 40 && header.transportProtocol == 0 { header.totalLength = available }
        try header.skipExtensionHeaders(b, o)
        return header
    }

    /// Walks IPv6 extension headers so `transportProtocol` and `headerLength` describe what follows them.
    private mutating func skipExtensionHeaders(_ b: [UInt8], _ o: Int) throws(PacketProblem) {
        var next = transportProtocol
        var at = o + 40
        for _ in 0..<16 {
            let length: Int
            switch next {
            case 0, 43, 60, 135, 139, 140:   // hop-by-hop, routing, destination options, mobility, HIP, shim6
                guard at + 2 <= b.count else { throw .malformed("IPv6 extension header \(next) cut short") }
                length = (Int(b[at + 1]) + 1) * 8
            case 44:                         // fragment: only a first fragment with nothing after it is whole
                guard at + 8 <= b.count else { throw .malformed("IPv6 fragment header cut short") }
                let offsetFlags = b.be16(at + 2)
                fragmentOffset = Int(offsetFlags >> 3)
                moreFragments = offsetFlags & 1 != 0
                length = 8
            case 51:                         // authentication header counts in 4-byte units
                guard at + 2 <= b.count else { throw .malformed("IPv6 authentication header cut short") }
                length = (Int(b[at + 1]) + 2) * 4
            default:
                transportProtocol = next
                headerLength = at - o
                optionsLength = headerLength - 40
                return
            }
            guard at + length <= b.count else { throw .malformed("IPv6 extension header \(next) cut short") }
            next = b[at]
            at += length
        }
        throw .malformed("more than 16 IPv6 extension headers")
    }
}
