/// The q-quantile of sorted values, interpolated linearly between neighbours (0 for none): the bounds of
/// every bootstrap interval in the census.
enum Percentile {
    static func of(sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
        let f = position - Double(lo)
        return sorted[lo] * (1 - f) + sorted[hi] * f
    }
}
