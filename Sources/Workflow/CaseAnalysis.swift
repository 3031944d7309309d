import Analysis
import BotCensusCore
import Fingerprint
import Store

/// `attribute` and `census`: reads the case, reasons (pure code in Analysis), stores the verdicts.
public struct CaseAnalysis {
    public let store: CaseStore
    public var attributor: Attributor

    public init(store: CaseStore, attributor: Attributor = Attributor()) {
        self.store = store
        self.attributor = attributor
    }

    /// Attributes every sending address and replaces the case's verdicts.
    public func attribute() throws -> [Verdict] {
        try attributeAndCount(estimator: nil).verdicts
    }

    /// Attributes every sending address (replacing the case's verdicts) and takes the census from the same read.
    public func attributeAndCount(estimator: CensusEstimator? = CensusEstimator()) throws -> (verdicts: [Verdict], census: Census?) {
        let records = try store.addressRecords()
        let verdicts = records.map { attributor.verdict(for: CaseAnalysis.evidence(from: $0)) }
        try store.replaceVerdicts(verdicts)
        return (verdicts, estimator.map { $0.estimate(verdicts, syns: CaseAnalysis.censusSyns(records)) })
    }

    /// The census of the case (attributing it first).
    public func census(estimator: CensusEstimator = CensusEstimator()) throws -> (verdicts: [Verdict], census: Census) {
        let r = try attributeAndCount(estimator: estimator)
        return (r.verdicts, r.census!)
    }

    /// Every spam connection's SYN for the census; `address` indexes `records` (and so the verdicts).
    static func censusSyns(_ records: [AddressRecords]) -> [CensusSyn] {
        var out: [CensusSyn] = []
        for (a, r) in records.enumerated() {
            for s in r.senderSyns {
                out.append(CensusSyn(address: a, time: s.time, trap: s.dst?.description ?? "?",
                                     group: "\(s.signature.stackKey)|\(s.distance.map(String.init) ?? "?")", tsVal: s.tsVal))
            }
        }
        return out
    }

    /// Store records → analysis input; the SYN OS classifier reads each sender SYN here.
    static func evidence(from r: AddressRecords) -> AddressEvidence {
        let syns = r.senderSyns.map { s -> AddressEvidence.SenderSyn in
            let reading = SynOSClassifier.classify(s.signature, p0fLabel: s.osLabel, p0fParams: s.params)
            return AddressEvidence.SenderSyn(time: s.time, signature: s.signature, distance: s.distance, os: reading.family,
                                             osLabel: reading.label, quality: reading.quality, reason: reading.reason)
        }
        let observed = r.observations.map { AddressEvidence.Observed(port: $0.0.port, time: $0.0.time, proto: $0.0.proto, identity: $0.1) }
        return AddressEvidence(ip: r.ip, spamTimes: r.eventTimes, messages: r.messages, connections: r.connections,
                               senderSyns: syns, observations: observed)
    }
}
