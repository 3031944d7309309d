import Analysis
import BotCensusCore
import Foundation
import Report
import Testing
import Workflow

/// The page tells the case's figures as text: the census estimate and the naive count on the demo, and on a
/// simulated world the truth and the scores `evaluate` computes.
@Suite struct ReportFiguresTests {
    /// `12.3%`, formatted here independently of the report's own helpers.
    func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// 12,345.
    func grouped(_ n: Int) -> String {
        let s = String(n)
        return s.enumerated().map { i, ch in (i > 0 && (s.count - i) % 3 == 0 ? "," : "") + String(ch) }.joined()
    }

    @Test func demoReportHoldsTheCensusAndTheNaiveCount() throws {
        let input = try CaseReport.build(store: try ReportCases.demo.get(), now: ReportCases.reportTime)
        let html = input.html
        let c = input.census
        #expect(c.addresses == 40 && c.naive.hosts == 40)   // the demo's 40 sending addresses (README)
        // The claim check: the 2014 count and IoT share beside the estimate with its interval.
        expectText(html, "this case shows 40 infected devices (one per sending address), \(percent(c.naive.iotShare)) of them IoT")
        expectText(html, "The evidence supports \(c.estimate.hosts) infected hosts (95% interval \(c.estimate.hostsLow)–\(c.estimate.hostsHigh))")
        expectText(html, ">\(c.estimate.hosts) (\(c.estimate.hostsLow)–\(c.estimate.hostsHigh))<", "the claim table's host estimate")
        expectText(html, ">40<", "the claim table's naive count")
        expectText(html, "\(percent(c.estimate.iotShare)) (\(percent(c.estimate.iotShareLow))–\(percent(c.estimate.iotShareHigh)))")
        expectText(html, "Case demo.db: 40 sending addresses, \(c.messages) messages")
        // Every section, in order, each with an anchor the navigation links to.
        var at = html.startIndex
        for id in ["claim", "classes", "hosts", "timeline", "confidence", "evidence", "addresses", "method"] {
            expectText(html, "href=\"#\(id)\"", "navigation")
            guard let r = html.range(of: "<section id=\"\(id)\">", range: at..<html.endIndex) else {
                Issue.record("section \(id) missing or out of order"); continue
            }
            at = r.upperBound
        }
        // The story's addresses, each in every order of the table (three orders).
        for ip in ["203.0.113.7", "198.51.100.23", "203.0.113.50", "203.0.113.80"] {
            #expect(occurrences("<td class=\"addr\">\(ip)</td>", in: html) == 3, "\(ip)")
        }
        expectText(html, "All 40 addresses of the case.")
        // The forwarded fridge: answered by a Samsung fridge, sent by another host behind the NAT.
        expectText(html, "appliance: Samsung Family Hub smart refrigerator")
        expectText(html, "other-host-behind-nat")
        // No truth, no truth column and no reliability diagram.
        expectNoText(html, "reliability diagram")
        // Charts are inline SVG: class shares, hosts per address, timeline, confidence, evidence.
        #expect(occurrences("<svg class=\"chart\"", in: html) == 5)
        // Self-contained: a strict policy, no script, nothing to load.
        expectText(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:")
        let lower = html.lowercased()
        for banned in ["<script", "<img", "<link", "<iframe", "<object", "<embed", " src=", "url(", "@import", "@font-face", "http://", "https://"] {
            expectNoText(lower, banned, "something to run or load")
        }
        expectText(html, "@media print")
        // The method links to the project's documents, relatively.
        expectText(html, "<a href=\"docs/CENSUS.md\">")
        expectText(html, "<a href=\"README.md\">")
        // The same case and time give the same bytes.
        let again = ReportPage.render(try CaseReport.build(store: try ReportCases.demo.get(), now: ReportCases.reportTime))
        #expect(again == ReportPage.render(input))
        try Data(ReportPage.render(input)).write(to: Artifacts.file("demo.html"))
    }

    @Test func demoTimelineCountsEveryMessage() throws {
        let input = try CaseReport.build(store: try ReportCases.demo.get(), now: ReportCases.reportTime)
        let t = input.timeline
        #expect(t.unit == "messages")
        #expect(t.buckets.reduce(0) { $0 + $1.values.reduce(0, +) } == input.census.messages)
        // Per class, the timeline's messages are the messages of the addresses the verdicts give that class.
        var byClass: [DeviceClass: Int] = [:]
        for v in input.verdicts { byClass[v.senderClass, default: 0] += v.messages }
        var timed: [DeviceClass: Int] = [:]
        for b in t.buckets { for (c, n) in b { timed[c, default: 0] += n } }
        #expect(timed == byClass.filter { $0.value > 0 })
    }

    @Test func simulatedWorldReportHoldsTheTruthAndTheScores() throws {
        let world = try ReportCases.world.get()
        let input = try CaseReport.build(store: world.store, truth: world.truth, now: ReportCases.reportTime)
        let html = input.html
        let c = input.census
        // The figures `botcensus evaluate` computes on the same case.
        let e = try CaseEvaluation(store: world.store).evaluate(truth: world.truth)
        let cl = e.classification
        expectText(html, "The world&#39;s truth: \(grouped(world.truth.infected.hosts)) infected hosts, \(percent(world.truth.infected.iotShare)) IoT.")
        expectText(html, "this case shows \(grouped(c.naive.hosts)) infected devices")
        expectText(html, "The evidence supports \(grouped(c.estimate.hosts)) infected hosts (95% interval \(grouped(c.estimate.hostsLow))–\(grouped(c.estimate.hostsHigh)))")
        expectText(html, ">\(grouped(cl.naiveFalseIoT)) of \(grouped(cl.trueNonIoT))<", "false IoT, 2014 method")
        expectText(html, ">\(grouped(cl.falseIoT)) of \(grouped(cl.trueNonIoT))<", "false IoT, botcensus")
        expectText(html, ">\(grouped(cl.naive.correct)) of \(grouped(cl.naive.total))<", "named right, 2014 method")
        expectText(html, ">\(grouped(cl.overall.correct)) of \(grouped(cl.overall.total)) (\(grouped(cl.overall.named)) named)<", "named right")
        expectText(html, ">\(e.census.intervalsCovering) of \(e.census.intervals)<", "intervals holding the truth")
        expectText(html, "Scored against the truth of &#39;thingbot-small&#39; (seed 3)")
        // The reliability diagram and its figures.
        expectText(html, "Against the truth: the reliability diagram")
        if let ece = e.calibration.expectedCalibrationError {
            expectText(html, "Expected calibration error \(String(format: "%.3f", ece))")
        }
        #expect(occurrences("<svg class=\"chart\"", in: html) == 6)
        try Data(ReportPage.render(input)).write(to: Artifacts.file("world.html"))
    }

    @Test func bigCasesAreCappedAndThePageSaysSo() throws {
        let world = try ReportCases.world.get()
        let input = try CaseReport.build(store: world.store, rowCap: 25, now: ReportCases.reportTime)
        #expect(input.verdicts.count > 25)
        let html = input.html
        expectText(html, "The case has \(grouped(input.verdicts.count)) addresses; the table holds the 25 with the most messages (capped at 25).")
        #expect(occurrences("<td class=\"addr\">", in: html) == 25 * 3)
        // The 25 are those with the most messages, and only their words were read.
        let least = input.verdicts.map(\.messages).sorted(by: >)[24]
        let shown = CaseReportInput.tableAddresses(input.verdicts, cap: 25)
        #expect(shown.allSatisfy { $0.messages >= least })
        #expect(Set(input.texts.keys).isSubset(of: Set(shown.map(\.ip))))
    }

    @Test func bucketWidthsAreRound() {
        #expect(SpamTimeline.bucketWidth(span: 0) == 3600)
        #expect(SpamTimeline.bucketWidth(span: 47 * 3600) == 3600)
        #expect(SpamTimeline.bucketWidth(span: 14 * 86_400) == 8 * 3600)
        #expect(SpamTimeline.bucketWidth(span: 365 * 86_400) == 14 * 86_400)   // two weeks
        #expect(SpamTimeline.origin(first: 86_400 * 3 + 5_000, width: 86_400) == 86_400 * 3)
    }
}
