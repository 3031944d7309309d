/// The simulator's seeded generator (SplitMix64) and the draws it needs. Every random choice of a world comes
/// from one of these, derived from the scenario seed and a stream name, so the same seed gives the same bytes.
public struct SimRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    /// A generator for one independent stream (`stream`, `index`) of a seed: households, messages, scans.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        state = SimRandom.mix(SimRandom.mix(seed ^ 0x5EED_0000_0000_0000 &+ stream) &+ index)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SimRandom.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection on 64-bit words.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
