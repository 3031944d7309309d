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
    /// What tells this connection apart from another of the same address in the same second: the logging
    /// process (`host/smtpd[pid]`) or the client port. Nil when the evidence names neither.
    public var session: String?
    /// Key grouping messages of one campaign (a hash of the normalised body template); raw mail only.
    public var campaign: String?
    /// Header facts of a message read from raw mail (the spammer wrote them: escape on output).
    public var messageID: String?
    public var subject: String?
    public var mailer: String?
    /// The `Date:` header, as a time.
    public var sentAt: Timestamp?
    public var source: SourceRef

    public init(ip: IPAddress, time: Timestamp, kind: Kind, hostname: String? = nil, helo: String? = nil,
                queueID: String? = nil, session: String? = nil, campaign: String? = nil, messageID: String? = nil, subject: String? = nil,
                mailer: String? = nil, sentAt: Timestamp? = nil, source: SourceRef) {
        self.ip = ip; self.time = time; self.kind = kind; self.hostname = hostname
        self.helo = helo; self.queueID = queueID; self.session = session; self.campaign = campaign; self.messageID = messageID
        self.subject = subject; self.mailer = mailer; self.sentAt = sentAt; self.source = source
    }
}
