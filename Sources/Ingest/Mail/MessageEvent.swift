import BotCensusCore

/// Turns a read message into its `SpamEvent`: sender and HELO from the hop at the trust boundary, header
/// facts (decoded), campaign key. Time: the date of that trusted Received header (our relay's clock), else
/// the `Date:` header (the sender's claim), else the envelope (mbox `From ` line, Maildir file name).
struct MessageEvent {
    enum Outcome {
        case event(SpamEvent)
        /// Mail that never came from outside our relays: nothing to count.
        case ignored
        case bad(String)
    }

    let boundary: TrustBoundary

    func build(_ reader: inout MessageReader, source: SourceRef) -> Outcome {
        let campaign = reader.finish()
        if let problem = reader.problem { return .bad(problem) }
        let h = reader.headers
        let received = h.all("received").map { (value: h.value($0), line: $0.line) }
        let hop: ReceivedHop
        switch boundary.find(received) {
        case .sender(let found): hop = found
        case .internalOnly: return .ignored
        case .unusable(let why): return .bad(why)
        }
        guard let ip = hop.ip else { return .bad(TrustBoundary.noSender) }
        let sentAt = h.value("date").flatMap { MailDate.parse($0)?.time }
        guard let time = hop.date ?? sentAt ?? reader.envelopeTime else {
            return .bad("no time: the Received header at line \(hop.line) has no readable date, nor has the message a Date: header")
        }
        return .event(SpamEvent(
            ip: ip, time: time, kind: .message, hostname: hop.reverseName, helo: hop.helo, queueID: hop.id,
            campaign: campaign, messageID: h.value("message-id").flatMap(MessageEvent.messageID),
            subject: h.value("subject").flatMap { MessageEvent.text(EncodedWords.decode($0)) },
            mailer: (h.value("x-mailer") ?? h.value("user-agent")).flatMap { MessageEvent.text(EncodedWords.decode($0)) },
            sentAt: sentAt, source: source))
    }

    /// `<id@host>` without its angle brackets.
    static func messageID(_ value: ArraySlice<UInt8>) -> String? {
        var v = value
        if let open = v.firstIndex(of: UInt8(ascii: "<")), let close = v[open...].firstIndex(of: UInt8(ascii: ">")) {
            v = v[(open + 1)..<close]
        }
        return text(MailText.string(v))
    }

    /// Trimmed text, folding white space (tabs, stray line breaks) turned into spaces; nil when empty.
    static func text(_ s: String) -> String? {
        var t = Substring(String(s.map { $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 }))
        while let f = t.first, f == " " || f == "\t" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" { t.removeLast() }
        return t.isEmpty ? nil : String(t)
    }
}
