import BotCensusCore

/// (b) Who sends, by class: the 2014 method's shares (addresses by what answered) beside botcensus's
/// (estimated hosts by evidence-based sender class) and, with a truth, the true infected hosts.
enum ClassSharesSection {
    struct Share {
        var deviceClass: DeviceClass?   // nil: every IoT class together
        var naive: Double
        var naiveCount: Int
        var estimate: Double
        var estimateCount: Int
        var low: Int?
        var high: Int?
        var truth: Double?
        var truthCount: Int?
    }

    static func shares(_ input: CaseReportInput) -> [Share] {
        let c = input.census, t = input.truth
        let naiveTotal = Double(max(c.naive.hosts, 1)), hostTotal = Double(max(c.estimate.hosts, 1))
        let truthTotal = Double(max(t?.infectedHosts ?? 1, 1))
        var out = [Share(deviceClass: nil, naive: c.naive.iotShare, naiveCount: Int((c.naive.iotShare * naiveTotal).rounded()),
                         estimate: c.estimate.iotShare, estimateCount: Int((c.estimate.iotShare * hostTotal).rounded()),
                         low: nil, high: nil, truth: t?.iotShare, truthCount: t.map { Int(($0.iotShare * truthTotal).rounded()) })]
        for cls in DeviceClass.allCases {
            let row = c.byClass[cls.rawValue]
            let truthCount = t?.byClass[cls]
            guard row != nil || (truthCount ?? 0) > 0 else { continue }
            out.append(Share(deviceClass: cls, naive: Double(row?.naive ?? 0) / naiveTotal, naiveCount: row?.naive ?? 0,
                             estimate: Double(row?.hosts ?? 0) / hostTotal, estimateCount: row?.hosts ?? 0, low: row?.low, high: row?.high,
                             truth: t.map { _ in Double(truthCount ?? 0) / truthTotal }, truthCount: t.map { _ in truthCount ?? 0 }))
        }
        return out
    }

    static func name(_ s: Share) -> String {
        guard let cls = s.deviceClass else { return "all IoT classes" }
        return cls.rawValue
    }

    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let rows = shares(input)
        page.section(id: "classes", title: "Who sends: sender classes, naive and evidence-based")
        page.paragraph("The 2014 method names each address's sender after whatever answered the scan; an address where nothing was "
            + "identified counts as not IoT, its most favourable reading. botcensus names the class that sent from the sender's own "
            + "traffic (its SYN's operating system, hop distance, clocks) weighed against what answered, and shares out its host estimate.")
        var series = [SVGBarChart.Series(name: "2014 method (share of addresses)", color: ChartPalette.naive),
                      SVGBarChart.Series(name: "botcensus (share of estimated hosts)", color: ChartPalette.botcensus)]
        if input.truth != nil { series.append(.init(name: "truth (share of infected hosts)", color: ChartPalette.truth)) }
        let maxShare = rows.flatMap { [$0.naive, $0.estimate, $0.truth ?? 0] }.max() ?? 1
        let chart = SVGBarChart(
            label: "Sender-class shares: the 2014 method beside botcensus" + (input.truth != nil ? " and the truth" : ""),
            series: series,
            rows: rows.map { s in
                var values: [Double?] = [s.naive, s.estimate]
                var labels = ["\(ReportNumbers.percent(s.naive)) (\(ReportNumbers.count(s.naiveCount)))",
                              "\(ReportNumbers.percent(s.estimate)) (\(ReportNumbers.count(s.estimateCount)))"]
                if input.truth != nil {
                    values.append(s.truth)
                    labels.append(s.truth.map { "\(ReportNumbers.percent($0)) (\(ReportNumbers.count(s.truthCount ?? 0)))" } ?? "–")
                }
                return SVGBarChart.Row(label: name(s), values: values, valueLabels: labels)
            },
            scaleMax: min(1, max(maxShare * 1.05, 0.05)))
        page.figure(chart.render(), caption: "Shares per class; in brackets the count behind each (addresses for the 2014 method, hosts otherwise). "
            + "unknown: for the 2014 method, nothing identified answered; for botcensus, no class was probable enough to name.")
        var headers = ["class", "2014 method: addresses", "share", "botcensus: hosts", "95% interval", "share"]
        if input.truth != nil { headers += ["truth: hosts", "share"] }
        page.figuresBehind(headers: headers, rows: rows.map { s in
            var cells = [name(s), ReportNumbers.count(s.naiveCount), ReportNumbers.percent(s.naive), ReportNumbers.count(s.estimateCount),
                         s.low.map { ReportNumbers.range($0, s.high ?? $0) } ?? "", ReportNumbers.percent(s.estimate)]
            if input.truth != nil { cells += [ReportNumbers.count(s.truthCount ?? 0), s.truth.map { ReportNumbers.percent($0) } ?? "–"] }
            return cells
        }, numeric: Set(1..<headers.count))
        page.close("section")
    }
}
