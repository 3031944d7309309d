import BotCensusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many sender units (an address and a sender stack) the traps together missed, from which traps saw
/// each unit. Two traps: Chapman's estimator with its variance (Seber 1982). Three or more: the
/// independence log-linear model (Darroch's M_t), fitted by its fixed point N = n / (1 − Π(1 − n_t/N)),
/// interval from a parametric bootstrap. Both assume the traps catch independently: a unit that sends
/// much is more likely seen by both, which biases N low, so read the figure as a floor.
public struct CaptureRecapture: Sendable, Hashable, Codable {
    public var traps: Int
    public var seen: Int
    public var estimate: Double
    public var low: Double
    public var high: Double
    public var method: String

    /// `histories[i]` is a bit set of the traps that saw unit i (bit t for trap t).
    public static func estimate(histories: [UInt32], traps: Int) -> CaptureRecapture? {
        guard traps >= 2, !histories.isEmpty else { return nil }
        let n = histories.count
        var perTrap = [Int](repeating: 0, count: traps)
        for h in histories { for t in 0..<traps where h & (1 << t) != 0 { perTrap[t] += 1 } }
        if traps == 2 {
            let n1 = Double(perTrap[0]), n2 = Double(perTrap[1])
            let m = Double(histories.filter { $0 & 3 == 3 }.count)
            let nHat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
            let variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) * (m + 1) * (m + 2))
            let half = 1.96 * sqrt(max(0, variance))
            return CaptureRecapture(traps: 2, seen: n, estimate: nHat, low: max(Double(n), nHat - half), high: nHat + half,
                                    method: "Chapman (2 traps; n1 \(perTrap[0]), n2 \(perTrap[1]), both \(Int(m)))")
        }
        let point = independence(n: n, perTrap: perTrap)
        // Parametric bootstrap: N̂ units, each caught by trap t with p_t = n_t / N̂.
        var rng = SplitMix64(seed: 2014)
        var samples: [Double] = []
        let total = Int(point.rounded())
        let p = perTrap.map { Double($0) / point }
        for _ in 0..<200 {
            var seen = 0
            var counts = [Int](repeating: 0, count: traps)
            for _ in 0..<total {
                var any = false
                for t in 0..<traps where rng.unit() < p[t] { counts[t] += 1; any = true }
                if any { seen += 1 }
            }
            samples.append(seen > 0 ? independence(n: seen, perTrap: counts) : 0)
        }
        samples.sort()
        return CaptureRecapture(traps: traps, seen: n, estimate: point, low: max(Double(n), Percentile.of(sorted: samples, 0.025)),
                                high: Percentile.of(sorted: samples, 0.975),
                                method: "log-linear independence model (\(traps) traps; per trap \(perTrap.map(String.init).joined(separator: ", ")))")
    }

    static func independence(n: Int, perTrap: [Int]) -> Double {
        var nHat = Double(n)
        for _ in 0..<500 {
            let missed = perTrap.reduce(1.0) { $0 * (1 - Double($1) / nHat) }
            let next = Double(n) / max(1e-9, 1 - missed)
            if abs(next - nHat) < 1e-9 { break }
            nHat = next
        }
        return nHat
    }
}
