#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// How a time written without a zone (classic syslog, p0f's log) maps to UTC.
public enum LocalTime: Sendable, Equatable {
    case utc
    /// A fixed offset east of UTC, in seconds.
    case offset(Int)
    /// The machine's zone (`TZ`), daylight saving included.
    case system

    /// Parses `utc`, `local`, or an offset such as `+01:00`, `-0500`.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "utc", "z", "gmt": self = .utc
        case "local", "system": self = .system
        default:
            let chars = Array(text.utf8)
            guard chars.count >= 3, chars[0] == UInt8(ascii: "+") || chars[0] == UInt8(ascii: "-") else { return nil }
            let digits = chars.dropFirst().filter { $0 != UInt8(ascii: ":") }
            guard digits.count == 4 || digits.count == 2, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            let value = digits.map { Int($0 - 48) }
            let hours = value[0] * 10 + value[1]
            let minutes = digits.count == 4 ? value[2] * 10 + value[3] : 0
            guard hours <= 18, minutes < 60 else { return nil }
            let sign = chars[0] == UInt8(ascii: "-") ? -1 : 1
            self = .offset(sign * (hours * 3600 + minutes * 60))
        }
    }

    public func timestamp(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double) -> Timestamp {
        let naive = TimeFormat.timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        switch self {
        case .utc: return naive
        case .offset(let seconds): return naive - Double(seconds)
        case .system:
            var parts = tm()
            parts.tm_year = Int32(year - 1900); parts.tm_mon = Int32(month - 1); parts.tm_mday = Int32(day)
            parts.tm_hour = Int32(hour); parts.tm_min = Int32(minute); parts.tm_sec = 0; parts.tm_isdst = -1
            let whole = mktime(&parts)
            return Double(whole) + second
        }
    }
}
