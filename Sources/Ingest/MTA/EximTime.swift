import BotCensusCore

/// Exim's own log time: `2026-01-06 03:04:05` in local time, with `.123` under `log_selector = +millisec`
/// and followed by ` +0100` when `log_timezone = true`. It carries the year, so no inference is needed.
enum EximTime {
    /// True when `YYYY-MM-DD HH:MM:SS` starts at `offset` (sniffers and the syslog-wrapped case ask this).
    static func starts(_ line: ByteLine, at offset: Int) -> Bool {
        line.count >= offset + 19 && line[offset + 4] == UInt8(ascii: "-") && line[offset + 7] == UInt8(ascii: "-")
            && line[offset + 10] == 32 && line[offset + 13] == UInt8(ascii: ":") && line.integer(offset..<(offset + 4)) != nil
    }

    /// Reads the time at `offset`; returns it and the index of the first byte after it and its space.
    static func read(_ line: ByteLine, at offset: Int, localTime: LocalTime) throws -> (Timestamp, Int) {
        let o = offset
        guard starts(line, at: o), let year = line.integer(o..<(o + 4)), let month = line.integer((o + 5)..<(o + 7)),
              let day = line.integer((o + 8)..<(o + 10)), (1...12).contains(month), (1...31).contains(day),
              let (h, m, s) = TimeParsing.clock(line, at: o + 11) else {
            throw LineError("unreadable Exim timestamp (expected 'YYYY-MM-DD HH:MM:SS')")
        }
        var i = o + 19
        var fraction = 0.0
        if i < line.count, line[i] == UInt8(ascii: ".") {
            var scale = 0.1
            i += 1
            let start = i
            while i < line.count, line[i] >= 48, line[i] <= 57 { fraction += Double(line[i] - 48) * scale; scale /= 10; i += 1 }
            if i == start { throw LineError("unreadable Exim timestamp fraction") }
        }
        guard i < line.count, line[i] == 32 else { throw LineError("Exim timestamp not followed by a space") }
        i += 1
        // `+HHMM ` / `-HHMM ` (log_timezone): a zone written in the line wins over --timezone.
        if i + 5 < line.count, line[i] == UInt8(ascii: "+") || line[i] == UInt8(ascii: "-"), line[i + 5] == 32,
           let hh = line.integer((i + 1)..<(i + 3)), let mm = line.integer((i + 3)..<(i + 5)), hh <= 18, mm < 60 {
            let east = (line[i] == UInt8(ascii: "-") ? -1 : 1) * (hh * 3600 + mm * 60)
            let t = TimeFormat.timestamp(year: year, month: month, day: day, hour: h, minute: m, second: Double(s) + fraction) - Double(east)
            return (t, i + 6)
        }
        return (localTime.timestamp(year: year, month: month, day: day, hour: h, minute: m, second: Double(s) + fraction), i)
    }
}
