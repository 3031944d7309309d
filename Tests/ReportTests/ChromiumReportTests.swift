import Foundation
import Report
import Testing
import Workflow

/// The pages as a browser loads them (Debian's chromium, headless): the hostile page's DOM after load holds
/// no injected element and its title is unchanged, and screenshots of the demo and the simulated world are
/// kept under `Artifacts.folder` (printed) for a person to look at.
/// Chromium missing, these fail with the fix (scripts/setup.sh installs it); they are never skipped.
@Suite(.serialized) struct ChromiumReportTests {
    /// An element or attribute the page's own markup never has: a sign of injection.
    static func injected(_ dom: String) -> String? {
        let lower = dom.lowercased()
        if lower.contains("<script") { return "a script element" }
        if lower.contains("<img") { return "an img element" }
        return dom.range(of: #"<[a-zA-Z][^<>]*\son[a-z]+\s*="#, options: .regularExpression).map { "a handler: " + dom[$0].prefix(120) }
    }

    @Test func hostilePageLoadsInert() throws {
        let chromium = try HeadlessChromium()
        let (input, html) = try HostileTextTests.page.get()
        let file = Artifacts.file("hostile.html")
        try Data(html.utf8).write(to: file)
        let dom = try chromium.dumpDOM(file)
        expectText(dom, "<title>botcensus report: \(input.caseName)</title>", "the title, unchanged")
        expectNoText(dom, "pwned</title>")
        #expect(Self.injected(dom) == nil)
        // The hostile texts are there as text, literally, wherever they came in.
        for (raw, text) in zip(HostileCase.texts, HostileCase.inDOM) {
            for prefix in ["HELO helo", "Subject: subject", "http.title: title"] {
                expectText(dom, prefix + text, raw.debugDescription)
            }
        }
        // The page's own structure survived: every section and all three table orders.
        #expect(occurrences("<section id=", in: dom) == 8)
        #expect(occurrences("<td class=\"addr\">", in: dom) == 3 * HostileCase.texts.count)
    }

    /// The checks above can fail: the same texts written raw into a page (no escaping, no policy) run and
    /// inject. (Handlers that would open a dialog are made silent: a dialog stalls a headless browser.)
    @Test func theChecksCatchAnUnescapedPage() throws {
        let chromium = try HeadlessChromium()
        let file = Artifacts.file("unescaped-control.html")
        let raw = ["<!DOCTYPE html><html><head><title>control</title></head><body>",
                   HostileCase.texts[0], HostileCase.texts[2].replacingOccurrences(of: "alert(1)", with: "void 0"), "</body></html>"]
        try Data(raw.joined().utf8).write(to: file)
        let dom = try chromium.dumpDOM(file)
        expectText(dom, "<title>pwned</title>", "the script ran")
        #expect(Self.injected(dom) != nil)
    }

    @Test func screenshotsOfTheDemoAndTheSimulatedWorld() throws {
        let chromium = try HeadlessChromium()
        let demo = try CaseReport.build(store: try ReportCases.demo.get(), now: ReportCases.reportTime)
        let world = try ReportCases.world.get()
        let simulated = try CaseReport.build(store: world.store, truth: world.truth, now: ReportCases.reportTime)
        for (name, input) in [("demo", demo), ("world", simulated)] {
            let page = Artifacts.file("\(name).html"), png = Artifacts.file("\(name).png")
            try Data(ReportPage.render(input)).write(to: page)
            try chromium.screenshot(page, to: png, width: 1280, height: 2400)
            let bytes = try Data(contentsOf: png)
            print("report screenshot: \(png.path) (\(bytes.count) bytes)")
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name).png is not a PNG")
            // IHDR: width and height as big-endian words at bytes 16 and 20.
            let word = { (at: Int) in bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
            #expect(bytes.count > 24 && word(16) == 1280 && word(20) == 2400, "\(name).png is not 1280×2400")
            // A blank or broken page compresses to a few kilobytes; text and charts do not.
            #expect(bytes.count > 60_000, "\(name).png is only \(bytes.count) bytes")
            // The DOM after load: the page's figures are there, nothing was loaded or injected.
            let dom = try chromium.dumpDOM(page)
            expectText(dom, "infected hosts")
            expectText(dom, "<svg class=\"chart\"")
            #expect(Self.injected(dom) == nil)
            expectNoText(dom, " src=")
        }
    }
}
