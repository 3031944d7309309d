/// Seconds since the Unix epoch, UTC. A plain Double keeps the analysis code free of Foundation.
public typealias Timestamp = Double

public enum TimeFormat {
    /// RFC 3339 in UTC with whole seconds, or microseconds when the time has a fraction.
    public static func rfc3339(_ t: Timestamp) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        appendRFC3339(t, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same text into a byte buffer (the million-line output paths), by civil-date arithmetic
    /// (`CivilTime`: no `gmtime`, no String per field).
    public static func appendRFC3339(_ t: Timestamp, to out: inout [UInt8]) {
        let whole = t.rounded(.down)
        var micros = Int(((t - whole) * 1_000_000).rounded())
        if micros == 1_000_000 { micros = 0 }   // a fraction that rounds up to a second keeps the second
        let c = CivilTime(Int(whole))
        func digits(_ v: Int, _ width: Int) {
            var d = 1
            for _ in 1..<width { d *= 10 }
            var v = v
            if v >= d * 10 { out.append(contentsOf: String(v).utf8); return }
            while d > 0 { out.append(UInt8(48 + v / d)); v %= d; d /= 10 }
        }
        digits(c.year, 4); out.append(UInt8(ascii: "-")); digits(c.month, 2); out.append(UInt8(ascii: "-")); digits(c.day, 2)
        out.append(UInt8(ascii: "T")); digits(c.hour, 2); out.append(UInt8(ascii: ":"))
        digits(c.minute, 2); out.append(UInt8(ascii: ":")); digits(c.second, 2)
        if micros != 0 { out.append(UInt8(ascii: ".")); digits(micros, 6) }
        out.append(UInt8(ascii: "Z"))
    }

    /// Days since 1970-01-01 for a civil date (proleptic Gregorian), so parsers need no calendar object.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func timestamp(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double) -> Timestamp {
        Double(daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60) + second
    }

    /// Year and month (1-12) of a timestamp, in UTC.
    public static func yearMonth(_ t: Timestamp) -> (year: Int, month: Int) {
        let c = CivilTime(Int(t.rounded(.down)))
        return (c.year, c.month)
    }

    /// A human duration such as `3h`, `2.5d`.
    public static func duration(_ seconds: Double) -> String {
        let s = abs(seconds)
        if s < 120 { return "\(Int(s))s" }
        if s < 7200 { return "\(Int(s / 60))min" }
        if s < 172800 { return String(format1(s / 3600)) + "h" }
        return format1(s / 86400) + "d"
    }

    private static func format1(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
