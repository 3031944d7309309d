/// How figures read on the page: counts with thousands separators, shares as percentages, ranges with an
/// en dash — the same roundings as the terminal tables (`VerdictReport.format`).
public enum ReportNumbers {
    /// `12,345` (the web view's pages count the same way).
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    static func percent(_ share: Double, digits: Int = 1) -> String { VerdictReport.format(share * 100, digits) + "%" }

    static func decimal(_ x: Double, digits: Int) -> String { VerdictReport.format(x, digits) }

    static func range(_ low: Int, _ high: Int) -> String { "\(count(low))–\(count(high))" }

    static func percentRange(_ low: Double, _ high: Double) -> String { "\(percent(low))–\(percent(high))" }

    /// `part of whole (share)`.
    static func fraction(_ part: Int, of whole: Int) -> String {
        whole > 0 ? "\(count(part)) of \(count(whole)) (\(percent(Double(part) / Double(whole))))" : "\(count(part)) of 0"
    }

    /// A bucket width in words: `8 hours`, `1 day`, `7 days`.
    static func span(_ seconds: Double) -> String {
        let hours = Int((seconds / 3600).rounded())
        if hours % 24 == 0 { return hours == 24 ? "1 day" : "\(hours / 24) days" }
        return hours == 1 ? "1 hour" : "\(hours) hours"
    }

    /// A coordinate in SVG: one decimal, no trailing zero.
    static func coordinate(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
