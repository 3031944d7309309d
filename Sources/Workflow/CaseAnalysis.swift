import Analysis
import BotCensusCore
import Fingerprint
import Store

/// `attribute`, `census` and `evaluate`: reads the case, runs the one pure pipeline (Analysis.CasePipeline),
/// stores verdicts and census stamped with the case state. While the case is unchanged (no import since)
/// the stored analysis is read back instead of recomputed; an import invalidates it.
public struct CaseAnalysis {
    public let store: CaseStore
    public var options: CasePipeline.Options
    /// Read a stored analysis of the same case state when there is one (never with a caller's own model).
    public var reuseStored: Bool
    /// When set, each step of an analysis is timed into it (`--stage-times`).
    public var stageTimes: StageTimes?
    private let customModel: Bool

    /// `attributor`: a model of the caller's own (tests, experiments); its analysis is stored under its own
    /// state, so the default readers never take it for theirs, and never read back.
    public init(store: CaseStore, attributor: Attributor? = nil, fitPrior: Bool = true, fitSample: Int = 4000,
                reuseStored: Bool = true) {
        self.store = store
        self.options = CasePipeline.Options(attributor: attributor ?? Attributor(), fitPrior: fitPrior, fitSample: fitSample)
        self.customModel = attributor != nil
        self.reuseStored = reuseStored && attributor == nil
    }

    /// What the stored analysis depends on besides the evidence: the settings.
    var settings: String { "fit \(options.fitPrior) sample \(options.fitSample)\(customModel ? " custom model" : "")" }

    /// Makes sure the stored analysis is of the case as it is now (computing and storing it when not), without
    /// reading it back: for output that streams the stored verdicts as they are.
    public func refresh() throws {
        let state = try store.caseState(settings: settings)
        if reuseStored, try store.hasAnalysis(state: state) { return }
        _ = try analyseAndStore(state)
    }

    /// Verdicts for every sending address (stored, or computed and stored with the census).
    public func attribute() throws -> [Verdict] {
        try census().verdicts
    }

    /// Verdicts and census of the case: the stored ones when the case has not changed, else computed and stored.
    public func census() throws -> (verdicts: [Verdict], census: Census) {
        let state = try store.caseState(settings: settings)
        if reuseStored, let stored = try store.storedAnalysis(state: state), let census = stored.census {
            return (stored.verdicts, census)
        }
        return try analyseAndStore(state)
    }

    /// The census alone: the stored one when the case has not changed (its verdicts are not read), else
    /// computed and stored with the verdicts.
    public func censusAlone() throws -> Census {
        let state = try store.caseState(settings: settings)
        if reuseStored, let census = try store.storedCensus(state: state) { return census }
        return try analyseAndStore(state).census
    }

    /// Runs the pipeline (with its census, whatever `options.census` says: the stored analysis holds both)
    /// and stores the result under `state`.
    private func analyseAndStore(_ state: String) throws -> (verdicts: [Verdict], census: Census) {
        var withCensus = options
        withCensus.census = true
        let result = try run(options: withCensus)
        let census = result.census ?? CensusEstimator().estimate(result.verdicts)
        stageTimes?.stage("storing verdicts and census")
        try store.replaceAnalysis(verdicts: result.verdicts, census: census, state: state)
        stageTimes?.finish()
        return (result.verdicts, census)
    }

    /// Reads the case and runs the pipeline, storing nothing.
    public func run() throws -> CasePipeline.Result { try run(options: options) }

    private func run(options: CasePipeline.Options) throws -> CasePipeline.Result {
        let progress = TerminalProgress(label: "analysis of \(store.path)")
        defer { progress.finish() }
        let stageTimes = self.stageTimes
        let stage = { (name: String) in progress.stage(name); stageTimes?.stage(name) }
        stage("reading the case")
        var records = try store.addressRecords()
        let scanTimes = records.flatMap { $0.observations.map { $0.0.time } }
        let window = scanTimes.min().flatMap { lo in scanTimes.max().map { lo...$0 } }
        var reader = EvidenceReader()
        var evidence: [AddressEvidence] = []
        evidence.reserveCapacity(records.count)
        // Record by record, each let go once read: the two forms of the SYNs are not held at once.
        for i in records.indices {
            var e = reader.evidence(from: records[i])
            records[i].senderSyns = []
            e.scanWindow = window
            evidence.append(e)
        }
        records = []
        return CasePipeline.run(evidence, options: options, stage: stage)
    }

    /// Store records → analysis input. The SYN OS classifier reads each stack once, and the SYNs of one stack
    /// and distance share one host key (a case has a few hundred stacks and 800,000 SYNs).
    struct EvidenceReader {
        private var trapNames: [IPAddress: String] = [:]   // few traps, many SYNs
        private var readings: [SynStack: AddressEvidence.SenderSyn.Reading] = [:]
        private var hosts: [HostIdentity: HostKey] = [:]

        struct HostIdentity: Hashable { var stack: SynStack; var distance: Int? }

        mutating func evidence(from r: AddressRecords) -> AddressEvidence {
            let syns = r.senderSyns.map { s -> AddressEvidence.SenderSyn in
                let trap = s.dst.map { d in trapNames[d] ?? { let t = d.description; trapNames[d] = t; return t }() }
                let reading = readings[s.stack] ?? {
                    let made = SynOSClassifier.classify(s.stack.signature, p0fLabel: s.stack.osLabel, p0fParams: s.stack.params)
                    let reading = AddressEvidence.SenderSyn.Reading(signature: s.stack.signature, os: made.family, osLabel: made.label,
                                                                    quality: made.quality, reason: made.reason)
                    readings[s.stack] = reading
                    return reading
                }()
                let hostID = HostIdentity(stack: s.stack, distance: s.distance)
                let host = hosts[hostID] ?? {
                    let made = HostKey(stack: reading.stack, distance: s.distance)
                    hosts[hostID] = made
                    return made
                }()
                return AddressEvidence.SenderSyn(time: s.time, reading: reading, host: host, ipID: s.ipID, tsVal: s.tsVal, trap: trap)
            }
            let observed = r.observations.map {
                AddressEvidence.Observed(port: $0.0.port, time: $0.0.time, proto: $0.0.proto, identity: $0.1,
                                         synAckSignature: $0.0.fields["tcp.synack_sig"])
            }
            return AddressEvidence(ip: r.ip, spamTimes: r.spamTimes, messages: r.messages, connections: r.connections,
                                   senderSyns: syns, observations: observed)
        }
    }
}
