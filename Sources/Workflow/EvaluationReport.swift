import Analysis
import BotCensusCore
import Report

/// `evaluate` output: a compact table, or the JSON object documented in docs/EVALUATION.md.
/// (Here rather than in Report because Report does not depend on Analysis, where the metrics live.)
public enum EvaluationReport {
    // MARK: table

    public static func table(_ e: Evaluation) -> String {
        var out = "evaluation against truth of '\(e.scenario)'" + (e.seed.map { " (seed \($0))" } ?? "") + "\n"
        let m = e.matching
        out += "addresses: \(m.matched) matched, \(m.onlyInCase.count) only in the case, \(m.onlyInTruth.count) only in the truth\n"
        if !m.onlyInCase.isEmpty { out += "  only in the case: \(list(m.onlyInCase))\n" }
        if !m.onlyInTruth.isEmpty { out += "  only in the truth: \(list(m.onlyInTruth))\n" }

        let c = e.classification
        out += "\nSender class\n\n"
        var acc = TextTable(headers: ["", "named", "accuracy where named", "right", "addresses"],
                            alignments: [.left, .right, .right, .right, .right])
        for (name, a) in [("all addresses", c.overall), ("sender SYN in evidence", c.withSenderSYN),
                          ("no sender SYN", c.withoutSenderSYN), ("naive (2014 method)", c.naive)] {
            acc.add([name, "\(a.named) (\(rate(a.coverage)))", rate(a.accuracy), String(a.correct), String(a.total)])
        }
        out += acc.render()
        out += "false IoT: \(c.falseIoT) of \(c.trueNonIoT) non-IoT senders blamed on IoT (\(rate(c.falseIoTRate))); "
        out += "naive: \(c.naiveFalseIoT) (\(rate(c.naiveFalseIoTRate)))\n"
        let ceiling = c.ceiling
        out += "ceiling: an oracle knowing each of the \(ceiling.groups) evidence patterns' true classes names \(ceiling.named) of the "
        out += "\(ceiling.addresses) addresses with the sender SYN (\(rate(ceiling.coverage))), right at \(rate(ceiling.accuracy))\n\n"
        var per = TextTable(headers: ["class", "true", "said", "precision", "recall"], alignments: [.left, .right, .right, .right, .right])
        for p in c.perClass { per.add([p.deviceClass.rawValue, String(p.support), String(p.predicted), rate(p.precision), rate(p.recall)]) }
        out += per.render()

        let k = e.calibration
        out += "\nCalibration (the \(k.addresses) verdicts that name a class)\n\n"
        var bins = TextTable(headers: ["confidence", "addresses", "mean confidence", "accuracy"], alignments: [.left, .right, .right, .right])
        for b in k.bins {
            bins.add(["\(number(b.low, 1))–\(number(b.high, 1))", String(b.count), b.meanConfidence.map { number($0, 3) } ?? "–", rate(b.accuracy)])
        }
        out += bins.render()
        out += "ECE \(k.expectedCalibrationError.map { number($0, 3) } ?? "–"); over all \(k.allAddresses) addresses with the most probable class: "
        out += "ECE \(k.topClassECE.map { number($0, 3) } ?? "–"), Brier \(k.brierScore.map { number($0, 3) } ?? "–")\n"

        let b = e.blame
        out += "\nWhich host sent: the answering device blamed or cleared\n\n"
        if b.addresses == 0 {
            out += "no address where an identified device answered and the truth says whether it sent\n"
        } else {
            out += "\(b.addresses) addresses where an identified device answered; decided at \(b.decided) (\(rate(b.coverage))), "
            out += "right at \(b.correct) (\(rate(b.accuracy))): \(b.wronglyBlamed) blamed that did not send, \(b.wronglyCleared) cleared that did; "
            out += "naive (blame what answered): right at \(b.naiveCorrect) (\(rate(b.naiveAccuracy)))\n"
            out += "answering devices that truly sent: \(b.devicesThatSent), blamed by the verdict: \(b.devicesThatSentBlamed)\n"
        }

        out += "\nHosts per address\n\n"
        var counts = TextTable(headers: ["count", "addresses", "mean abs error", "naive (one)", "mean error", "interval holds", "exact"],
                               alignments: [.left, .right, .right, .right, .right, .right, .right])
        for (name, h) in [("senders_behind_ip: hosts that sent", e.senderCounts), ("hosts_behind_ip: devices seen", e.hostCounts)] {
            counts.add([name, String(h.addresses), h.meanAbsoluteError.map { number($0, 3) } ?? "–",
                        h.naiveMeanAbsoluteError.map { number($0, 3) } ?? "–", h.meanError.map { number($0, 3) } ?? "–",
                        "\(h.covered) (\(rate(h.coverage)))", String(h.exact)])
        }
        out += counts.render()

        let s = e.census
        out += "\nCensus against the true infected population\n\n"
        var t = TextTable(headers: ["", "truth", "naive", "naive error", "estimate", "error", "95% interval", "holds truth"],
                          alignments: [.left, .right, .right, .right, .right, .right, .right, .left])
        func row(_ name: String, _ f: CensusCoverage.Figure, share: Bool) {
            let v: (Double) -> String = share ? { percent($0) } : { number($0, 0) }
            let d: (Double) -> String = share ? { signed($0 * 100, 1) + " pt" } : { signed($0, 0) }
            t.add([name, v(f.truth), v(f.naive), d(f.naiveError), v(f.estimate), d(f.error), "\(v(f.low))–\(v(f.high))", f.covered ? "yes" : "NO"])
        }
        row("infected hosts", s.hosts, share: false)
        row("IoT share", s.iotShare, share: true)
        for cf in s.byClass { row("  " + cf.deviceClass.rawValue, cf.figure, share: false) }
        out += t.render()
        out += "\(s.intervalsCovering) of \(s.intervals) intervals hold the truth\n"
        return out
    }

    static func list(_ ips: [IPAddress]) -> String {
        ips.prefix(10).map(\.description).joined(separator: ", ") + (ips.count > 10 ? ", … (\(ips.count - 10) more)" : "")
    }

    static func number(_ x: Double, _ digits: Int) -> String {
        digits == 0 ? String(Int(x.rounded())) : VerdictReport.format(x, digits)
    }

    static func rate(_ x: Double?) -> String { x.map(percent) ?? "–" }

    static func percent(_ x: Double) -> String { VerdictReport.format(x * 100, 1) + "%" }

    static func signed(_ x: Double, _ digits: Int) -> String {
        let s = number(abs(x), digits)
        return x > 0 && s != number(0, digits) ? "+" + s : (x < 0 && s != number(0, digits) ? "-" + s : s)
    }

    // MARK: JSON

    /// The stable JSON object of docs/EVALUATION.md (keys sorted; absent figures are null, never left out).
    public static func json(_ e: Evaluation) throws -> String {
        try JSONOutput.encode(object(e))
    }

    static func object(_ e: Evaluation) -> JSONValue {
        let m = e.matching, c = e.classification, k = e.calibration, h = e.hostCounts, s = e.census
        func accuracy(_ a: ClassificationMetrics.Accuracy) -> JSONValue {
            .object(["accuracy": .number(a.accuracy), "correct": .int(a.correct), "named": .int(a.named), "coverage": .number(a.coverage),
                     "total": .int(a.total)])
        }
        func figure(_ f: CensusCoverage.Figure) -> JSONValue {
            .object(["truth": .number(f.truth), "estimate": .number(f.estimate), "low": .number(f.low), "high": .number(f.high),
                     "covered": .bool(f.covered), "error": .number(f.error), "naive": .number(f.naive), "naive_error": .number(f.naiveError)])
        }
        var perClass: [String: JSONValue] = [:]
        for p in c.perClass {
            perClass[p.deviceClass.rawValue] = .object(["support": .int(p.support), "predicted": .int(p.predicted),
                                                        "true_positives": .int(p.truePositives),
                                                        "precision": .number(p.precision), "recall": .number(p.recall)])
        }
        func counts(_ h: HostCountMetrics) -> JSONValue {
            .object(["addresses": .int(h.addresses), "mae": .number(h.meanAbsoluteError), "mean_error": .number(h.meanError),
                     "covered": .int(h.covered), "coverage": .number(h.coverage), "exact": .int(h.exact),
                     "naive_mae": .number(h.naiveMeanAbsoluteError)])
        }
        var censusByClass: [String: JSONValue] = [:]
        for cf in s.byClass { censusByClass[cf.deviceClass.rawValue] = figure(cf.figure) }
        return .object([
            "scenario": .string(e.scenario),
            "seed": e.seed.map { .uint($0) } ?? .null,
            "addresses": .object(["matched": .int(m.matched), "only_in_case": .int(m.onlyInCase.count),
                                  "only_in_truth": .int(m.onlyInTruth.count),
                                  "only_in_case_ips": .array(m.onlyInCase.map { .string($0.description) }),
                                  "only_in_truth_ips": .array(m.onlyInTruth.map { .string($0.description) })]),
            "classification": .object([
                "overall": accuracy(c.overall), "with_sender_syn": accuracy(c.withSenderSYN),
                "without_sender_syn": accuracy(c.withoutSenderSYN), "naive": accuracy(c.naive),
                "false_iot": .object(["count": .int(c.falseIoT), "true_non_iot": .int(c.trueNonIoT), "rate": .number(c.falseIoTRate),
                                      "naive_count": .int(c.naiveFalseIoT), "naive_rate": .number(c.naiveFalseIoTRate)]),
                "by_class": .object(perClass),
                "ceiling": .object(["addresses": .int(c.ceiling.addresses), "named": .int(c.ceiling.named), "correct": .int(c.ceiling.correct),
                                    "groups": .int(c.ceiling.groups), "coverage": .number(c.ceiling.coverage),
                                    "accuracy": .number(c.ceiling.accuracy)]),
            ]),
            "calibration": .object([
                "addresses": .int(k.addresses), "all_addresses": .int(k.allAddresses),
                "ece": .number(k.expectedCalibrationError), "top_class_ece": .number(k.topClassECE), "brier": .number(k.brierScore),
                "bins": .array(k.bins.map { b in
                    .object(["low": .number(b.low), "high": .number(b.high), "count": .int(b.count), "correct": .int(b.correct),
                             "mean_confidence": .number(b.meanConfidence), "accuracy": .number(b.accuracy)])
                }),
            ]),
            "host_counts": counts(h),
            "sender_counts": counts(e.senderCounts),
            "blame": .object(["addresses": .int(e.blame.addresses), "decided": .int(e.blame.decided), "correct": .int(e.blame.correct),
                              "accuracy": .number(e.blame.accuracy), "coverage": .number(e.blame.coverage),
                              "wrongly_blamed": .int(e.blame.wronglyBlamed), "wrongly_cleared": .int(e.blame.wronglyCleared),
                              "naive_correct": .int(e.blame.naiveCorrect), "naive_accuracy": .number(e.blame.naiveAccuracy),
                              "devices_that_sent": .int(e.blame.devicesThatSent),
                              "devices_that_sent_blamed": .int(e.blame.devicesThatSentBlamed)]),
            "census": .object([
                "hosts": figure(s.hosts), "iot_share": figure(s.iotShare), "by_class": .object(censusByClass),
                "intervals": .int(s.intervals), "intervals_covering": .int(s.intervalsCovering),
            ]),
        ])
    }

    /// A JSON tree whose missing figures print as null (synthesised Codable would drop the key).
    enum JSONValue: Encodable {
        case null, bool(Bool), int(Int), uint(UInt64), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

        /// A figure rounded to 6 decimals (stable text), or null.
        static func number(_ x: Double?) -> JSONValue {
            guard let x, x.isFinite else { return .null }
            return .double((x * 1_000_000).rounded() / 1_000_000)
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case .bool(let b): try c.encode(b)
            case .int(let i): try c.encode(i)
            case .uint(let u): try c.encode(u)
            case .double(let d): try c.encode(d)
            case .string(let s): try c.encode(s)
            case .array(let a): try c.encode(a)
            case .object(let o): try c.encode(o)
            }
        }
    }
}
