/// A TCP SYN seen from a sender, with p0f's reading of it.
public struct SynRecord: Hashable, Sendable {
    public var src: IPAddress
    public var sport: Int
    public var dst: IPAddress?
    public var dport: Int?
    public var time: Timestamp
    /// The label a p0f-style matcher gave (`Windows 7 or 8`), nil for `???`.
    public var osLabel: String?
    /// Hop distance (initial TTL minus observed TTL), when known.
    public var distance: Int?
    /// p0f's `params` field (`generic`, `fuzzy`, `none`…).
    public var params: String?
    public var signature: TCPSignature
    /// From packet captures only (a p0f log does not carry them): IPv4 identification and the TCP
    /// timestamp option's value, the raw material for IP-ID runs and clock-skew host counting.
    public var ipID: Int?
    public var tsVal: UInt32?
    public var source: SourceRef

    public init(src: IPAddress, sport: Int, dst: IPAddress?, dport: Int?, time: Timestamp, osLabel: String?,
                distance: Int?, params: String?, signature: TCPSignature, ipID: Int? = nil, tsVal: UInt32? = nil,
                source: SourceRef) {
        self.src = src; self.sport = sport; self.dst = dst; self.dport = dport; self.time = time
        self.osLabel = osLabel; self.distance = distance; self.params = params
        self.signature = signature; self.ipID = ipID; self.tsVal = tsVal; self.source = source
    }
}
