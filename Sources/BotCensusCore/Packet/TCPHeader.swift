/// A TCP header with its options, decoded; the raw option bytes stay beside the parsed list because
/// fingerprinters (p0f) read them with their own, stricter-or-looser rules.
public struct TCPHeader: Sendable, Equatable {
    public var sourcePort: Int
    public var destinationPort: Int
    public var sequence: UInt32
    public var acknowledgment: UInt32
    /// Header length in bytes (data offset × 4).
    public var headerLength: Int
    /// FIN, SYN, RST, PSH, ACK, URG, ECE, CWR: the 13th header byte.
    public var flags: UInt8
    /// The low nibble of the 12th header byte: three reserved bits and the NS (ECN nonce) bit.
    public var reservedBits: UInt8
    public var window: UInt16
    public var urgentPointer: UInt16
    public var optionBytes: [UInt8]
    public var options: [TCPOption]
    /// Why option parsing stopped early or found a bad length; nil when the option area is well formed.
    public var optionsProblem: String?
    /// Payload bytes the IP header accounts for (not necessarily all captured).
    public var payloadLength: Int

    public static let fin: UInt8 = 0x01, syn: UInt8 = 0x02, rst: UInt8 = 0x04, psh: UInt8 = 0x08
    public static let ack: UInt8 = 0x10, urg: UInt8 = 0x20, ece: UInt8 = 0x40, cwr: UInt8 = 0x80

    public func has(_ flag: UInt8) -> Bool { flags & flag != 0 }

    /// A connection-opening SYN: SYN set, and none of ACK, FIN, RST (ECE, CWR, PSH, URG may ride along).
    public var isSYN: Bool { flags & (Self.syn | Self.ack | Self.fin | Self.rst) == Self.syn }

    public var mss: UInt16? { options.lazy.compactMap { if case .maximumSegmentSize(let v) = $0 { v } else { nil } }.last }
    public var windowScale: UInt8? { options.lazy.compactMap { if case .windowScale(let v) = $0 { v } else { nil } }.last }
    public var timestamp: (value: UInt32, echo: UInt32)? {
        options.lazy.compactMap { if case .timestamp(let v, let e) = $0 { (v, e) } else { nil } }.last
    }

    /// Decodes the TCP header at `offset`; `segmentLength` is what the IP header says follows it.
    public static func decode(_ b: [UInt8], at o: Int, segmentLength: Int) throws(PacketProblem) -> TCPHeader {
        let available = min(b.count - o, segmentLength)
        guard available >= 20 else { throw .malformed("TCP header cut short (\(max(available, 0)) of 20 bytes)") }
        let headerLength = Int(b[o + 12] >> 4) * 4
        guard headerLength >= 20 else { throw .malformed("TCP data offset \(headerLength) is below 20 bytes") }
        guard headerLength <= segmentLength else {
            throw .malformed("TCP header length \(headerLength) exceeds the \(segmentLength) bytes the IP header allows")
        }
        guard headerLength <= available else { throw .malformed("TCP header cut short (\(available) of \(headerLength) bytes)") }
        let optionBytes = Array(b[(o + 20)..<(o + headerLength)])
        let parsed = TCPOption.parse(optionBytes)
        return TCPHeader(sourcePort: Int(b.be16(o)), destinationPort: Int(b.be16(o + 2)), sequence: b.be32(o + 4),
                         acknowledgment: b.be32(o + 8), headerLength: headerLength, flags: b[o + 13],
                         reservedBits: b[o + 12] & 0x0F, window: b.be16(o + 14), urgentPointer: b.be16(o + 18),
                         optionBytes: optionBytes, options: parsed.options, optionsProblem: parsed.problem,
                         payloadLength: segmentLength - headerLength)
    }
}
