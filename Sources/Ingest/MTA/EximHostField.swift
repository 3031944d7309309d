import BotCensusCore

/// Exim's description of a remote host, as in `H=` of a `<=` line and in `SMTP connection from`:
/// `name (helo) [ip]:port`, where the name is the verified reverse-DNS name (left out when unknown), the
/// HELO is left out when it equals the name or was not given, and `:port` appears with `+incoming_port`.
/// Forms: `[ip]`, `(helo) [ip]`, `name [ip]`, `name (helo) [ip]:port`, IPv6 as `[2001:db8::1]:port`.
struct EximHostField {
    var name: String?
    var helo: String?
    var ip: IPAddress
    var port: Int?

    /// Parses the host description starting at `start`.
    init(_ line: ByteLine, from start: Int) throws {
        var i = start
        guard i < line.count else { throw LineError("host description is empty") }
        if line[i] != UInt8(ascii: "(") && line[i] != UInt8(ascii: "[") {
            let end = line.firstIndex(of: 32, from: i) ?? line.count
            let text = line.string(i..<end)
            name = text.isEmpty ? nil : text
            i = end + 1
        }
        if i < line.count, line[i] == UInt8(ascii: "(") {
            // A HELO may itself be an address literal in brackets (`([192.0.2.7]) [192.0.2.7]`), so the HELO
            // ends where `) [` begins, not at the first `)`.
            guard let close = line.find(") [", from: i + 1) else {
                throw LineError("HELO '(' without ') [address]' after it")
            }
            helo = line.string((i + 1)..<close)
            i = close + 2
        }
        guard i < line.count, line[i] == UInt8(ascii: "[") else {
            throw LineError("host description without '[address]'")
        }
        guard let close = line.firstIndex(of: UInt8(ascii: "]"), from: i + 1) else {
            throw LineError("host address without closing ']'")
        }
        guard let ip = line.ip((i + 1)..<close) else {
            throw LineError("'\(TerminalText.escape(line.string((i + 1)..<close)))' is not an IP address")
        }
        self.ip = ip
        if close + 1 < line.count, line[close + 1] == UInt8(ascii: ":") {
            let portEnd = line.firstIndex(of: 32, from: close + 2) ?? line.count
            guard let p = line.integer((close + 2)..<portEnd), p <= 65535 else {
                throw LineError("'\(TerminalText.escape(line.string((close + 2)..<portEnd)))' is not a port")
            }
            port = p
        }
    }
}
