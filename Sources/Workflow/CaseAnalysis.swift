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
        let (verdicts, census) = try analyseAndStore(state)
        releaseInBackground(consume verdicts)
        return census
    }

    /// Runs the pipeline and stores the result under `state`: the verdicts are written while the hosts are
    /// counted (the census, whatever `options.census` says: the stored analysis holds both).
    private func analyseAndStore(_ state: String) throws -> (verdicts: [Verdict], census: Census) {
        let attributed = try withEvidence { evidence, stage in CasePipeline.attribute(evidence, options: options, stage: stage) }
        stageTimes?.stage("counting hosts while storing verdicts")
        let verdicts = attributed.verdicts
        let census = try store.replaceAnalysis(verdicts: verdicts, state: state, countingMeanwhile: attributed.countHosts)
        stageTimes?.finish()
        releaseInBackground(consume attributed)
        return (verdicts, census)
    }

    /// Reads the case and runs the pipeline, storing nothing.
    public func run() throws -> CasePipeline.Result {
        try withEvidence { evidence, stage in CasePipeline.run(evidence, options: options, stage: stage) }
    }

    /// Reads the case's evidence and hands it to `body` with a stage reporter (a status line on a terminal,
    /// and `--stage-times`).
    private func withEvidence<T>(_ body: ([AddressEvidence], (String) -> Void) throws -> T) throws -> T {
        let progress = TerminalProgress(label: "analysis of \(store.path)")
        defer { progress.finish() }
        let stageTimes = self.stageTimes
        let stage = { (name: String) in progress.stage(name); stageTimes?.stage(name) }
        stage("reading the case")
        let evidence = Self.evidence(from: try store.addressRecords(digesting: SynDigester()))
        return try body(evidence, stage)
    }

    /// The analysis input of every address, from its records and its SYNs as `SynDigester` kept them; the
    /// addresses are read on every core.
    static func evidence(from records: [(AddressRecords, AddressEvidence.ThinnedSyns?)]) -> [AddressEvidence] {
        let scanTimes = records.flatMap { $0.0.observations.map { $0.0.time } }
        let window = scanTimes.min().flatMap { lo in scanTimes.max().map { lo...$0 } }
        return records.parallelMap { r, syns in
            let observed = r.observations.map {
                AddressEvidence.Observed(port: $0.0.port, time: $0.0.time, proto: $0.0.proto, identity: $0.1,
                                         synAckSignature: $0.0.fields["tcp.synack_sig"])
            }
            var e = AddressEvidence(ip: r.ip, spamTimes: r.spamTimes, messages: r.messages, connections: r.connections,
                                    thinned: syns ?? AddressEvidence.ThinnedSyns([]), observations: observed)
            e.scanWindow = window
            return e
        }
    }

    /// Store records → analysis input, an address's SYNs at a time as the store reads them (so a case's SYNs
    /// are never all held): each stack classified once and the SYNs of one stack and distance sharing one host
    /// key (a case has a few hundred stacks and 800,000 SYNs), then thinned to what the analysis reads.
    struct SynDigester: SenderSynDigester {
        private var trapNames: [IPAddress: String] = [:]
        private var readings: [SynStack: AddressEvidence.SenderSyn.Reading] = [:]
        private var hosts: [HostIdentity: HostKey] = [:]

        struct HostIdentity: Hashable { var stack: SynStack; var distance: Int? }

        mutating func prepare(stacks: [SynStack], hosts pairs: [(stack: SynStack, distance: Int?)], traps: [IPAddress]) {
            for stack in stacks {
                let made = SynOSClassifier.classify(stack.signature, p0fLabel: stack.osLabel, p0fParams: stack.params)
                readings[stack] = AddressEvidence.SenderSyn.Reading(signature: stack.signature, os: made.family, osLabel: made.label,
                                                                    quality: made.quality, reason: made.reason)
            }
            for pair in pairs { hosts[HostIdentity(stack: pair.stack, distance: pair.distance)] = HostKey(stack: readings[pair.stack]!.stack, distance: pair.distance) }
            for trap in traps { trapNames[trap] = trap.description }
        }

        func digest(_ records: [SenderSynRecord]) -> AddressEvidence.ThinnedSyns {
            AddressEvidence.ThinnedSyns(senderSyns(records))
        }

        /// Every one of these SYNs as the analysis reads it (of stacks, distances and traps prepared).
        func senderSyns(_ records: [SenderSynRecord]) -> [AddressEvidence.SenderSyn] {
            records.map { s in
                AddressEvidence.SenderSyn(time: s.time, reading: readings[s.stack]!, host: hosts[HostIdentity(stack: s.stack, distance: s.distance)]!,
                                          ipID: s.ipID, tsVal: s.tsVal, trap: s.dst.map { trapNames[$0]! })
            }
        }
    }
}
