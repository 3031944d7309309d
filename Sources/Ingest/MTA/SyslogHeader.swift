import BotCensusCore

/// The header syslog puts before a program's message: `Jan  6 03:04:05 host tag[pid]: ` (classic, no year)
/// or `2026-01-06T03:04:05.123456+01:00 host tag[pid]: ` (RFC 3339, rsyslog's precise template).
/// Exim (when it logs to syslog) and Sendmail read their lines through it; the year of classic lines comes
/// from one `SyslogYearTracker` per file so a log running across New Year keeps counting.
struct SyslogHeaderReader {
    struct Header {
        var time: Timestamp
        /// The program name of the tag, without `[pid]` (`sm-mta`, `exim4`).
        var program: Range<Int>
        /// First byte of the message after `tag: `.
        var message: Int
    }

    private var years: SyslogYearTracker
    private let localTime: LocalTime

    init(options: ImportOptions, file: FileFacts) {
        years = SyslogYearTracker(explicitYear: options.year, modified: file.modified)
        localTime = options.localTime
    }

    /// True when the line starts like a syslog line (for sniffers: no year tracking, no errors).
    static func looksLikeSyslog(_ line: ByteLine) -> Bool {
        if TimeParsing.classicSyslog(line) != nil { return true }
        guard let space = line.firstIndex(of: 32), space > 19, line[10] == UInt8(ascii: "T") else { return false }
        return TimeParsing.rfc3339(line, 0..<space) != nil
    }

    /// Reads the header; nil when the line has a time but no `tag:` (a `last message repeated` line).
    mutating func read(_ line: ByteLine) throws -> Header? {
        let (time, afterTime) = try self.time(line)
        guard let hostEnd = line.firstIndex(of: 32, from: afterTime) else { return nil }
        let tagStart = hostEnd + 1
        guard let colon = line.firstIndex(of: UInt8(ascii: ":"), from: tagStart) else { return nil }
        let programEnd = line.firstIndex(of: UInt8(ascii: "["), from: tagStart, to: colon) ?? colon
        var message = colon + 1
        if message < line.count, line[message] == 32 { message += 1 }
        return Header(time: time, program: tagStart..<programEnd, message: message)
    }

    private mutating func time(_ line: ByteLine) throws -> (Timestamp, Int) {
        if line.count > 20, line[4] == UInt8(ascii: "-"), line[10] == UInt8(ascii: "T") {
            guard let space = line.firstIndex(of: 32), let t = TimeParsing.rfc3339(line, 0..<space) else {
                throw LineError("unreadable RFC 3339 timestamp")
            }
            return (t, space + 1)
        }
        guard let c = TimeParsing.classicSyslog(line), line.count > 16, line[15] == 32 else {
            throw LineError("line does not start with a syslog timestamp ('Mmm dd hh:mm:ss' or RFC 3339)")
        }
        let year = years.year(forMonth: c.month)
        return (localTime.timestamp(year: year, month: c.month, day: c.day, hour: c.hour, minute: c.minute, second: Double(c.second)), 16)
    }
}

/// Small byte helpers of the MTA parsers (a namespace, so other format families can have their own).
enum MTABytes {
    /// True when `range` of `line` holds exactly `literal`.
    static func equals(_ line: ByteLine, _ range: Range<Int>, _ literal: StaticString) -> Bool {
        range.count == literal.utf8CodeUnitCount && line.matches(literal, at: range.lowerBound)
    }

    /// Last occurrence of `needle`: a field the MTA writes after attacker-controlled ones is found from the end.
    static func findLast(_ line: ByteLine, _ needle: StaticString) -> Int? {
        var found: Int?
        var from = 0
        while let i = line.find(needle, from: from) { found = i; from = i + 1 }
        return found
    }

    /// ASCII letters and digits: queue ids and message ids are made of them.
    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }
}
