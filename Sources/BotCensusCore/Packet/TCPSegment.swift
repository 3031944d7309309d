/// An IP packet carrying TCP, decoded from the IP header on: what a pcap, a trap's `TCP_SAVED_SYN` or any
/// other source of raw headers yields, and what SYN fingerprinting reads.
public struct TCPSegment: Sendable, Equatable {
    public var ip: IPHeader
    public var tcp: TCPHeader
    /// False when the capture holds fewer bytes than the IP header announces (a snap length cut the payload).
    public var payloadComplete: Bool

    public init(ip: IPHeader, tcp: TCPHeader, payloadComplete: Bool = true) {
        self.ip = ip; self.tcp = tcp; self.payloadComplete = payloadComplete
    }

    /// Decodes IP + TCP from `bytes` starting at `offset` (the first byte of the IP header).
    /// Throws `.notTCP` for other protocols and fragments, `.malformed` for damage.
    public static func decode(_ bytes: [UInt8], at offset: Int = 0) throws(PacketProblem) -> TCPSegment {
        let ip = try IPHeader.decode(bytes, at: offset)
        if ip.isFragment { throw .notTCP("IPv\(ip.version) fragment") }
        guard ip.transportProtocol == 6 else { throw .notTCP("IPv\(ip.version) protocol \(ip.transportProtocol)") }
        let segmentLength = ip.totalLength - ip.headerLength
        guard segmentLength >= 0 else { throw .malformed("IP header length exceeds its total length") }
        let tcp = try TCPHeader.decode(bytes, at: offset + ip.headerLength, segmentLength: segmentLength)
        return TCPSegment(ip: ip, tcp: tcp, payloadComplete: bytes.count - offset >= ip.totalLength)
    }
}
