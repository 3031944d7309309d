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
        let verdicts = try store.addressRecords().map { attributor.verdict(for: CaseAnalysis.evidence(from: $0)) }
        try store.replaceVerdicts(verdicts)
        return verdicts
    }

    public func census(_ verdicts: [Verdict], estimator: CensusEstimator = CensusEstimator()) -> Census {
        estimator.estimate(verdicts)
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
