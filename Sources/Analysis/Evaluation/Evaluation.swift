import BotCensusCore

/// How a case's verdicts and census compare with the ground truth of the world that made the evidence.
/// Per-address metrics use the addresses present in both; the census is compared as a whole.
public struct Evaluation: Hashable, Sendable {
    /// Addresses in the case and the truth, and those only in one of them (counted, never silently dropped).
    public struct Matching: Hashable, Sendable {
        public var matched: Int
        public var onlyInCase: [IPAddress]
        public var onlyInTruth: [IPAddress]
        public init(matched: Int, onlyInCase: [IPAddress], onlyInTruth: [IPAddress]) {
            self.matched = matched; self.onlyInCase = onlyInCase; self.onlyInTruth = onlyInTruth
        }
    }

    public var scenario: String
    public var seed: UInt64?
    public var matching: Matching
    public var classification: ClassificationMetrics
    public var calibration: CalibrationMetrics
    /// `hosts_behind_ip` (devices seen at each address) against the truth.
    public var hostCounts: HostCountMetrics
    /// `senders_behind_ip` against the hosts that truly sent from each address.
    public var senderCounts: HostCountMetrics
    /// Whether the verdicts blamed or cleared the answering devices rightly.
    public var blame: BlameMetrics
    public var census: CensusCoverage

    public init(scenario: String, seed: UInt64?, matching: Matching, classification: ClassificationMetrics,
                calibration: CalibrationMetrics, hostCounts: HostCountMetrics, senderCounts: HostCountMetrics, blame: BlameMetrics,
                census: CensusCoverage) {
        self.scenario = scenario; self.seed = seed; self.matching = matching; self.classification = classification
        self.calibration = calibration; self.hostCounts = hostCounts; self.senderCounts = senderCounts; self.blame = blame
        self.census = census
    }

    /// One verdict joined to its address's truth.
    public struct Pair: Hashable, Sendable {
        public var verdict: Verdict
        public var truth: TruthWorld.Address
        public init(verdict: Verdict, truth: TruthWorld.Address) { self.verdict = verdict; self.truth = truth }
    }

    /// Joins verdicts to truth by address; pairs come out in address order.
    public static func match(_ verdicts: [Verdict], _ truth: [TruthWorld.Address]) -> (pairs: [Pair], matching: Matching) {
        var truthByIP: [IPAddress: TruthWorld.Address] = [:]
        for t in truth where truthByIP[t.ip] == nil { truthByIP[t.ip] = t }
        var pairs: [Pair] = [], onlyInCase: [IPAddress] = []
        var used = Set<IPAddress>()
        for v in verdicts.sorted(by: { $0.ip < $1.ip }) {
            if let t = truthByIP[v.ip], used.insert(v.ip).inserted { pairs.append(Pair(verdict: v, truth: t)) }
            else { onlyInCase.append(v.ip) }
        }
        let onlyInTruth = truthByIP.keys.filter { !used.contains($0) }.sorted()
        return (pairs, Matching(matched: pairs.count, onlyInCase: onlyInCase, onlyInTruth: onlyInTruth))
    }

    /// Every metric family over one case.
    public static func evaluate(verdicts: [Verdict], census: Census, truth: TruthWorld) -> Evaluation {
        let (pairs, matching) = match(verdicts, truth.addresses)
        return Evaluation(scenario: truth.scenario, seed: truth.seed, matching: matching,
                          classification: ClassificationMetrics(pairs),
                          calibration: CalibrationMetrics(pairs),
                          hostCounts: HostCountMetrics(pairs, count: .devices),
                          senderCounts: HostCountMetrics(pairs, count: .senders),
                          blame: BlameMetrics(pairs),
                          census: CensusCoverage(census: census, truth: truth.infected))
    }

    /// `part / whole`, nil when there is nothing to divide.
    static func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
}
