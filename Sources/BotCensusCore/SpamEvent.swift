/// One sighting of a spam sender in the evidence: a connection or a message accepted from an address.
public struct SpamEvent: Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// An SMTP connection (`connect from`, postscreen `CONNECT from`).
        case connection
        /// A message handed to the queue (`QUEUEID: client=`).
        case message
    }

    public var ip: IPAddress
    public var time: Timestamp
    public var kind: Kind
    /// Reverse-DNS name the MTA logged (`unknown` is kept as nil).
    public var hostname: String?
    public var helo: String?
    public var queueID: String?
    /// Key grouping messages of one campaign; nil until raw mail is imported.
    public var campaign: String?
    public var source: SourceRef

    public init(ip: IPAddress, time: Timestamp, kind: Kind, hostname: String? = nil, helo: String? = nil,
                queueID: String? = nil, campaign: String? = nil, source: SourceRef) {
        self.ip = ip; self.time = time; self.kind = kind; self.hostname = hostname
        self.helo = helo; self.queueID = queueID; self.campaign = campaign; self.source = source
    }
}
