#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long a host keeps its address, measured on the hosts its clock lets us follow: between two of a
/// linked host's SYNs Δt apart the address stayed the same with probability exp(−Δt / L) (address changes
/// as a Poisson process). L is the maximum-likelihood fit over consecutive SYN pairs. Attribution reads it as
/// the lease time: how likely a scan days after the spam still met the sender's household.
public enum ChurnFit {
    public struct Result: Sendable, Hashable {
        /// Mean time a host keeps an address, seconds (`cap` when no linked host ever moved).
        public var holding: Double
        public var pairs: Int
        public var moves: Int
    }

    public static let cap = 365.0 * 86400

    public static func fit(lines: [LinkedClock], syns: [SynSample], minimumPairs: Int = 30) -> Result? {
        var gaps: [(dt: Double, moved: Bool)] = []
        for line in lines {
            let ordered = line.members.sorted { syns[$0].time < syns[$1].time }
            for (a, b) in zip(ordered, ordered.dropFirst()) {
                let dt = syns[b].time - syns[a].time
                guard dt >= 60 else { continue }     // one burst says nothing about leases
                gaps.append((dt, syns[a].address != syns[b].address))
            }
        }
        guard gaps.count >= minimumPairs else { return nil }
        let moves = gaps.filter { $0.moved }.count
        guard moves > 0 else { return Result(holding: cap, pairs: gaps.count, moves: 0) }
        func logLikelihood(_ l: Double) -> Double {
            gaps.reduce(0) { $0 + ($1.moved ? log(max(1e-300, -expm1(-$1.dt / l))) : -$1.dt / l) }
        }
        // Golden-section search on log L between a minute and the cap (the likelihood is unimodal in L).
        var lo = log(60.0), hi = log(cap)
        let g = (sqrt(5.0) - 1) / 2
        for _ in 0..<100 {
            let a = hi - g * (hi - lo), b = lo + g * (hi - lo)
            if logLikelihood(exp(a)) < logLikelihood(exp(b)) { lo = a } else { hi = b }
        }
        return Result(holding: exp((lo + hi) / 2), pairs: gaps.count, moves: moves)
    }
}
