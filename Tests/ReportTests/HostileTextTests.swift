import BotCensusCore
import Foundation
import Report
import Testing
import Workflow

/// Text from the evidence is the attacker's: on the page it is text, never markup, and control
/// characters show as escapes.
@Suite struct HostileTextTests {
    static let page: Result<(input: CaseReportInput, html: String), Error> = Result {
        let store = try HostileCase.build(at: temporaryDirectory("report-hostile").appendingPathComponent("hostile.db").path)
        let input = try CaseReport.build(store: store, now: ReportCases.reportTime)
        return (input, input.html)
    }

    @Test func hostileEvidenceReachesThePageAsText() throws {
        let (input, html) = try Self.page.get()
        #expect(input.verdicts.count == HostileCase.texts.count)
        for (raw, escaped) in zip(HostileCase.texts, HostileCase.inSource) {
            // Every way it came in: HELO, reverse-DNS name, subject (events), banner fields (observations).
            for prefix in ["HELO helo", "rDNS host", "Subject: subject", "http.title: title", "http.server: server", "ssh.banner: SSH-2.0-"] {
                expectText(html, prefix + escaped, raw.debugDescription)
            }
            if raw.count > 1 { expectNoText(html, raw, "raw") }
        }
        // The identified device's vendor and product (a signature database is data too).
        expectText(html, "camera: vendor&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; product&lt;script&gt;")
        // Nothing but the page's own markup: no script, no image, no event handler attribute in any tag.
        expectNoText(html.lowercased(), "<script")
        expectNoText(html.lowercased(), "<img")
        let handler = html.range(of: #"<[a-zA-Z][^<>]*\son[a-z]+\s*="#, options: .regularExpression).map { String(html[$0].prefix(200)) }
        #expect(handler == nil, "an event handler attribute")
        // No control character reaches the page raw: only newlines.
        let controls = html.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "raw control characters: \(controls.map { String($0.value, radix: 16) })")
        try Data(html.utf8).write(to: Artifacts.file("hostile.html"))
    }

    @Test func escapingCoversMarkupQuotesAndControls() {
        #expect(HTMLEscape.text("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&#39;f")
        #expect(HTMLEscape.text("\u{1b}[2J\u{0}\u{7}\r\n\t") == "\\x1b[2J\\x00\\x07\\r\\n\\t")
        // C1 controls, line separators and bidi overrides (which would reorder what a reader sees).
        #expect(HTMLEscape.text("\u{9b}31m\u{2028}\u{202e}evil") == "\\x9b31m\\u{2028}\\u{202e}evil")
        #expect(HTMLEscape.text("fridge ünïcode ✓") == "fridge ünïcode ✓")
        #expect(HTMLEscape.text(String(repeating: "<", count: 10), limit: 3) == "&lt;&lt;&lt;…")
        // The page writer escapes attribute values as well as text.
        var w = HTMLWriter()
        w.element("a", ["href": "#\"><script>"], "<b>")
        #expect(w.html == "<a href=\"#&quot;&gt;&lt;script&gt;\">&lt;b&gt;</a>")
    }

    /// A case name or path is text too (a file may be called anything).
    @Test func caseNameIsEscaped() throws {
        var input = try Self.page.get().input
        input.caseName = "<script>x</script>.db"
        let html = input.html
        expectText(html, "<title>botcensus report: &lt;script&gt;x&lt;/script&gt;.db</title>")
        expectNoText(html, "<script>x")
    }
}
