import BotCensusCore

/// What a message received live (by the trap) says about itself, read line by line as it streams to disk:
/// the header facts and campaign key the mail importers record, and, for mail handed over by a trusted
/// relay, the sender that relay names in the Received header it added.
public struct MessageFacts: Sendable {
    public var campaign: String?
    public var messageID: String?
    public var subject: String?
    public var mailer: String?
    public var sentAt: Timestamp?
    /// The hop naming the outside sender, when the message came through trusted relays.
    public var relayedSender: RelayedSender?
    /// Why the header could not be read (too long); the facts above are then partial.
    public var problem: String?

    public struct RelayedSender: Sendable, Equatable {
        public var ip: IPAddress
        public var helo: String?
        public var reverseName: String?
        /// The relay's queue id: the same message in the relay's log carries it.
        public var queueID: String?
        public var time: Timestamp?
    }
}

/// Reads `MessageFacts` from a message's lines (without their line ends, dot-unstuffed). Memory: the header
/// block (capped) and the campaign digest's bounded state; the body only passes through.
public struct MessageFactsReader {
    private var reader = MessageReader(startLine: 1, envelopeTime: nil)
    private var line = 0

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        line += 1
        reader.feed(bytes, number: line)
    }

    /// Ends the message. `relays`: the peers whose Received header names the real sender (the trap's own
    /// `--trusted-relays`); only networks listed there count, not loopback, since on a trap loopback is a
    /// sender like any other.
    public mutating func finish(relaysFrom relays: TrustedRelays?) -> MessageFacts {
        let campaign = reader.finish()
        let h = reader.headers
        var facts = MessageFacts()
        facts.campaign = campaign
        facts.problem = reader.problem
        facts.messageID = h.value("message-id").flatMap(MessageEvent.messageID)
        facts.subject = h.value("subject").flatMap { MessageEvent.text(EncodedWords.decode($0)) }
        facts.mailer = (h.value("x-mailer") ?? h.value("user-agent")).flatMap { MessageEvent.text(EncodedWords.decode($0)) }
        facts.sentAt = h.value("date").flatMap { MailDate.parse($0)?.time }
        if let relays {
            // Top-down: the first hop whose sender is not one of the listed relays is the outside sender.
            for field in h.all("received") {
                let hop = ReceivedHop(value: h.value(field), line: field.line)
                guard hop.hasFrom, let ip = hop.ip else { continue }
                if relays.contains(ip) { continue }
                facts.relayedSender = MessageFacts.RelayedSender(ip: ip, helo: hop.helo, reverseName: hop.reverseName,
                                                                 queueID: hop.id, time: hop.date)
                break
            }
        }
        return facts
    }
}
