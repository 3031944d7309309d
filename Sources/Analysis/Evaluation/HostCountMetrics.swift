import BotCensusCore

/// How well `hosts_behind_ip` counts the hosts behind each address.
public struct HostCountMetrics: Hashable, Sendable {
    public var addresses: Int
    /// Mean |estimate − truth|; nil without addresses.
    public var meanAbsoluteError: Double?
    /// Mean (estimate − truth): negative when NAT is undercounted.
    public var meanError: Double?
    /// Addresses whose [low, high] holds the true count.
    public var covered: Int
    public var coverage: Double? { Evaluation.ratio(covered, addresses) }
    /// Addresses whose estimate is exactly right.
    public var exact: Int
    /// The naive method's error (one host per address).
    public var naiveMeanAbsoluteError: Double?

    public init(_ pairs: [Evaluation.Pair]) {
        var absolute = 0, signed = 0, naive = 0, covered = 0, exact = 0
        for p in pairs {
            let h = p.verdict.hostsBehindIP, t = p.truth.hostsBehindIP
            absolute += abs(h.estimate - t)
            signed += h.estimate - t
            naive += abs(1 - t)
            if h.low <= t && t <= h.high { covered += 1 }
            if h.estimate == t { exact += 1 }
        }
        addresses = pairs.count
        meanAbsoluteError = pairs.isEmpty ? nil : Double(absolute) / Double(pairs.count)
        meanError = pairs.isEmpty ? nil : Double(signed) / Double(pairs.count)
        naiveMeanAbsoluteError = pairs.isEmpty ? nil : Double(naive) / Double(pairs.count)
        self.covered = covered
        self.exact = exact
    }
}
