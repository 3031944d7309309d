import BotCensusCore

/// The inside of one comment of a `from` clause, read as TCP-info: an address (`[IP]`, `[IPv6:IP]`,
/// `[IP]:port`, or a bare IP as Exchange writes it), the word before it (reverse name), `helo=` (Exim) or
/// `HELO name` (qmail), and Sendmail's `may be forged`.
struct TCPInfo {
    var ip: IPAddress?
    var nameBeforeAddress: String?
    /// The address is the first word of the comment (Exim, Sendmail without a reverse name).
    var addressFirst = false
    var helo: String?
    var forged = false

    init(_ comment: ArraySlice<UInt8>) {
        forged = ReceivedTokens.contains(comment, "may be forged")
        var previous: ArraySlice<UInt8>?
        var index = 0
        var expectHelo = false
        for item in ReceivedTokens.items(comment) {
            guard case .word(let w) = item else { previous = nil; continue }
            defer { index += 1 }
            if expectHelo { helo = MailText.string(w); expectHelo = false; previous = nil; continue }
            if ReceivedTokens.hasPrefix(w, "helo=") {
                helo = MailText.string(w.dropFirst(5))
                previous = nil
                continue
            }
            if ReceivedTokens.equals(w, "helo") { expectHelo = true; continue }
            if ip == nil, let address = TCPInfo.address(w) {
                ip = address
                addressFirst = index == 0
                if let previous, !previous.contains(UInt8(ascii: "=")) { nameBeforeAddress = ReceivedHop.hostName(previous) }
                continue
            }
            previous = w
        }
    }

    /// `[IP]`, `[IPv6:IP]`, `[IP]:port` or a bare address; IPv4-mapped IPv6 is read as the IPv4 it carries.
    static func address(_ word: ArraySlice<UInt8>) -> IPAddress? {
        var w = word
        if w.first == UInt8(ascii: "[") {
            guard let close = w.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            w = w[(w.startIndex + 1)..<close]
            if ReceivedTokens.hasPrefix(w, "ipv6:") { w = w.dropFirst(5) }
        } else {
            while let last = w.last, last == UInt8(ascii: ",") || last == UInt8(ascii: ";") { w = w.dropLast() }
        }
        guard let ip = Array(w).withUnsafeBytes({ IPAddress(bytes: $0) }) else { return nil }
        if ip.isV6, ip.high == 0, ip.low >> 32 == 0xffff { return IPAddress(v4: UInt32(truncatingIfNeeded: ip.low)) }
        return ip
    }
}
