import BotCensusCore

/// Postfix's syslog lines that name a sending client:
/// `postfix/smtpd[…]: connect from NAME[IP]`, `postfix/smtpd[…]: QUEUEID: client=NAME[IP]` and
/// `postfix/postscreen[…]: CONNECT from [IP]:PORT to [IP]:PORT`, with classic syslog or RFC 3339 times.
/// Other lines of a mail log are valid and ignored; a relevant line that cannot be read is an error.
public struct PostfixLogFormat: LineFormat {
    public static let name = "postfix"
    public static let unitName = "lines"

    private let file: FileFacts
    private var syslog: SyslogHeaderReader

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
        self.syslog = SyslogHeaderReader(options: options, file: file, strictSeparators: false)
    }

    public static func sniff(_ head: FileHead) -> Bool {
        let lines = head.lines
        return lines.contains { raw in
            raw.withUnsafeBytes { bytes in
                let line = ByteLine(bytes)
                return line.find(" postfix") != nil && (line.find("/smtpd[") != nil || line.find("/postscreen[") != nil
                    || line.find("/qmgr[") != nil || line.find("/cleanup[") != nil)
            }
        }
    }

    // Hot path: two lines in three of a mail log name no client. Every line's time is checked (a line
    // without one is an error, and the year tracker must see every month), but a time is only computed
    // for the lines that become events; scans use memchr and no String is built for what is skipped.
    public mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome {
        if line.isEmpty { return .ignored }
        // The program tag after the host: `postfix…/daemon[pid]:`.
        guard let header = try syslog.read(line) else { return .ignored }
        let tagStart = header.tagStart, tagEnd = header.tagEnd
        guard line.matches("postfix", at: tagStart),
              let slash = line.firstIndex(of: UInt8(ascii: "/"), from: tagStart, to: tagEnd) else { return .ignored }
        let message = tagEnd + 2
        guard message <= line.count else { return .ignored }

        if line.matches("smtpd[", at: slash + 1) {
            if line.matches("connect from ", at: message) {
                let (name, ip) = try client(line, from: message + 13)
                // The logging process tells apart two connections of one address in one second.
                let session = line.string(header.hostStart..<tagEnd)
                try emit(.event(SpamEvent(ip: ip, time: syslog.time(header), kind: .connection, hostname: name, session: session,
                                          source: SourceRef(file: file.path, line: number))))
                return .accepted(1)
            }
            // `QUEUEID: client=…`: queue ids are alphanumeric.
            var i = message
            while i < line.count, isAlphanumeric(line[i]) { i += 1 }
            if i > message, line.matches(": client=", at: i) {
                let queueID = line.string(message..<i)
                let (name, ip) = try client(line, from: i + 9)
                try emit(.event(SpamEvent(ip: ip, time: syslog.time(header), kind: .message, hostname: name, queueID: queueID,
                                          source: SourceRef(file: file.path, line: number))))
                return .accepted(1)
            }
            return .ignored
        }
        if line.matches("postscreen[", at: slash + 1), line.matches("CONNECT from [", at: message) {
            let open = message + 13
            guard let close = line.firstIndex(of: UInt8(ascii: "]"), from: open + 1) else {
                throw LineError("postscreen CONNECT without closing ']'")
            }
            guard let ip = line.ip((open + 1)..<close) else {
                throw LineError("postscreen CONNECT: '\(line.string((open + 1)..<close))' is not an IP address")
            }
            // `[ip]:port`: the client port tells apart connections of one address in one second.
            var portEnd = close + 2
            while portEnd < line.count, line[portEnd] >= 48, line[portEnd] <= 57 { portEnd += 1 }
            let session = close + 2 < portEnd ? line.string((close + 2)..<portEnd) : nil
            try emit(.event(SpamEvent(ip: ip, time: syslog.time(header), kind: .connection, session: session,
                                      source: SourceRef(file: file.path, line: number))))
            return .accepted(1)
        }
        return .ignored
    }

    /// `NAME[IP]` starting at `start`; `unknown` names become nil.
    private func client(_ line: ByteLine, from start: Int) throws -> (String?, IPAddress) {
        guard let open = line.firstIndex(of: UInt8(ascii: "["), from: start) else {
            throw LineError("client without '[address]'")
        }
        guard let close = line.firstIndex(of: UInt8(ascii: "]"), from: open + 1) else {
            throw LineError("client address without closing ']'")
        }
        var ipStart = open + 1
        if line.matches("IPv6:", at: ipStart) { ipStart += 5 }
        guard let ip = line.ip(ipStart..<close) else {
            throw LineError("'\(TerminalText.escape(line.string(ipStart..<close)))' is not an IP address")
        }
        // `unknown` (no reverse DNS) is the common case: recognised on the bytes, no String built.
        if open == start || (open - start == 7 && line.matches("unknown", at: start)) { return (nil, ip) }
        return (line.string(start..<open), ip)
    }

    private func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }
}
