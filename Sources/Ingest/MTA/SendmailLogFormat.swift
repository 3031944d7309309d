import BotCensusCore

/// Sendmail's syslog lines. Evidence: `sm-mta[pid]: QUEUEID: from=<sender>, size=…, …, relay=NAME [IP]`,
/// one message received from the relay (forms `relay=[IP]`, `relay=NAME [IP] (may be forged)`,
/// `relay=ident@NAME [IP]`, `[IPv6:2001:db8::1]`). `to=` lines, rejections, STARTTLS/AUTH lines, local
/// submissions (`relay=user@localhost`, no address) and other programs' lines are valid and ignored.
public struct SendmailLogFormat: LineFormat {
    public static let name = "sendmail"
    public static let unitName = "lines"

    private let file: FileFacts
    private var syslog: SyslogHeaderReader

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
        self.syslog = SyslogHeaderReader(options: options, file: file)
    }

    public static func sniff(_ head: FileHead) -> Bool {
        head.lines.contains { raw in
            raw.withUnsafeBytes { bytes in
                let line = ByteLine(bytes)
                return SyslogHeaderReader.looksLikeSyslog(line) && (line.find(" sm-mta[") != nil || line.find(" sendmail[") != nil)
            }
        }
    }

    public mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome {
        if line.isEmpty { return .ignored }
        guard let header = try syslog.read(line) else { return .ignored }
        let program = header.program(line)
        guard MTABytes.equals(line, program, "sm-mta") || MTABytes.equals(line, program, "sendmail") else {
            return .ignored
        }
        let start = header.message(line)
        var i = start
        while i < line.count, MTABytes.isAlphanumeric(line[i]) { i += 1 }
        guard i > start, line.matches(": from=", at: i) else { return .ignored }
        let queueID = line.string(start..<i)
        // `relay=` is the last field of a from= line; the sender address and msgid before it are the
        // spammer's words, so the last occurrence is the one Sendmail wrote.
        guard let relayAt = MTABytes.findLast(line, ", relay=") else { throw LineError("from= line without relay=") }
        let value = relayAt + 8
        guard let open = line.firstIndex(of: UInt8(ascii: "["), from: value) else { return .ignored }
        guard let close = line.firstIndex(of: UInt8(ascii: "]"), from: open + 1) else {
            throw LineError("relay address without closing ']'")
        }
        var ipStart = open + 1
        if line.matches("IPv6:", at: ipStart) { ipStart += 5 }
        guard let ip = line.ip(ipStart..<close) else {
            throw LineError("relay '\(TerminalText.escape(line.string(ipStart..<close)))' is not an IP address")
        }
        // `NAME ` before the bracket; an ident (`user@`) prefix is not part of the host name.
        var name: String?
        if open > value + 1 {
            var nameStart = value
            if let at = line.firstIndex(of: UInt8(ascii: "@"), from: value, to: open - 1) { nameStart = at + 1 }
            let text = line.string(nameStart..<(open - 1))
            name = text.isEmpty ? nil : text
        }
        try emit(.event(SpamEvent(ip: ip, time: syslog.time(header), kind: .message, hostname: name, queueID: queueID,
                                  source: SourceRef(file: file.path, line: number))))
        return .accepted(1)
    }
}
