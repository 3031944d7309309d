import BotCensusCore

/// The header syslog puts before a program's message: `Jan  6 03:04:05 host tag[pid]: ` (classic, no year)
/// or `2026-01-06T03:04:05.123456+01:00 host tag[pid]: ` (RFC 3339, rsyslog's precise template), as
/// positions in the line. The time is checked when the header is read but computed only when asked
/// (`SyslogHeaderReader.time`): most lines of a mail log become no event.
struct SyslogHeader {
    /// First byte of the host name (after the time and its space).
    var hostStart: Int
    /// First byte of the tag (`postfix/smtpd[123]`, `sm-mta[4]`).
    var tagStart: Int
    /// The colon that ends the tag.
    var tagEnd: Int
    /// RFC 3339 time, already computed; nil for a classic time, whose fields follow.
    fileprivate var rfc3339: Timestamp?
    fileprivate var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0

    /// The program name of the tag, without `[pid]` (`sm-mta`, `exim4`).
    func program(_ line: ByteLine) -> Range<Int> {
        tagStart..<(line.firstIndex(of: UInt8(ascii: "["), from: tagStart, to: tagEnd) ?? tagEnd)
    }

    /// First byte of the message: after the tag's colon and the space that follows it.
    func message(_ line: ByteLine) -> Int {
        tagEnd + 1 < line.count && line[tagEnd + 1] == 32 ? tagEnd + 2 : tagEnd + 1
    }
}

/// Reads the syslog headers of one file for Postfix, Exim and Sendmail. The year of classic lines comes
/// from one `SyslogYearTracker` per file, so a log running across New Year keeps counting; every line's
/// month goes through it, events or not.
struct SyslogHeaderReader {
    private var years: SyslogYearTracker
    private var minutes: MinuteTimes
    private let strictSeparators: Bool

    /// `strictSeparators`: an RFC 3339 time needs an upper-case `T` and a classic time a space after it
    /// (the Exim and Sendmail readers always asked this; Postfix's never did, and each keeps its behaviour).
    init(options: ImportOptions, file: FileFacts, strictSeparators: Bool = true) {
        years = SyslogYearTracker(explicitYear: options.year, modified: file.modified)
        minutes = MinuteTimes(options.localTime)
        self.strictSeparators = strictSeparators
    }

    /// True when the line starts like a syslog line (for sniffers: no year tracking, no errors).
    static func looksLikeSyslog(_ line: ByteLine) -> Bool {
        if TimeParsing.classicSyslog(line) != nil { return true }
        guard let space = line.firstIndex(of: 32), space > 19, line[10] == UInt8(ascii: "T") else { return false }
        return TimeParsing.rfc3339(line, 0..<space) != nil
    }

    /// Reads the header; throws when the line does not start with a time, nil when it has a time but no
    /// `host tag:` (a `last message repeated` line).
    @inline(__always)
    mutating func read(_ line: ByteLine) throws -> SyslogHeader? {
        var header = SyslogHeader(hostStart: 0, tagStart: 0, tagEnd: 0)
        if line.count > 20, line[4] == UInt8(ascii: "-"), !strictSeparators || line[10] == UInt8(ascii: "T") {
            guard let space = line.firstIndex(of: 32), let t = TimeParsing.rfc3339(line, 0..<space) else {
                throw LineError("unreadable RFC 3339 timestamp")
            }
            header.hostStart = space + 1
            header.rfc3339 = t
        } else {
            guard let c = TimeParsing.classicSyslog(line), !strictSeparators || (line.count > 16 && line[15] == 32) else {
                throw LineError("line does not start with a syslog timestamp ('Mmm dd hh:mm:ss' or RFC 3339)")
            }
            header.hostStart = 16
            (header.year, header.month, header.day) = (years.year(forMonth: c.month), c.month, c.day)
            (header.hour, header.minute, header.second) = (c.hour, c.minute, c.second)
        }
        guard let hostEnd = line.firstIndex(of: 32, from: header.hostStart) else { return nil }
        header.tagStart = hostEnd + 1
        guard let colon = line.firstIndex(of: UInt8(ascii: ":"), from: header.tagStart) else { return nil }
        header.tagEnd = colon
        return header
    }

    /// The header's time: classic times in `--timezone`, with the year the tracker gave the line.
    mutating func time(_ h: SyslogHeader) -> Timestamp {
        if let t = h.rfc3339 { return t }
        return minutes.timestamp(year: h.year, month: h.month, day: h.day, hour: h.hour, minute: h.minute, second: h.second)
    }
}
