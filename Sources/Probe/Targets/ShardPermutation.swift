import BotCensusCore

/// ZMap's walk: the targets 0..<n are visited in the order of a cyclic group (Z/pZ)* for the smallest prime
/// p > n, from a seeded generator and starting element, skipping elements beyond n. Shard i of N takes every
/// N-th step of that one cycle, starting at step i, so N scanners with the same seed split the list with no
/// overlap and no gap, and neighbouring targets are not probed one after another.
public struct ShardPermutation: Sendable {
    public let count: Int
    public let prime: UInt64
    public let generator: UInt64
    public let start: UInt64

    public init(count: Int, seed: UInt64) {
        self.count = count
        prime = Self.nextPrime(after: UInt64(max(count, 2)))
        var random = SplitMix64(seed: seed)
        generator = Self.primitiveRoot(prime, random: &random)
        start = 1 + random.next() % (prime - 1)
    }

    /// The target indices of shard `shard` of `shards`, in walk order.
    public func indices(shard: Int, of shards: Int) -> [Int] {
        precondition(shards >= 1 && (0..<shards).contains(shard))
        let steps = prime - 1                       // the cycle's length
        var element = Self.mulmod(start, Self.powmod(generator, UInt64(shard), prime), prime)
        let stride = Self.powmod(generator, UInt64(shards), prime)
        var out: [Int] = []
        out.reserveCapacity(count / shards + 1)
        var step = UInt64(shard)
        while step < steps {
            if element <= UInt64(count) { out.append(Int(element - 1)) }
            element = Self.mulmod(element, stride, prime)
            step += UInt64(shards)
        }
        return out
    }

    static func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((high, low)).remainder
    }

    static func powmod(_ base: UInt64, _ exponent: UInt64, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1, b = base % m, e = exponent
        while e > 0 {
            if e & 1 == 1 { result = mulmod(result, b, m) }
            b = mulmod(b, b, m)
            e >>= 1
        }
        return result
    }

    static func isPrime(_ n: UInt64) -> Bool {
        if n < 2 { return false }
        if n % 2 == 0 { return n == 2 }
        var d: UInt64 = 3
        while d * d <= n { if n % d == 0 { return false }; d += 2 }
        return true
    }

    static func nextPrime(after n: UInt64) -> UInt64 {
        var p = n + 1
        while !isPrime(p) { p += 1 }
        return p
    }

    static func primeFactors(_ n: UInt64) -> [UInt64] {
        var factors: [UInt64] = [], rest = n, d: UInt64 = 2
        while d * d <= rest {
            if rest % d == 0 { factors.append(d); while rest % d == 0 { rest /= d } }
            d += 1
        }
        if rest > 1 { factors.append(rest) }
        return factors
    }

    /// A generator of (Z/pZ)*: g with g^((p-1)/q) ≠ 1 for every prime q dividing p-1, drawn from the seed.
    static func primitiveRoot(_ p: UInt64, random: inout SplitMix64) -> UInt64 {
        if p == 2 { return 1 }
        let factors = primeFactors(p - 1)
        while true {
            let g = 2 + random.next() % (p - 2 > 0 ? p - 2 : 1)
            if factors.allSatisfy({ powmod(g, (p - 1) / $0, p) != 1 }) { return g % p == 0 ? 1 : g }
        }
    }
}
