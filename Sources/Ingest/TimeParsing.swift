import BotCensusCore

/// Byte-level time parsers shared by the log formats.
enum TimeParsing {
    static let monthNames: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Jan  6 03:04:05` at `offset`: month (1-12), day, hour, minute, second. Exactly 15 bytes.
    static func classicSyslog(_ line: ByteLine, at offset: Int = 0) -> (month: Int, day: Int, hour: Int, minute: Int, second: Int)? {
        guard line.count >= offset + 15 else { return nil }
        var month = 0
        for (i, name) in monthNames.enumerated() where line.matches(name, at: offset) { month = i + 1; break }
        guard month > 0, line[offset + 3] == 32 else { return nil }
        let dayRange = line[offset + 4] == 32 ? (offset + 5)..<(offset + 6) : (offset + 4)..<(offset + 6)
        guard let day = line.integer(dayRange), (1...31).contains(day), line[offset + 6] == 32,
              let (h, m, s) = clock(line, at: offset + 7) else { return nil }
        return (month, day, h, m, s)
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
