#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds since the Unix epoch, UTC. A plain Double keeps the analysis code free of Foundation.
public typealias Timestamp = Double

public enum TimeFormat {
    /// RFC 3339 in UTC with whole seconds, or microseconds when the time has a fraction.
    public static func rfc3339(_ t: Timestamp) -> String {
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let micros = Int(((t - t.rounded(.down)) * 1_000_000).rounded())
        let base = "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
        if micros == 0 || micros == 1_000_000 { return base + "Z" }
        return base + "." + pad(micros, 6) + "Z"
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
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
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
