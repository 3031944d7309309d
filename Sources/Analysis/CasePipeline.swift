import BotCensusCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one analysis of a case, pure: evidence per address in, attributions, verdicts and the census out.
/// Hosts are followed by their TCP clocks (how long addresses are held here, how much one host sends), the
/// model is fitted to the case (PriorFit), every address is attributed, and the census counts.
/// Workflow reads the case, calls `run`, and stores the result; nothing here does I/O.
public enum CasePipeline {
    public struct Options: Sendable {
        public var attributor: Attributor
        /// Fit the class prior to the case (PriorFit) before attributing; off, the built-in prior holds.
        public var fitPrior: Bool
        /// Addresses the prior fit looks at (an even sample of the case when it has more).
        public var fitSample: Int
        /// Take the census (off: attribution only).
        public var census: Bool
        public init(attributor: Attributor = Attributor(), fitPrior: Bool = true, fitSample: Int = 4000, census: Bool = true) {
            self.attributor = attributor; self.fitPrior = fitPrior; self.fitSample = fitSample; self.census = census
        }
    }

    public struct Result: Sendable {
        public var attributions: [Attribution]
        /// The same, rendered as the verdict contract (in the same order).
        public var verdicts: [Verdict]
        public var census: Census?
        /// The model as fitted to the case.
        public var model: AttributionModel
    }

    /// `stage` names each step as it starts (a status line on a terminal for a long analysis).
    public static func run(_ evidence: [AddressEvidence], options: Options = Options(), stage: (String) -> Void = { _ in }) -> Result {
        let attributed = attribute(evidence, options: options, stage: stage)
        var census: Census?
        if options.census {
            stage("counting hosts")
            census = attributed.countHosts()
        }
        return Result(attributions: attributed.attributions, verdicts: attributed.verdicts, census: census, model: attributed.model)
    }

    /// Every address attributed, with what the census will count: `countHosts` is a step of its own, so a
    /// caller can store the verdicts on one core while the hosts are counted on the other.
    public struct Attributed: Sendable {
        public var attributions: [Attribution]
        /// The same, rendered as the verdict contract (in the same order).
        public var verdicts: [Verdict]
        /// The model as fitted to the case.
        public var model: AttributionModel { attributor.model }
        let evidence: [AddressEvidence]
        let syns: CensusSyns
        let linked: ClockLinker.Result?
        let attributor: Attributor

        /// The census of these verdicts.
        public func countHosts() -> Census {
            CensusEstimator().estimate(verdicts, census: syns, linked: linked, posteriors: attributions.map(\.posterior),
                                       senderMixes: CasePipeline.senderMixes(evidence, attributor: attributor),
                                       families: attributions.map { $0.senderOS?.family }, hedges: FamilyHedges(model: attributor.model))
        }
    }

    /// Hosts followed by their clocks, the model fitted, every address attributed: all but the census.
    public static func attribute(_ evidence: [AddressEvidence], options: Options = Options(), stage: (String) -> Void = { _ in }) -> Attributed {
        var attributor = options.attributor
        stage("following hosts by their TCP clocks")
        let syns = censusSyns(evidence)
        let linked = syns.isEmpty ? nil : ClockLinker.link(syns.timed)
        if let l = linked, let churn = ChurnFit.fit(lines: l.lines, syns: syns.timed) {
            attributor.model.leaseTime = churn.holding
            attributor.model.staleAfter = churn.holding * log(2.0)
        }
        // Answers read within a tenth of a lease of the spam met the same household nine times in ten.
        attributor.model.answerHopOffset = HopAlignment.offset(evidence, fresh: attributor.model.leaseTime * 0.1)
        if options.fitPrior {
            stage("fitting the model to the case")
            let step = max(1, evidence.count / max(1, options.fitSample))
            let sample = stride(from: 0, to: evidence.count, by: step).map { evidence[$0] }
            attributor.model = PriorFit.fit(sample, base: attributor.model).model
        }
        stage("attributing \(evidence.count) addresses")
        let fitted = attributor
        let attributions = evidence.parallelMap { fitted.attribution(for: $0) }
        let verdicts = attributions.parallelMap(VerdictRenderer.render)
        return Attributed(attributions: attributions, verdicts: verdicts, evidence: evidence, syns: syns, linked: linked,
                          attributor: attributor)
    }

    /// For addresses with several sender stacks: each stack's share of the SYNs and the class probabilities of
    /// that sender alone (the address attributed with only its SYNs), so the census counts every sender.
    static func senderMixes(_ evidence: [AddressEvidence], attributor: Attributor) -> [Int: [SenderMixPart]] {
        let mixes = evidence.parallelMap { e -> [SenderMixPart]? in
            // Most addresses have one sender: said without building their clusters.
            guard let first = e.senderSyns.first?.host, e.senderSyns.contains(where: { $0.host != first }) else { return nil }
            var clusters: [HostKey: [AddressEvidence.SenderSyn]] = [:]
            for s in e.senderSyns { clusters[s.host, default: []].append(s) }
            return clusters.sorted { $0.key < $1.key }.map { _, members in
                var one = e
                one.senderSyns = members
                let alone = attributor.attribution(for: one, splitHosts: false, explain: false)
                return (Double(Attributor.synCount(members)) / Double(e.synCount), alone.posterior, alone.senderOS?.family)
            }
        }
        var out: [Int: [SenderMixPart]] = [:]
        for (i, mix) in mixes.enumerated() where mix != nil { out[i] = mix }
        return out
    }

    /// What the census reads of the spam connections' SYNs; `address` indexes `evidence` (and so the verdicts).
    /// Thinned evidence brings its units; the rest are made here.
    static func censusSyns(_ evidence: [AddressEvidence]) -> CensusSyns {
        let timed = evidence.parallelFlatMap(counts: evidence.map { e in e.senderSyns.lazy.filter { $0.tsVal != nil }.count }) { a, e, out in
            var j = 0
            for s in e.senderSyns where s.tsVal != nil { (out + j).initialize(to: SynSample(s, address: a)); j += 1 }
        }
        let perAddress = evidence.parallelMap { e in e.senderUnits ?? SenderUnit.units(of: e.senderSyns) }
        let units = perAddress.parallelFlatMap(counts: perAddress.map(\.count)) { a, units, out in
            for (j, u) in units.enumerated() { var u = u; u.address = a; (out + j).initialize(to: u) }
        }
        return CensusSyns(timed: timed, units: units, total: evidence.reduce(0) { $0 + $1.synCount })
    }
}
