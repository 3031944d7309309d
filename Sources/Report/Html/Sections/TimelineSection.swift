import BotCensusCore

/// (d) Spam over time, stacked by the sender class the evidence names for each address.
enum TimelineSection {
    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let t = input.timeline
        page.section(id: "timeline", title: "Spam over time, by sender class")
        guard !t.buckets.isEmpty else {
            page.paragraph("The case holds no spam events.")
            page.close("section")
            return
        }
        let classes = DeviceClass.allCases.filter { cls in t.buckets.contains { ($0[cls] ?? 0) > 0 } }
        let width = t.bucketSeconds
        let total = t.buckets.reduce(0) { $0 + $1.values.reduce(0, +) }
        page.paragraph("\(ReportNumbers.count(total)) \(t.unit) in \(t.buckets.count) buckets of \(ReportNumbers.span(width)) (UTC), "
            + "each coloured by the sender class of the address that sent it (unknown: no class probable enough to name).")
        let label = { (i: Int) -> String in
            let iso = TimeFormat.rfc3339(t.start + Double(i) * width)     // 2026-01-06T08:00:00Z
            let day = String(iso.dropFirst(5).prefix(5))                  // 01-06
            return width >= 86_400 ? day : day + " " + String(iso.dropFirst(11).prefix(5))
        }
        let chart = SVGColumnChart(
            label: "Spam \(t.unit) per \(ReportNumbers.span(width)) by sender class",
            series: classes.map { .init(name: $0.rawValue, color: ChartPalette.color($0)) },
            columns: t.buckets.indices.map { i in
                .init(label: label(i), values: classes.map { Double(t.buckets[i][$0] ?? 0) },
                      tip: "from \(TimeFormat.rfc3339(t.start + Double(i) * width))")
            },
            stacked: true, yTitle: t.unit, alwaysLegend: true)
        page.figure(chart.render(), caption: "Spam \(t.unit) per \(ReportNumbers.span(width)), stacked by sender class; times in UTC.")
        page.figuresBehind(headers: ["from (UTC)"] + classes.map(\.rawValue) + ["all"],
                           rows: t.buckets.indices.map { i in
                               [TimeFormat.rfc3339(t.start + Double(i) * width)] + classes.map { ReportNumbers.count(t.buckets[i][$0] ?? 0) }
                                   + [ReportNumbers.count(t.buckets[i].values.reduce(0, +))]
                           },
                           numeric: Set(1...(classes.count + 1)))
        page.close("section")
    }
}
