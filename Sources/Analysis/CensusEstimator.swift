import BotCensusCore

/// Census v0 (docs/CENSUS.md): how many infected hosts sent the spam, and what share are IoT.
///
/// Naive figures are the 2014 method's: one device per address, the class of whatever answered.
/// The estimate counts distinct sender stacks per address (an address without SYN evidence hides a second
/// active host with probability `hiddenSecondHost`, after Maier et al. 2011), weights each address's hosts by
/// its verdict's class probabilities, and takes 95% intervals from a seeded bootstrap that resamples
/// addresses and draws each one's host count and sender classes from their distributions.
public struct CensusEstimator: Sendable {
    public var replicates: Int
    public var seed: UInt64
    /// P(an address without SYN evidence had two active sending hosts).
    public var hiddenSecondHost: Double

    public init(replicates: Int = 1000, seed: UInt64 = 2014, hiddenSecondHost: Double = 0.10) {
        self.replicates = replicates
        self.seed = seed
        self.hiddenSecondHost = hiddenSecondHost
    }

    /// Per address: observed sender stacks (nil without SYN evidence) and class probabilities.
    struct Unit {
        var senders: Int?
        var classes: [(DeviceClass, Double)]
        var iot: Double
    }

    public func estimate(_ verdicts: [Verdict]) -> Census {
        let n = verdicts.count
        let messages = verdicts.reduce(0) { $0 + $1.messages }
        let naiveIoT = verdicts.filter { $0.naiveClass.isIoT }.count
        var naiveByClass: [DeviceClass: Int] = [:]
        for v in verdicts { naiveByClass[v.naiveClass, default: 0] += 1 }
        var verdictCounts: [String: Int] = [:]
        for v in verdicts { verdictCounts[v.verdict.rawValue, default: 0] += 1 }

        let units = verdicts.map { v -> Unit in
            let senders = v.hostsBehindIP.senders
            var classes: [(DeviceClass, Double)] = []
            for (name, p) in v.classProbabilities { classes.append((DeviceClass(rawValue: name) ?? .unknown, p)) }
            classes.sort { $0.0 < $1.0 }
            let total = classes.reduce(0) { $0 + $1.1 }
            classes = classes.map { ($0.0, total > 0 ? $0.1 / total : 0) }
            let iot = classes.filter { $0.0.isIoT }.reduce(0) { $0 + $1.1 }
            return Unit(senders: senders, classes: classes, iot: iot)
        }

        // Point estimates: expected hosts and expected IoT hosts.
        var hosts = 0.0, iotHosts = 0.0
        var byClass: [DeviceClass: Double] = [:]
        for u in units {
            let h = u.senders.map(Double.init) ?? (1 + hiddenSecondHost)
            hosts += h
            iotHosts += h * u.iot
            for (c, p) in u.classes { byClass[c, default: 0] += h * p }
        }

        // Bootstrap.
        var rng = SplitMix64(seed: seed)
        var hostSamples: [Double] = [], shareSamples: [Double] = []
        var classSamples: [DeviceClass: [Double]] = [:]
        if n > 0 {
            for _ in 0..<replicates {
                var h = 0.0, iot = 0.0
                var perClass: [DeviceClass: Double] = [:]
                for _ in 0..<n {
                    let u = units[Int(rng.next() % UInt64(n))]
                    let count = Double(u.senders ?? (rng.unit() < hiddenSecondHost ? 2 : 1))
                    // Each host's class drawn from the address's class probabilities.
                    for _ in 0..<Int(count) {
                        var r = rng.unit()
                        var chosen = u.classes.last?.0 ?? .unknown
                        for (c, p) in u.classes {
                            if r < p { chosen = c; break }
                            r -= p
                        }
                        perClass[chosen, default: 0] += 1
                        if chosen.isIoT { iot += 1 }
                    }
                    h += count
                }
                hostSamples.append(h)
                shareSamples.append(h > 0 ? iot / h : 0)
                for c in DeviceClass.allCases { classSamples[c, default: []].append(perClass[c] ?? 0) }
            }
        }

        var classOut: [String: Census.ClassCount] = [:]
        for c in DeviceClass.allCases {
            let point = byClass[c] ?? 0
            let naive = naiveByClass[c] ?? 0
            guard point >= 0.5 || naive > 0 else { continue }
            let samples = classSamples[c] ?? [0]
            classOut[c.rawValue] = Census.ClassCount(hosts: Int(point.rounded()), low: Int(percentile(samples, 0.025).rounded()),
                                                     high: Int(percentile(samples, 0.975).rounded()), naive: naive)
        }

        let share = hosts > 0 ? iotHosts / hosts : 0
        let estimate = Census.Estimate(
            hosts: Int(hosts.rounded()),
            hostsLow: Int(percentile(hostSamples, 0.025).rounded()),
            hostsHigh: Int(percentile(hostSamples, 0.975).rounded()),
            iotShare: Self.round3(share),
            iotShareLow: Self.round3(min(share, percentile(shareSamples, 0.025))),
            iotShareHigh: Self.round3(max(share, percentile(shareSamples, 0.975))))
        return Census(addresses: n, messages: messages,
                      naive: Census.Naive(hosts: n, iotShare: n > 0 ? Self.round3(Double(naiveIoT) / Double(n)) : 0),
                      estimate: estimate, byClass: classOut, verdicts: verdictCounts,
                      method: "v0: sender stacks per address, bootstrap over addresses (\(replicates) replicates, seed \(seed))")
    }

    func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
        let f = position - Double(lo)
        return sorted[lo] * (1 - f) + sorted[hi] * f
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
