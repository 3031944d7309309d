import BotCensusCore

/// How well one of the per-address host counts matches the truth: `hosts_behind_ip` (devices seen at the
/// address) against the truth's `devices_seen`, or `senders_behind_ip` against the number of hosts that truly
/// sent from it. Addresses without a figure on either side are left out (and counted in `addresses` only
/// where both are there).
public struct HostCountMetrics: Hashable, Sendable {
    /// Which count: `devices` (hosts_behind_ip) or `senders` (senders_behind_ip).
    public enum Count: String, Sendable {
        case devices, senders
    }

    public var count: Count
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

    public init(_ pairs: [Evaluation.Pair], count: Count = .devices) {
        var absolute = 0, signed = 0, naive = 0, covered = 0, exact = 0, n = 0
        for p in pairs {
            let estimate: (estimate: Int, low: Int, high: Int)
            let truth: Int
            switch count {
            case .devices:
                let h = p.verdict.hostsBehindIP
                estimate = (h.estimate, h.low, h.high)
                // Truth files before `devices_seen` carry only the household's size.
                truth = p.truth.devicesSeen ?? p.truth.hostsBehindIP
            case .senders:
                guard let s = p.verdict.sendersBehindIP else { continue }
                estimate = (s.estimate, s.low, s.high)
                truth = p.truth.senders.count
            }
            n += 1
            absolute += abs(estimate.estimate - truth)
            signed += estimate.estimate - truth
            naive += abs(1 - truth)
            if estimate.low <= truth && truth <= estimate.high { covered += 1 }
            if estimate.estimate == truth { exact += 1 }
        }
        self.count = count
        addresses = n
        meanAbsoluteError = n == 0 ? nil : Double(absolute) / Double(n)
        meanError = n == 0 ? nil : Double(signed) / Double(n)
        naiveMeanAbsoluteError = n == 0 ? nil : Double(naive) / Double(n)
        self.covered = covered
        self.exact = exact
    }
}
