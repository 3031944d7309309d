import BotCensusCore

/// (e) How sure: the verdicts' confidence (the posterior of the most probable class) as a histogram, and
/// with a truth the reliability diagram — whether "80% sure" is right 80% of the time.
enum ConfidenceSection {
    static let bins = 10

    /// Verdicts per tenth of confidence: those that name a class, those left unknown.
    static func histogram(_ verdicts: [Verdict]) -> (named: [Int], unknown: [Int]) {
        var named = Array(repeating: 0, count: bins), unknown = Array(repeating: 0, count: bins)
        for v in verdicts {
            let i = min(max(Int((v.confidence * Double(bins)).rounded(.down)), 0), bins - 1)
            if v.senderClass == .unknown { unknown[i] += 1 } else { named[i] += 1 }
        }
        return (named, unknown)
    }

    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let verdicts = input.verdicts
        let (named, unknown) = histogram(verdicts)
        page.section(id: "confidence", title: "How sure: confidence and calibration")
        let namedCount = named.reduce(0, +)
        let sorted = verdicts.map(\.confidence).sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        page.paragraph("A verdict's confidence is the probability of its most probable sender class given the evidence. "
            + "A class is named only when that probability is high enough; below, the verdict says unknown rather than guess. "
            + "\(ReportNumbers.fraction(namedCount, of: verdicts.count)) verdicts name a class; median confidence \(ReportNumbers.percent(median)).")
        let label = { (i: Int) in "\(ReportNumbers.decimal(Double(i) / Double(bins), digits: 1))–\(ReportNumbers.decimal(Double(i + 1) / Double(bins), digits: 1))" }
        let chart = SVGColumnChart(
            label: "Verdicts by confidence",
            series: [.init(name: "class named", color: ChartPalette.botcensus), .init(name: "left unknown", color: ChartPalette.muted)],
            columns: (0..<bins).map { .init(label: label($0), values: [Double(named[$0]), Double(unknown[$0])], tip: "confidence \(label($0))") },
            stacked: true, yTitle: "addresses", plotHeight: 180)
        page.figure(chart.render(), caption: "Addresses by the confidence of their verdict.")
        page.figuresBehind(headers: ["confidence", "class named", "left unknown"],
                           rows: (0..<bins).map { [label($0), ReportNumbers.count(named[$0]), ReportNumbers.count(unknown[$0])] },
                           numeric: [1, 2])
        if let t = input.truth {
            page.element("h3", [:], "Against the truth: the reliability diagram")
            let diagram = SVGReliabilityDiagram(label: "Reliability of the named classes against the truth",
                bins: t.calibration.map { .init(low: $0.low, high: $0.high, count: $0.count,
                                               accuracy: $0.count > 0 ? Double($0.correct) / Double($0.count) : nil,
                                               meanConfidence: $0.meanConfidence) })
            var words = "Verdicts that name a class, grouped by stated confidence: the bar is the share whose class the truth confirms."
            if let ece = t.expectedCalibrationError { words += " Expected calibration error \(ReportNumbers.decimal(ece, digits: 3))" }
            if let brier = t.brierScore { words += "; Brier score over every address \(ReportNumbers.decimal(brier, digits: 3))" }
            page.figure(diagram.render(), caption: words + ".")
            page.figuresBehind(headers: ["confidence", "verdicts", "right", "mean confidence", "share right"],
                               rows: t.calibration.map { b in
                                   [label2(b.low, b.high), ReportNumbers.count(b.count), ReportNumbers.count(b.correct),
                                    b.meanConfidence.map { ReportNumbers.percent($0) } ?? "–",
                                    b.count > 0 ? ReportNumbers.percent(Double(b.correct) / Double(b.count)) : "–"]
                               }, numeric: [1, 2, 3, 4])
        }
        page.close("section")
    }

    private static func label2(_ low: Double, _ high: Double) -> String {
        "\(ReportNumbers.decimal(low, digits: 1))–\(ReportNumbers.decimal(high, digits: 1))"
    }
}
