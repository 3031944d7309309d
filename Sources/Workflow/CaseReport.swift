import Analysis
import BotCensusCore
import Foundation
import Report
import Store

/// `botcensus report`: gathers what the HTML page shows — the case's analysis (the stored one, as
/// `attribute` and `census` read it), spam over time by sender class, the words of the table's addresses,
/// and with a truth the scores of `evaluate` — for `Report.ReportPage` to render. Reads only.
public enum CaseReport {
    public static func build(store: CaseStore, truth: TruthWorld? = nil, rowCap: Int = CaseReportInput.defaultRowCap,
                             now: Date = Date()) throws -> CaseReportInput {
        let progress = TerminalProgress(label: "report of \(store.path)")
        defer { progress.finish() }
        progress.stage("analysis")
        let (verdicts, census) = try CaseAnalysis(store: store).census()
        progress.stage("spam over time")
        let timeline = try self.timeline(store: store, verdicts: verdicts)
        progress.stage("what the senders said")
        let shown = CaseReportInput.tableAddresses(verdicts, cap: rowCap).map(\.ip)
        let texts = try store.senderWords(of: shown).mapValues(addressTexts)
        var figures: TruthFigures?
        if let truth {
            progress.stage("scoring against the truth")
            figures = TruthFigures(Evaluation.evaluate(verdicts: verdicts, census: census, truth: truth), truth: truth)
        }
        return CaseReportInput(caseName: URL(fileURLWithPath: store.path).lastPathComponent,
                               generated: TimeFormat.rfc3339(now.timeIntervalSince1970.rounded(.down)),
                               version: BotCensusVersion.current, census: census, verdicts: verdicts, timeline: timeline,
                               texts: texts, truth: figures, rowCap: rowCap)
    }

    /// Messages per bucket and sender class (connections when the evidence holds no messages), over round
    /// buckets covering the campaign.
    static func timeline(store: CaseStore, verdicts: [Verdict]) throws -> SpamTimeline {
        guard let span = try store.spamSpan() else { return .empty }
        let kind: SpamEvent.Kind = span.messages > 0 ? .message : .connection
        let width = SpamTimeline.bucketWidth(span: span.last - span.first)
        let origin = SpamTimeline.origin(first: span.first, width: width)
        let count = Int(((span.last - origin) / width).rounded(.down)) + 1
        let classOf = Dictionary(verdicts.map { ($0.ip, $0.senderClass) }, uniquingKeysWith: { a, _ in a })
        var buckets = Array(repeating: [DeviceClass: Int](), count: count)
        for row in try store.spamPerBucket(kind: kind, origin: origin, bucketSeconds: width) where buckets.indices.contains(row.bucket) {
            buckets[row.bucket][classOf[row.ip] ?? .unknown, default: 0] += row.events
        }
        return SpamTimeline(start: origin, bucketSeconds: width, buckets: buckets, unit: kind == .message ? "messages" : "connections")
    }

    /// The most frequent HELO, name and subject (ties: the first in order), and one line per answering service.
    static func addressTexts(_ w: SenderWords) -> AddressTexts {
        func top(_ counts: [String: Int]) -> String? { counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
        let banners = w.services.map { s -> String in
            // Each value cut on its own, so one long title leaves room for the fields after it.
            let fields = s.fields.keys.sorted().filter { !$0.hasPrefix("tcp.") }.map { key -> String in
                let value = s.fields[key]!
                return "\(key): " + (value.count > 90 ? String(value.prefix(90)) + "…" : value)
            }
            return "\(s.port)/\(s.proto)" + (fields.isEmpty ? "" : " " + fields.joined(separator: "; "))
        }
        return AddressTexts(helo: top(w.helos), otherHelos: max(0, w.helos.count - 1), hostname: top(w.hostnames),
                            subject: top(w.subjects), otherSubjects: max(0, w.subjects.count - 1), banners: banners)
    }
}

extension TruthFigures {
    /// The report's view of an evaluation (the same metrics `botcensus evaluate` prints).
    init(_ e: Evaluation, truth: TruthWorld) {
        let c = e.classification, k = e.calibration
        var byClass: [DeviceClass: Int] = [:]
        for (name, n) in truth.infected.byClass { if let cls = DeviceClass(rawValue: name) { byClass[cls] = n } }
        self.init(scenario: e.scenario, seed: e.seed, infectedHosts: truth.infected.hosts, iotShare: truth.infected.iotShare,
                  byClass: byClass, matched: e.matching.matched, onlyInCase: e.matching.onlyInCase.count,
                  onlyInTruth: e.matching.onlyInTruth.count, falseIoT: c.falseIoT, naiveFalseIoT: c.naiveFalseIoT,
                  trueNonIoT: c.trueNonIoT, namedRight: c.overall.correct, named: c.overall.named, addresses: c.overall.total,
                  naiveRight: c.naive.correct, intervalsCovering: e.census.intervalsCovering, intervals: e.census.intervals,
                  calibration: k.bins.map { .init(low: $0.low, high: $0.high, count: $0.count, correct: $0.correct, meanConfidence: $0.meanConfidence) },
                  expectedCalibrationError: k.expectedCalibrationError, brierScore: k.brierScore)
    }
}
