import BotCensusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hosts from a sample followed across addresses: the clock-linked hosts tell how many SYNs one host sends
/// over the campaign, wherever churn takes it, and the count of every SYN divided by that gives the hosts —
/// the Windows PCs that carry no timestamps included. A ratio estimator; its 95% interval comes from a
/// bootstrap over the linked hosts. It assumes linked hosts send like the rest (said in docs/CENSUS.md).
public struct LinkedSampleEstimate: Sendable, Hashable {
    public var hosts: Double
    public var low: Double
    public var high: Double
    /// Linked hosts and their SYNs, and the hosts added for those seen with one SYN only (which cannot form
    /// a line), from a zero-truncated Poisson fit of the linked hosts' SYN counts.
    public var linkedHosts: Int
    public var linkedSyns: Int
    public var singletonsAdded: Double
    public var totalSyns: Int
    /// The bootstrap replicates of the host count, in draw order (the census pairs them with its class shares).
    public var replicates: [Double]

    /// nil when fewer than `minimumLines` lines exist: then the sample is too small to speak.
    /// `fragments` lines may be pieces of hosts another line holds: the low end allows for all of them.
    public static func estimate(lineSizes: [Int], totalSyns: Int, fragments: Int = 0, replicates: Int, seed: UInt64,
                                minimumLines: Int = 8) -> LinkedSampleEstimate? {
        guard lineSizes.count >= minimumLines, totalSyns > 0 else { return nil }
        func point(_ sizes: [Int]) -> (hosts: Double, singles: Double) {
            let l = Double(sizes.count), s = Double(sizes.reduce(0, +))
            let singles = l * singletonShare(meanSize: s / l)
            return (Double(totalSyns) * (l + singles) / (s + singles), singles)
        }
        let p = point(lineSizes)
        var rng = SplitMix64(seed: seed)
        var samples: [Double] = []
        samples.reserveCapacity(replicates)
        var draw = [Int](repeating: 0, count: lineSizes.count)
        for _ in 0..<replicates {
            for k in draw.indices { draw[k] = lineSizes[Int(rng.next() % UInt64(lineSizes.count))] }
            // The SYN total varies too: Poisson-like noise around the count seen.
            let noise = (rng.unit() + rng.unit() + rng.unit() - 1.5) * 2 * sqrt(Double(totalSyns))
            samples.append(point(draw).hosts * (1 + noise / Double(totalSyns)))
        }
        let drawn = samples
        samples.sort()
        let unfragmented = Double(lineSizes.count - min(fragments, lineSizes.count - 1)) / Double(lineSizes.count)
        return LinkedSampleEstimate(hosts: p.hosts, low: Percentile.of(sorted: samples, 0.025) * unfragmented,
                                    high: Percentile.of(sorted: samples, 0.975),
                                    linkedHosts: lineSizes.count, linkedSyns: lineSizes.reduce(0, +),
                                    singletonsAdded: p.singles, totalSyns: totalSyns, replicates: drawn)
    }

    /// Hosts with exactly one SYN per host with two or more, for a Poisson count truncated below 2 whose
    /// mean is `meanSize`: λe^−λ / (1 − e^−λ − λe^−λ).
    static func singletonShare(meanSize m: Double) -> Double {
        guard m > 2 else { return 1 }
        // Solve m = λ(1 − e^−λ) / (1 − e^−λ − λe^−λ) for λ by bisection.
        var lo = 1e-6, hi = max(m, 1.0)
        func mean(_ x: Double) -> Double { x * (1 - exp(-x)) / (1 - exp(-x) - x * exp(-x)) }
        for _ in 0..<80 { let mid = (lo + hi) / 2; if mean(mid) < m { lo = mid } else { hi = mid } }
        let x = (lo + hi) / 2
        return x * exp(-x) / (1 - exp(-x) - x * exp(-x))
    }
}
