import BotCensusCore

/// (a) The claim check: what the 2014 method would announce (every sending address a device, blamed on
/// whatever answered the scan) beside what the evidence supports, and the world's truth when there is one.
enum ClaimSection {
    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let c = input.census, t = input.truth
        page.section(id: "claim", title: "The claim check")
        var lead = "Counted the 2014 way, this case shows \(ReportNumbers.count(c.naive.hosts)) infected devices "
            + "(one per sending address), \(ReportNumbers.percent(c.naive.iotShare)) of them IoT. "
            + "The evidence supports \(ReportNumbers.count(c.estimate.hosts)) infected hosts "
            + "(95% interval \(ReportNumbers.range(c.estimate.hostsLow, c.estimate.hostsHigh))), "
            + "\(ReportNumbers.percent(c.estimate.iotShare)) IoT (\(ReportNumbers.percentRange(c.estimate.iotShareLow, c.estimate.iotShareHigh)))."
        if let t {
            lead += " The world's truth: \(ReportNumbers.count(t.infectedHosts)) infected hosts, \(ReportNumbers.percent(t.iotShare)) IoT."
        }
        page.paragraph(lead, className: "lead")

        var headers = ["", "2014 method", "botcensus (95% interval)"]
        if t != nil { headers.append("truth") }
        var rows: [[String]] = []
        func row(_ cells: [String], truth: String) { rows.append(t == nil ? cells : cells + [truth]) }
        row(["infected hosts", ReportNumbers.count(c.naive.hosts),
             "\(ReportNumbers.count(c.estimate.hosts)) (\(ReportNumbers.range(c.estimate.hostsLow, c.estimate.hostsHigh)))"],
            truth: t.map { ReportNumbers.count($0.infectedHosts) } ?? "")
        row(["IoT share", ReportNumbers.percent(c.naive.iotShare),
             "\(ReportNumbers.percent(c.estimate.iotShare)) (\(ReportNumbers.percentRange(c.estimate.iotShareLow, c.estimate.iotShareHigh)))"],
            truth: t.map { ReportNumbers.percent($0.iotShare) } ?? "")
        if let t {
            row(["PCs, servers and phones blamed on IoT", "\(ReportNumbers.count(t.naiveFalseIoT)) of \(ReportNumbers.count(t.trueNonIoT))",
                 "\(ReportNumbers.count(t.falseIoT)) of \(ReportNumbers.count(t.trueNonIoT))"], truth: "0")
            row(["addresses whose sender class is named right", "\(ReportNumbers.count(t.naiveRight)) of \(ReportNumbers.count(t.addresses))",
                 "\(ReportNumbers.count(t.namedRight)) of \(ReportNumbers.count(t.addresses)) (\(ReportNumbers.count(t.named)) named)"],
                truth: ReportNumbers.count(t.addresses))
            row(["census intervals that hold the truth", "–", "\(t.intervalsCovering) of \(t.intervals)"], truth: "")
        } else {
            let blamed = input.verdicts.filter { $0.naiveClass.isIoT }
            let cleared = blamed.filter { $0.senderClass != .unknown && !$0.senderClass.isIoT }.count
            let open = blamed.filter { $0.senderClass == .unknown }.count
            row(["addresses blamed on an IoT device", ReportNumbers.count(blamed.count),
                 "\(ReportNumbers.count(cleared)) of them sent by a PC, server or phone; \(ReportNumbers.count(open)) undecided"], truth: "")
        }
        page.open("div", ["class": "keep"])
        page.open("table", ["class": "claim"])
        page.open("thead"); page.open("tr")
        for (i, h) in headers.enumerated() { page.open("th", i == 0 ? [:] : ["class": "num"]); page.text(h); page.close("th") }
        page.close("tr"); page.close("thead"); page.open("tbody")
        for (r, cells) in rows.enumerated() {
            page.open("tr")
            for (i, cell) in cells.enumerated() {
                let cls = i == 0 ? "" : (r < 2 ? "num big" : "num") + (i == 1 ? " naive" : "")
                page.open("td", cls.isEmpty ? [:] : ["class": cls]); page.text(cell); page.close("td")
            }
            page.close("tr")
        }
        page.close("tbody"); page.close("table")
        page.close("div")
        if let t {
            var scored = "Scored against the truth of '\(t.scenario)'" + (t.seed.map { " (seed \($0))" } ?? "")
                + ": \(ReportNumbers.count(t.matched)) addresses in both"
            if t.onlyInCase > 0 || t.onlyInTruth > 0 {
                scored += ", \(ReportNumbers.count(t.onlyInCase)) only in the case, \(ReportNumbers.count(t.onlyInTruth)) only in the truth"
            }
            page.paragraph(scored + " (the figures of botcensus evaluate).", className: "note")
        }

        page.element("h3", [:], "Verdicts")
        let verdictRows = Verdict.Kind.allCases.compactMap { k -> [String]? in
            guard let n = c.verdicts[k.rawValue], n > 0 else { return nil }
            return [k.rawValue, ReportNumbers.count(n), ReportWords.verdict(k)]
        }
        page.table(headers: ["verdict", "addresses", "what it means"], rows: verdictRows, numeric: [1])
        page.close("section")
    }
}
