import Analysis
import BotCensusCore
import Fingerprint
import Store
#if canImport(Glibc)
import Glibc
#endif

/// `attribute` and `census`: reads the case, reasons (pure code in Analysis), stores the verdicts.
public struct CaseAnalysis {
    public let store: CaseStore
    public var attributor: Attributor
    /// Fit the class prior to the case (PriorFit) before attributing; off, the built-in prior holds.
    public var fitPrior: Bool
    /// Addresses the prior fit looks at (an even sample of the case when it has more).
    public var fitSample: Int

    public init(store: CaseStore, attributor: Attributor = Attributor(), fitPrior: Bool = true, fitSample: Int = 4000) {
        self.store = store
        self.attributor = attributor
        self.fitPrior = fitPrior
        self.fitSample = fitSample
    }

    /// Attributes every sending address and replaces the case's verdicts.
    public func attribute() throws -> [Verdict] {
        try attributeAndCount(estimator: nil).verdicts
    }

    /// Attributes every sending address (replacing the case's verdicts) and takes the census from the same read.
    public func attributeAndCount(estimator: CensusEstimator? = CensusEstimator()) throws -> (verdicts: [Verdict], census: Census?) {
        let records = try store.addressRecords()
        let scanTimes = records.flatMap { $0.observations.map { $0.0.time } }
        let window = scanTimes.min().map { $0...scanTimes.max()! }
        var trapNames: [IPAddress: String] = [:]   // few traps, many SYNs
        let evidence = records.map { r -> AddressEvidence in
            var e = CaseAnalysis.evidence(from: r, trapNames: &trapNames)
            e.scanWindow = window
            return e
        }
        var attributor = self.attributor
        // Hosts followed by their clocks: how long addresses are held here (the lease the model assumes),
        // and, in the census, how much one host sends.
        let syns = CaseAnalysis.censusSyns(evidence)
        let linked = syns.isEmpty ? nil : ClockLinker.link(syns)
        if let l = linked, let churn = ChurnFit.fit(lines: l.lines, syns: syns) {
            attributor.model.leaseTime = churn.holding
            attributor.model.staleAfter = churn.holding * log(2.0)
        }
        if fitPrior {
            let step = max(1, evidence.count / max(1, fitSample))
            let sample = stride(from: 0, to: evidence.count, by: step).map { evidence[$0] }
            attributor.model = PriorFit.fit(sample, base: attributor.model).model
        }
        let verdicts = evidence.map { attributor.verdict(for: $0) }
        try store.replaceVerdicts(verdicts)
        guard let estimator else { return (verdicts, nil) }
        return (verdicts, estimator.estimate(verdicts, syns: syns, linked: linked,
                                             senderMixes: CaseAnalysis.senderMixes(evidence, attributor: attributor)))
    }

    /// For addresses with several sender stacks: each stack's share of the SYNs and the class probabilities of
    /// that sender alone (the address attributed with only its SYNs), so the census counts every sender.
    static func senderMixes(_ evidence: [AddressEvidence], attributor: Attributor) -> [Int: [(share: Double, probabilities: [String: Double])]] {
        var out: [Int: [(share: Double, probabilities: [String: Double])]] = [:]
        for (i, e) in evidence.enumerated() {
            var clusters: [String: [AddressEvidence.SenderSyn]] = [:]
            for s in e.senderSyns { clusters[s.hostKey, default: []].append(s) }
            guard clusters.count >= 2 else { continue }
            out[i] = clusters.keys.sorted().map { key in
                var one = e
                one.senderSyns = clusters[key]!
                return (Double(clusters[key]!.count) / Double(e.senderSyns.count), attributor.verdict(for: one, splitHosts: false).classProbabilities)
            }
        }
        return out
    }

    /// The census of the case (attributing it first).
    public func census(estimator: CensusEstimator = CensusEstimator()) throws -> (verdicts: [Verdict], census: Census) {
        let r = try attributeAndCount(estimator: estimator)
        return (r.verdicts, r.census!)
    }

    /// Every spam connection's SYN for the census; `address` indexes `evidence` (and so the verdicts).
    static func censusSyns(_ evidence: [AddressEvidence]) -> [CensusSyn] {
        evidence.enumerated().flatMap { a, e in
            e.senderSyns.map { CensusSyn(address: a, time: $0.time, trap: $0.trap ?? "?", group: $0.hostKey, tsVal: $0.tsVal) }
        }
    }

    /// Store records → analysis input; the SYN OS classifier reads each sender SYN here.
    static func evidence(from r: AddressRecords, trapNames: inout [IPAddress: String]) -> AddressEvidence {
        let syns = r.senderSyns.map { s -> AddressEvidence.SenderSyn in
            let trap = s.dst.map { d in trapNames[d] ?? { let t = d.description; trapNames[d] = t; return t }() }
            let reading = SynOSClassifier.classify(s.signature, p0fLabel: s.osLabel, p0fParams: s.params)
            return AddressEvidence.SenderSyn(time: s.time, signature: s.signature, distance: s.distance, os: reading.family,
                                             osLabel: reading.label, quality: reading.quality, reason: reading.reason,
                                             ipID: s.ipID, tsVal: s.tsVal, trap: trap)
        }
        let observed = r.observations.map { AddressEvidence.Observed(port: $0.0.port, time: $0.0.time, proto: $0.0.proto, identity: $0.1) }
        return AddressEvidence(ip: r.ip, spamTimes: r.eventTimes, messages: r.messages, connections: r.connections,
                               senderSyns: syns, observations: observed)
    }
}
