import BotCensusCore
/// The simulator's seeded generator (SplitMix64) and the draws it needs. Every random choice of a world comes
/// from one of these, derived from the scenario seed and a stream name, so the same seed gives the same bytes.
public struct SimRandom: RandomNumberGenerator, Sendable {
    private var base: SplitMix64
    public init(seed: UInt64) { base = SplitMix64(seed: seed) }

    /// A generator for one independent stream (`stream`, `index`) of a seed: households, messages, scans.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        base = SplitMix64(seed: SplitMix64.mix(SplitMix64.mix(seed ^ 0x5EED_0000_0000_0000 &+ stream) &+ index))
    }

    public mutating func next() -> UInt64 { base.next() }

    public static func mix(_ x: UInt64) -> UInt64 { SplitMix64.mix(x) }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    public mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }
    /// Uniform in `range` (inclusive).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
    /// Uniform in 0..<n.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Poisson with a small mean (Knuth), for counts of devices and bursts.
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * (unit() + unit() + unit() - 1.5) * 2).rounded())) }
        let limit = exp(-mean)
        var k = 0
        var p = unit()
        while p > limit { k += 1; p *= unit() }
        return k
    }
    /// An index drawn with the given weights (need not sum to 1).
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }
    /// Fisher–Yates.
    public mutating func shuffle<T>(_ a: inout [T]) {
        var i = a.count - 1
        while i > 0 {
            let j = below(i + 1)
            a.swapAt(i, j)
            i -= 1
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
