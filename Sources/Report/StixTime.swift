import BotCensusCore

/// STIX timestamps: RFC 3339 in UTC with `Z` and exactly milliseconds (`created` and `modified` must carry
/// at least millisecond precision; one form for every timestamp keeps the bundle uniform).
enum StixTime {
    /// Rounded to the nearest millisecond (monotonic: first and last keep their order). Times before 1970
    /// do not occur in evidence.
    static func format(_ t: Timestamp) -> String {
        let (seconds, millis) = Int((max(0, t) * 1000).rounded()).quotientAndRemainder(dividingBy: 1000)
        let digits = String(millis)
        return TimeFormat.rfc3339(Double(seconds)).dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// A time as the verdict contract writes it (`TimeFormat.rfc3339`: `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`);
    /// nil for any other text.
    static func parse(_ text: String) -> Timestamp? {
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard b[range].allSatisfy({ (48...57).contains($0) }) else { return nil }
            return Int(String(decoding: b[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), let digits = number(20..<(b.count - 1)), b.count > 21 else { return nil }
            fraction = Double(digits) / pow10(b.count - 21)
        } else if b[19] != UInt8(ascii: "Z") {
            return nil
        }
        return TimeFormat.timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: Double(second) + fraction)
    }

    private static func pow10(_ n: Int) -> Double {
        (0..<n).reduce(1.0) { value, _ in value * 10 }
    }
}
