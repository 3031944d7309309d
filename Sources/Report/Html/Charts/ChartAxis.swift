import Foundation

/// Round axis ticks: 0 and steps of 1, 2 or 5 × 10ⁿ up to at least the largest value.
enum ChartAxis {
    static func ticks(max value: Double, count: Int = 5) -> [Double] {
        guard value > 0, value.isFinite else { return [0, 1] }
        let raw = value / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw * 0.999 } ?? raw
        var out: [Double] = [0]
        while out.last! < value * 0.9999 { out.append(out.last! + step) }
        return out
    }

    /// A tick's label: whole numbers with separators, else one or two decimals; shares as percentages.
    static func label(_ t: Double, percent: Bool = false) -> String {
        if percent { return ReportNumbers.decimal(t * 100, digits: 0) + "%" }
        if abs(t - t.rounded()) < 1e-9 { return ReportNumbers.count(Int(t.rounded())) }
        return ReportNumbers.decimal(t, digits: abs(t * 10 - (t * 10).rounded()) < 1e-9 ? 1 : 2)
    }
}
