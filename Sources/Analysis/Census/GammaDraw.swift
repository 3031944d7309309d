#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// Draws from Gamma(shape, 1) for shape ≥ 1 (Marsaglia and Tsang 2000), with the seeded generator the census
/// uses, so its bootstrap stays reproducible.
enum GammaDraw {
    static func uniform(_ rng: inout SplitMix64) -> Double { (Double(rng.next() >> 11) + 0.5) * 0x1p-53 }

    static func normal(_ rng: inout SplitMix64) -> Double {
        (-2 * log(uniform(&rng))).squareRoot() * cos(2 * Double.pi * uniform(&rng))
    }

    static func draw(shape: Double, _ rng: inout SplitMix64) -> Double {
        let d = max(1, shape) - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal(&rng)
            let v = pow(1 + c * x, 3)
            guard v > 0 else { continue }
            let u = uniform(&rng)
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}
