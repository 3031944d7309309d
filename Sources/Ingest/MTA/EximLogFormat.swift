import BotCensusCore

/// Exim's main log. Evidence lines:
/// - `… 1tUvXy-000Abc-12 <= sender H=name (helo) [ip]:port P=esmtp S=1234 id=…`: a message received from a
///   remote host (the message id is kept as the queue id, with the rDNS name and the HELO);
/// - `… SMTP connection from name [ip]:port I=[…]:25 (TCP/IP connection count = 1)`: a connection.
/// Deliveries (`=>`, `->`, `*>`), bounces (`**`), deferrals (`==`), `Completed`, local submissions (`<=`
/// without `H=`), the end of a connection and everything else are valid and ignored.
/// A line starts with Exim's own time (`EximTime`), or with a syslog header (classic or RFC 3339) and the
/// tag `exim`/`exim4`, followed by Exim's time unless `syslog_timestamp = false`.
public struct EximLogFormat: LineFormat {
    public static let name = "exim"
    public static let unitName = "lines"

    private let options: ImportOptions
    private let file: FileFacts
    private var syslog: SyslogHeaderReader

    public init(options: ImportOptions, file: FileFacts) {
        self.options = options
        self.file = file
        self.syslog = SyslogHeaderReader(options: options, file: file)
    }

    public static func sniff(_ head: FileHead) -> Bool {
        head.lines.contains { raw in
            raw.withUnsafeBytes { bytes in
                let line = ByteLine(bytes)
                if EximTime.starts(line, at: 0) {
                    return line.find(" <= ") != nil || line.find(" => ") != nil || line.find(" Completed") != nil
                        || line.find("SMTP connection from ") != nil || line.find(" == ") != nil || line.find(" ** ") != nil
                        || line.find("Start queue run") != nil || line.find(" exim ") != nil
                }
                return SyslogHeaderReader.looksLikeSyslog(line) && (line.find(" exim[") != nil || line.find(" exim4[") != nil)
            }
        }
    }

    public mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome {
        // Exim writes some entries over several lines, the later ones indented: they carry no new evidence.
        if line.isEmpty || line[0] == 32 || line[0] == 9 { return .ignored }
        var time: Timestamp
        var body: Int
        if EximTime.starts(line, at: 0) {
            (time, body) = try EximTime.read(line, at: 0, localTime: options.localTime)
        } else {
            guard let header = try syslog.read(line) else { return .ignored }
            let program = header.program(line)
            guard MTABytes.equals(line, program, "exim") || MTABytes.equals(line, program, "exim4") else { return .ignored }
            body = header.message(line)
            // Exim's own time (with its year) is more exact than syslog's when both are there.
            if EximTime.starts(line, at: body) {
                (time, body) = try EximTime.read(line, at: body, localTime: options.localTime)
            } else {
                time = syslog.time(header)
            }
        }
        // `+pid` in log_selector puts `[pid] ` first.
        if body < line.count, line[body] == UInt8(ascii: "["), let close = line.firstIndex(of: UInt8(ascii: "]"), from: body),
           line.integer((body + 1)..<close) != nil, close + 1 < line.count, line[close + 1] == 32 {
            body = close + 2
        }
        let source = SourceRef(file: file.path, line: number)

        if line.matches("SMTP connection from ", at: body) {
            // The same words open the end-of-connection lines (`… lost`, `… closed by QUIT`); only the
            // opening line counts connections.
            guard line.find("connection count", from: body) != nil else { return .ignored }
            let host = try EximHostField(line, from: body + 21)
            try emit(.event(SpamEvent(ip: host.ip, time: time, kind: .connection, hostname: host.name, helo: host.helo, source: source)))
            return .accepted(1)
        }
        // A message id: letters, digits and dashes (`1tUvXy-000Abc-12`, or Exim 4.97's longer form).
        var i = body
        while i < line.count, MTABytes.isAlphanumeric(line[i]) || line[i] == UInt8(ascii: "-") { i += 1 }
        guard i - body >= 16, line.matches(" <= ", at: i) else { return .ignored }
        let messageID = line.string(body..<i)
        guard let hostField = hostField(line, afterSenderAt: i + 4) else { return .ignored }
        let host = try EximHostField(line, from: hostField)
        try emit(.event(SpamEvent(ip: host.ip, time: time, kind: .message, hostname: host.name, helo: host.helo,
                                  queueID: messageID, source: source)))
        return .accepted(1)
    }

    /// Index of the host description after ` H=`, skipping the sender (a quoted local part may hold spaces).
    /// Nil for local submissions, which name no remote host.
    private func hostField(_ line: ByteLine, afterSenderAt start: Int) -> Int? {
        var i = start
        if i < line.count, line[i] == UInt8(ascii: "\"") {
            i = (line.firstIndex(of: UInt8(ascii: "\""), from: i + 1) ?? line.count - 1) + 1
        }
        // Exim writes `H=` before `P=`; a ` H=` after it would be inside the subject (`T="…"`), which the
        // sender wrote.
        let limit = line.find(" P=", from: i) ?? line.count
        guard let h = line.find(" H=", from: i), h < limit else { return nil }
        return h + 3
    }
}
