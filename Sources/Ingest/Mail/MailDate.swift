import BotCensusCore

/// Dates in mail: RFC 5322 (`Tue, 6 Jan 2026 03:04:05 +0000 (UTC)`, with the obsolete forms: two-digit
/// years, zone names, no seconds) in `Date:` and after the `;` of a Received header, and the asctime form of
/// an mbox `From ` line (`Tue Jan  6 03:04:05 2026`, no zone). Words are found by shape rather than
/// position because mailers (and spam tools) reorder and omit them.
enum MailDate {
    /// The time and whether the text carried a zone; nil when no day, month, year and time can be found.
    static func parse<C: Collection>(_ text: C) -> (time: Timestamp, zoned: Bool, parts: Parts)? where C.Element == UInt8 {
        var month: Int?
        var numbers: [(value: Int, digits: Int)] = []
        var clock: (Int, Int, Int)?
        var zone: Int?
        for word in words(text) {
            if clock == nil, let c = parseClock(word) { clock = c; continue }
            if let value = integer(word) {
                numbers.append((value, word.count))
                continue
            }
            if let z = parseZone(word), clock != nil {
                zone = z
                continue
            }
            if month == nil, word.count >= 3 {
                let prefix = word.prefix(3).map(HeaderBlock.lower)
                if let m = monthNames.firstIndex(of: prefix) { month = m + 1 }
            }
        }
        // Day comes before the year in both forms; a leading four-digit number is an ISO-like year.
        guard let month, let clock, numbers.count >= 2 else { return nil }
        var day = numbers[0], year = numbers[1]
        if day.digits == 4 { swap(&day, &year) }
        var y = year.value
        switch year.digits {
        case 1, 2: y += y < 50 ? 2000 : 1900 // RFC 5322 §4.3
        case 3: y += 1900
        case 4: break
        default: return nil
        }
        guard (1...31).contains(day.value), (1970...2200).contains(y) else { return nil }
        let parts = Parts(year: y, month: month, day: day.value, hour: clock.0, minute: clock.1, second: clock.2)
        let t = TimeFormat.timestamp(year: y, month: month, day: day.value, hour: clock.0, minute: clock.1, second: Double(clock.2))
        return (t - Double(zone ?? 0), zone != nil, parts)
    }

    struct Parts: Equatable {
        var year, month, day, hour, minute, second: Int
    }

    /// A zone-less date read in `localTime` (mbox `From ` lines); a zoned one as written.
    static func parse<C: Collection>(_ text: C, localTime: LocalTime) -> Timestamp? where C.Element == UInt8 {
        guard let d = parse(text) else { return nil }
        if d.zoned { return d.time }
        let p = d.parts
        return localTime.timestamp(year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: Double(p.second))
    }

    private static let monthNames: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    /// Words separated by white space and commas; parenthesised comments (`(UTC)`) are dropped.
    private static func words<C: Collection>(_ text: C) -> [ArraySlice<UInt8>] where C.Element == UInt8 {
        let bytes = Array(text)
        var out: [ArraySlice<UInt8>] = []
        var depth = 0
        var start: Int?
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "(") { depth += 1 }
            let separator = depth > 0 || b == 32 || b == 9 || b == UInt8(ascii: ",") || b == 13 || b == 10
            if separator {
                if let s = start { out.append(bytes[s..<i]); start = nil }
            } else if start == nil {
                start = i
            }
            if b == UInt8(ascii: ")"), depth > 0 { depth -= 1 }
        }
        if let s = start { out.append(bytes[s...]) }
        return out
    }

    private static func integer(_ word: ArraySlice<UInt8>) -> Int? {
        guard !word.isEmpty, word.count <= 4 else { return nil }
        var v = 0
        for b in word {
            guard b >= 48, b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }

    /// `hh:mm` or `hh:mm:ss` (a fraction after the seconds is ignored).
    private static func parseClock(_ word: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let parts = word.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var seconds = parts.count == 3 ? parts[2] : [UInt8(ascii: "0")][...]
        if let dot = seconds.firstIndex(of: UInt8(ascii: ".")) { seconds = seconds[..<dot] }
        guard let h = integer(parts[0]), let m = integer(parts[1]), let s = integer(seconds),
              parts[0].count <= 2, parts[1].count == 2, h < 24, m < 60, s <= 60 else { return nil }
        return (h, m, s)
    }

    /// Zone offset east of UTC in seconds: `+hhmm`, `-hhmm`, and the RFC 5322 §4.3 names. `-0000` means
    /// "unknown zone" and is read as UTC; military letters are read as UTC too (RFC 5322: their meaning was
    /// never agreed on).
    private static func parseZone(_ word: ArraySlice<UInt8>) -> Int? {
        let w = Array(word)
        if w.count == 5, w[0] == UInt8(ascii: "+") || w[0] == UInt8(ascii: "-"),
           let hh = integer(word.dropFirst().prefix(2)), let mm = integer(word.suffix(2)), hh < 24, mm < 60 {
            return (w[0] == UInt8(ascii: "-") ? -1 : 1) * (hh * 3600 + mm * 60)
        }
        switch String(decoding: w, as: UTF8.self).uppercased() {
        case "UT", "UTC", "GMT", "Z": return 0
        case "EST": return -5 * 3600
        case "EDT": return -4 * 3600
        case "CST": return -6 * 3600
        case "CDT": return -5 * 3600
        case "MST": return -7 * 3600
        case "MDT": return -6 * 3600
        case "PST": return -8 * 3600
        case "PDT": return -7 * 3600
        default:
            if w.count == 1, let c = w.first, (65...90).contains(c) || (97...122).contains(c) { return 0 }
            return nil
        }
    }
}
