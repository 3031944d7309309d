import BotCensusCore

/// Byte-level time parsers shared by the log formats.
enum TimeParsing {
    static let monthNames: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Jan  6 03:04:05` at `offset`: month (1-12), day, hour, minute, second. Exactly 15 bytes.
    static func classicSyslog(_ line: ByteLine, at offset: Int = 0) -> (month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
        guard line.count >= offset + 15 else { return nil }
        let month = monthNumber(line, at: offset)
        guard month > 0, line[offset + 3] == 32 else { return nil }
        let dayRange = line[offset + 4] == 32 ? (offset + 5)..<(offset + 6) : (offset + 4)..<(offset + 6)
        guard let day = line.integer(dayRange), (1...31).contains(day), line[offset + 6] == 32,
              let (h, m, s) = clock(line, at: offset + 7) else { return nil }
        return (month, day, h, m, s)
    }

    /// The month of a three-letter English name at `offset` (1-12), 0 for anything else. One comparison of
    /// the three bytes packed in an integer: this runs once per line of every syslog file.
    @inline(__always) static func monthNumber(_ line: ByteLine, at offset: Int) -> Int {
        let key = UInt32(line[offset]) | UInt32(line[offset + 1]) << 8 | UInt32(line[offset + 2]) << 16
        // Each case is a name's bytes, first byte lowest: "Jan" is 0x6E614A.
        switch key {
        case 0x6E614A: return 1      // Jan
        case 0x626546: return 2      // Feb
        case 0x72614D: return 3      // Mar
        case 0x727041: return 4      // Apr
        case 0x79614D: return 5      // May
        case 0x6E754A: return 6      // Jun
        case 0x6C754A: return 7      // Jul
        case 0x677541: return 8      // Aug
        case 0x706553: return 9      // Sep
        case 0x74634F: return 10      // Oct
        case 0x766F4E: return 11      // Nov
        case 0x636544: return 12      // Dec
        default: return 0
        }
    }

    /// `HH:MM:SS` at `offset`.
    static func clock(_ line: ByteLine, at offset: Int) -> (Int, Int, Int)? {
        guard line.count >= offset + 8, line[offset + 2] == UInt8(ascii: ":"), line[offset + 5] == UInt8(ascii: ":"),
              let h = line.integer(offset..<(offset + 2)), let m = line.integer((offset + 3)..<(offset + 5)),
              let s = line.integer((offset + 6)..<(offset + 8)), h < 24, m < 60, s < 61 else { return nil }
        return (h, m, s)
    }

    /// RFC 3339 time in `range` (`2026-03-04T05:06:07.123456+01:00`, `…Z`); a time without zone is refused.
    static func rfc3339(_ line: ByteLine, _ range: Range<Int>) -> Timestamp? {
        let o = range.lowerBound
        guard range.count >= 20, line[o + 4] == UInt8(ascii: "-"), line[o + 7] == UInt8(ascii: "-"),
              line[o + 10] == UInt8(ascii: "T") || line[o + 10] == UInt8(ascii: "t") || line[o + 10] == 32,
              let year = line.integer(o..<(o + 4)), let month = line.integer((o + 5)..<(o + 7)),
              let day = line.integer((o + 8)..<(o + 10)), (1...12).contains(month), (1...31).contains(day),
              let (h, m, s) = clock(line, at: o + 11) else { return nil }
        var i = o + 19
        var fraction = 0.0
        if i < range.upperBound && line[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < range.upperBound, line[i] >= 48, line[i] <= 57 {
                fraction += Double(line[i] - 48) * scale
                scale /= 10
                i += 1
            }
            if i == start { return nil }
        }
        guard i < range.upperBound else { return nil }
        var offsetSeconds = 0
        let z = line[i]
        if z == UInt8(ascii: "Z") || z == UInt8(ascii: "z") {
            i += 1
        } else if z == UInt8(ascii: "+") || z == UInt8(ascii: "-") {
            guard i + 6 <= range.upperBound, line[i + 3] == UInt8(ascii: ":"),
                  let oh = line.integer((i + 1)..<(i + 3)), let om = line.integer((i + 4)..<(i + 6)) else { return nil }
            offsetSeconds = (z == UInt8(ascii: "-") ? -1 : 1) * (oh * 3600 + om * 60)
            i += 6
        } else {
            return nil
        }
        guard i == range.upperBound else { return nil }
        return TimeFormat.timestamp(year: year, month: month, day: day, hour: h, minute: m, second: Double(s) + fraction) - Double(offsetSeconds)
    }

    /// RFC 3339 from a String (JSON values).
    static func rfc3339(_ text: String) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { buffer in
            let line = ByteLine(UnsafeRawBufferPointer(buffer))
            return rfc3339(line, 0..<line.count)
        }
    }
}

/// Gives each classic-syslog line its year: syslog writes none. The first line's year is `--year`, else the
/// file's modification year (minus one when the first month lies after the modification month: the file
/// then began last year); the year grows by one whenever the month falls back by more than six (Dec → Jan).
struct SyslogYearTracker {
    private var year: Int?
    private var lastMonth = 0
    private let explicitYear: Int?
    private let modified: (year: Int, month: Int)

    init(explicitYear: Int?, modified: Timestamp) {
        self.explicitYear = explicitYear
        self.modified = TimeFormat.yearMonth(modified)
    }

    mutating func year(forMonth month: Int) -> Int {
        if let current = year {
            if month < lastMonth - 6 { year = current + 1 } else if month > lastMonth + 6 { year = current - 1 }
        } else if let explicitYear {
            year = explicitYear
        } else {
            year = month > modified.month ? modified.year - 1 : modified.year
        }
        lastMonth = month
        return year!
    }
}

/// Zone-less times to UTC, remembered per minute: `LocalTime.system` asks the C library (`mktime`, which
/// re-reads the zone file's status on every call) and a log has thousands of lines per minute. The zone
/// offset of a minute does not depend on its seconds, so the minute's start plus the seconds is exact.
struct MinuteTimes {
    let localTime: LocalTime
    private var minute = -1
    private var start: Timestamp = 0

    init(_ localTime: LocalTime) { self.localTime = localTime }

    mutating func timestamp(year: Int, month: Int, day: Int, hour: Int, minute m: Int, second: Int) -> Timestamp {
        let key = ((((year * 13 + month) * 32 + day) * 24 + hour) * 60) + m
        if key != minute {
            minute = key
            start = localTime.timestamp(year: year, month: month, day: day, hour: hour, minute: m, second: 0)
        }
        return start + Double(second)
    }
}
