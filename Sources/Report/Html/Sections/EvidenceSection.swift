import BotCensusCore

/// (f) The evidence that moved the most verdicts: each verdict counted under the entry that weighed most in
/// it (the largest log-likelihood ratio either way).
enum EvidenceSection {
    struct KindCount {
        var kind: String
        var verdicts: Int
        var supporting: Int
        var meanWeight: Double
    }

    /// Kinds by the number of verdicts they weighed most in (most first), and the verdicts where nothing weighed.
    static func counts(_ verdicts: [Verdict]) -> (kinds: [KindCount], unweighed: Int) {
        var byKind: [String: (n: Int, supporting: Int, weight: Double)] = [:]
        var unweighed = 0
        for v in verdicts {
            guard let top = ReportWords.topEvidence(v) else { unweighed += 1; continue }
            var k = byKind[top.kind] ?? (0, 0, 0)
            k.n += 1
            if top.weight > 0 { k.supporting += 1 }
            k.weight += abs(top.weight)
            byKind[top.kind] = k
        }
        let kinds = byKind.map { KindCount(kind: $0.key, verdicts: $0.value.n, supporting: $0.value.supporting,
                                           meanWeight: $0.value.weight / Double($0.value.n)) }
            .sorted { ($0.verdicts, $1.kind) > ($1.verdicts, $0.kind) }
        return (kinds, unweighed)
    }

    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let (kinds, unweighed) = counts(input.verdicts)
        page.section(id: "evidence", title: "The evidence that moved the verdicts")
        page.paragraph("Each verdict lists its evidence with a weight: the log-likelihood ratio for (positive) or against (negative) "
            + "the verdict it reached. Here every verdict is counted under the entry that weighed most in it.")
        if kinds.isEmpty {
            page.paragraph("No verdict carries weighed evidence.")
        } else {
            let chart = SVGBarChart(
                label: "Verdicts by the evidence that weighed most",
                series: [.init(name: "verdicts", color: ChartPalette.botcensus)],
                rows: kinds.map { .init(label: $0.kind, values: [Double($0.verdicts)], valueLabels: [ReportNumbers.count($0.verdicts)]) },
                scaleMax: Double(kinds.map(\.verdicts).max() ?? 1) * 1.05, labelWidth: 190)
            page.figure(chart.render(), caption: "Verdicts per kind of evidence that weighed most in them"
                + (unweighed > 0 ? "; \(ReportNumbers.count(unweighed)) verdicts carry no weighed evidence." : "."))
        }
        page.table(headers: ["evidence", "verdicts", "for the verdict", "mean weight", "what it means"],
                   rows: kinds.map { [$0.kind, ReportNumbers.count($0.verdicts), ReportNumbers.count($0.supporting),
                                      ReportNumbers.decimal($0.meanWeight, digits: 1), ReportWords.evidence($0.kind)] },
                   numeric: [1, 2, 3])
        page.close("section")
    }
}
