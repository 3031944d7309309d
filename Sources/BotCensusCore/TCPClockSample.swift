/// One TCP timestamp value seen on a connection at a capture time. A connection's samples over its life are
/// the raw material for clock analysis: hosts whose clocks form distinct lines (offset and rate) differ.
public struct TCPClockSample: Hashable, Sendable {
    public var src: IPAddress
    public var sport: Int
    public var dst: IPAddress
    public var dport: Int
    /// Capture time of the packet.
    public var time: Timestamp
    /// The sender's TSval.
    public var tsVal: UInt32
    public var source: SourceRef

    public init(src: IPAddress, sport: Int, dst: IPAddress, dport: Int, time: Timestamp, tsVal: UInt32, source: SourceRef) {
        self.src = src; self.sport = sport; self.dst = dst; self.dport = dport; self.time = time; self.tsVal = tsVal; self.source = source
    }
}
