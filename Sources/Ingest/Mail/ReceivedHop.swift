import BotCensusCore

/// What one Received header says about one hop: who connected (`from`), who received (`by`), when.
///
/// The `from` clause is read by the shape of its TCP-info comment, which covers the common MTAs:
///
/// | MTA | from clause |
/// |---|---|
/// | Postfix, Sendmail | `from HELO (rDNS [IP])`, `(unknown [IP])`, `(rDNS [IP] (may be forged))`, `([IP])`, `[IPv6:…]` |
/// | Exim | `from rDNS ([IP] helo=HELO)`, `from rDNS ([IP]:port)`, `from [IP] (helo=HELO)`, `from [IP] (port=N helo=HELO)` |
/// | Exchange / Office 365 | `from HOST (IP) by HOST (IP) with Microsoft SMTP Server …` (bare IPv4 or IPv6, no rDNS) |
/// | Gmail | `from HELO (rDNS. [IP])` |
/// | qmail | `from unknown (HELO name) (IP)` |
///
/// A HELO is chosen by the client, so it may itself look like a comment (`HELO x([198.51.100.1])`): the
/// last comment of the clause that names an address is the one the receiving MTA wrote.
struct ReceivedHop: Equatable {
    /// Line where the header starts.
    var line: Int
    /// The header has a `from` clause (a `by`-only header records a hand-off inside one system).
    var hasFrom = false
    /// Nothing but comments before the date, as qmail writes for its internal steps (`(qmail 1 invoked by uid 0)`).
    var onlyComments = false
    /// The sending address the receiving MTA saw.
    var ip: IPAddress?
    var helo: String?
    /// Reverse DNS of `ip` as the receiving MTA looked it up (lowercase, no trailing dot); nil for `unknown`.
    var reverseName: String?
    /// Sendmail's `(may be forged)`: the reverse name did not resolve back to the address.
    var reverseNameForged = false
    /// The receiving host (lowercase, no trailing dot).
    var by: String?
    /// The receiving MTA's queue id, when the `id` clause is one (Exchange writes its build number there).
    var id: String?
    var date: Timestamp?

    /// Parses one unfolded Received value.
    init(value: ArraySlice<UInt8>, line: Int) {
        self.line = line
        let (items, dateText) = ReceivedTokens.split(Array(value))
        if let dateText, let d = MailDate.parse(dateText) { date = d.time }
        onlyComments = !items.isEmpty && items.allSatisfy { if case .comment = $0 { return true } else { return false } }

        var fromWord: ArraySlice<UInt8>?
        var fromRest: [ReceivedTokens.Item] = []
        var withText: [UInt8] = []
        var rawID: ArraySlice<UInt8>?
        var isExim = false
        enum Clause { case none, from, by, with, other }
        var clause = Clause.none
        var i = 0
        while i < items.count {
            let item = items[i]
            i += 1
            if case .comment(let c) = item, ReceivedTokens.hasPrefix(c, "exim ") { isExim = true }
            if case .word(let w) = item, let keyword = ReceivedHop.keyword(w) {
                // The word after `from`, `by` or `id` belongs to that clause whatever it says (a HELO of `by`).
                let next: ArraySlice<UInt8>? = i < items.count ? { if case .word(let v) = items[i] { return v } else { return nil } }() : nil
                switch keyword {
                case "from" where !hasFrom:
                    hasFrom = true
                    clause = .from
                    if let next { fromWord = next; i += 1 }
                case "by" where by == nil:
                    clause = .by
                    if let next { by = ReceivedHop.hostName(next); i += 1 }
                case "id" where rawID == nil:
                    clause = .other
                    if let next { rawID = next; i += 1 }
                case "with":
                    clause = .with
                default:
                    clause = .other
                }
                continue
            }
            switch clause {
            case .from: fromRest.append(item)
            case .with: if case .word(let w) = item { withText += w; withText.append(32) }
            default: break
            }
        }
        if let rawID, !ReceivedTokens.contains(withText[...], "microsoft") {
            var idText = rawID
            while let last = idText.last, last == UInt8(ascii: ";") || last == UInt8(ascii: ",") { idText = idText.dropLast() }
            if !idText.isEmpty { id = MailText.string(idText) }
        }
        if hasFrom { readFrom(word: fromWord, rest: fromRest, isExim: isExim) }
    }

    private static func keyword(_ w: ArraySlice<UInt8>) -> String? {
        for k in ["from", "by", "via", "with", "id", "for"] where ReceivedTokens.equals(w, k) { return k }
        return nil
    }

    /// Fills address, HELO and reverse name from the `from` word and what follows it.
    private mutating func readFrom(word: ArraySlice<UInt8>?, rest: [ReceivedTokens.Item], isExim: Bool) {
        var tcpInfo: TCPInfo?
        var eximHelo: String?
        for item in rest {
            guard case .comment(let c) = item else { continue }
            let info = TCPInfo(c)
            if info.helo != nil { eximHelo = info.helo }
            if info.ip != nil { tcpInfo = info }
        }
        let fromIsLiteral = word.flatMap { TCPInfo.address($0) } != nil
        if let tcpInfo, let ip = tcpInfo.ip {
            self.ip = ip
            reverseNameForged = tcpInfo.forged
            if let name = tcpInfo.nameBeforeAddress {
                // Postfix, Sendmail, Gmail: `from HELO (rDNS [IP])`.
                reverseName = name
            } else if let word, !fromIsLiteral, tcpInfo.addressFirst, tcpInfo.helo != nil || eximHelo != nil || isExim {
                // Exim `from rDNS ([IP] helo=HELO)` (the HELO equalled the name when `helo=` is absent) and
                // qmail `from rDNS (HELO name) (IP)`; without these marks `from HELO ([IP])` is Sendmail's.
                reverseName = ReceivedHop.hostName(word)
            }
            helo = tcpInfo.helo ?? eximHelo ?? word.map { MailText.string($0) }
        } else {
            // Exim `from [IP] (helo=HELO)`, or `from rDNS [IP]`: the address is a bracketed word of the clause
            // (a bare `from 192.0.2.1` is only what the client said in HELO).
            var words: [ArraySlice<UInt8>] = word.map { [$0] } ?? []
            for item in rest { if case .word(let w) = item { words.append(w) } }
            guard let last = words.lastIndex(where: { $0.first == UInt8(ascii: "[") && TCPInfo.address($0) != nil }) else {
                helo = word.map { MailText.string($0) }
                return
            }
            ip = TCPInfo.address(words[last])
            if last > 0, let word, !fromIsLiteral { reverseName = ReceivedHop.hostName(word) }
            helo = eximHelo ?? word.map { MailText.string($0) }
        }
        if reverseName == "unknown" { reverseName = nil }
    }

    /// A host name as written, lowercased, without an ident prefix (`user@host`) or a trailing dot.
    static func hostName(_ word: ArraySlice<UInt8>) -> String? {
        var w = word
        if let at = w.lastIndex(of: UInt8(ascii: "@")) { w = w[(at + 1)...] }
        while let last = w.last, last == UInt8(ascii: ".") { w = w.dropLast() }
        guard !w.isEmpty else { return nil }
        return MailText.string(w.map(HeaderBlock.lower))
    }
}
