import BotCensusCore
import Report

/// Numbers and times as the pages show them (pure).
enum Format {
    /// `12,345`.
    static func count(_ n: Int) -> String { ReportNumbers.count(n) }

    /// `14.4%`.
    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000).rounded()
        return "\(Int(tenths) / 10).\(abs(Int(tenths)) % 10)%"
    }

    /// A probability or weight with `digits` decimals (`0.98`, `-1.25`).
    static func number(_ value: Double, digits: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = abs(scaled) / Int(scale), fraction = abs(scaled) % Int(scale)
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        return (scaled < 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + fractionText : "")
    }

    /// `2026-01-06T03:04:05Z`.
    static func time(_ t: Timestamp) -> String { TimeFormat.rfc3339(t) }

    /// `33 (28–41)`.
    static func interval(_ value: Int, _ low: Int, _ high: Int) -> String { "\(count(value)) (\(count(low))–\(count(high)))" }

    /// `14.4% (2.5%–26.8%)`.
    static func shareInterval(_ value: Double, _ low: Double, _ high: Double) -> String {
        "\(percent(value)) (\(percent(low))–\(percent(high)))"
    }
}
