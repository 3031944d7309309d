import BotCensusCore
import Foundation
import Store
import Testing
@testable import WebView

/// The pure parts, without a server: page rendering escapes what senders wrote, parameters are checked,
/// listen addresses and tokens are judged, paths are encoded.
@Suite struct RenderingTests {
    @Test func pagesEscapeEveryTextASenderWrote() {
        let ip = IPAddress("192.0.2.9")!
        let hostile = "<script>alert(1)</script>\"'&\u{1b}[2J\u{0}\u{202e}"
        let event = SpamEvent(ip: ip, time: 1_767_700_000, kind: .message, hostname: hostile, helo: hostile, campaign: hostile,
                              subject: hostile, source: SourceRef(file: hostile, line: 3))
        let timeline = AddressTimeline(ip: ip, entries: [.event(StoredEvent(id: 1, event: event, synID: nil))], total: 1, events: 1, syns: 0, observations: 0)
        let html = AddressPage(ip: ip, verdict: nil, timeline: timeline, slice: PageSlice(offset: 0, limit: 200, total: 1),
                               footer: CaseFooter(casePath: hostile, storedAnalysis: true, analysisMilliseconds: 0)).render()
        #expect(!html.contains("<script") && !html.contains("\u{1b}") && !html.contains("\u{0}") && !html.contains("\u{202e}"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\\x1b[2J\\x00\\u{202e}"))
        // The campaign link's path is percent-encoded inside an escaped attribute.
        #expect(html.contains("href=\"/campaigns/%3Cscript%3Ealert%281%29%3C%2Fscript%3E%22%27%26%1B%5B2J%00%E2%80%AE\""))
    }

    @Test func pathsRoundTrip() {
        for text in ["18c12a7489ef840e", "2001:db8::1", "a/b?c#d e%", "<b>\"x'</b>", "é\u{0}"] {
            #expect(WebPaths.decode(WebPaths.encode(text)) == text)
        }
        #expect(WebPaths.encode("2001:db8::1") == "2001:db8::1")
        #expect(WebPaths.decode("%zz%4") == "%zz%4", "bad escapes stay as they are")
    }

    @Test func verdictQueriesAreCheckedByName() throws {
        let q = try VerdictQuery([("class", "camera"), ("verdict", "stale"), ("min_confidence", "0.5"), ("limit", "10"), ("offset", "20")])
        #expect(q == VerdictQuery(senderClass: .camera, verdict: .stale, minConfidence: 0.5, limit: 10, offset: 20))
        #expect(try VerdictQuery([("class", ""), ("verdict", ""), ("min_confidence", ""), ("limit", ""), ("offset", "")]) == VerdictQuery())
        for (pairs, parameter) in [([("limit", "0")], "limit"), ([("offset", "x")], "offset"), ([("min_confidence", "-0.1")], "min_confidence"),
                                   ([("class", "toaster")], "class"), ([("sort", "ip")], "sort"), ([("verdict", "stale"), ("verdict", "stale")], "verdict")] {
            #expect(throws: QueryError.self) { try VerdictQuery(pairs) }
            do { _ = try VerdictQuery(pairs) } catch { #expect(error.parameter == parameter && error.json.count > 0) }
        }
    }

    @Test func listenAddressesAndTokensAreJudged() {
        #expect(ListenEndpoint(parsing: "127.0.0.1:8080") == ListenEndpoint(host: "127.0.0.1", port: 8080, isV6: false))
        #expect(ListenEndpoint(parsing: "[::1]:0")?.isLoopback == true)
        #expect(ListenEndpoint(parsing: "localhost:9")?.host == "127.0.0.1")
        #expect(ListenEndpoint(parsing: "127.8.9.10:1")?.isLoopback == true)
        #expect(ListenEndpoint(parsing: "0.0.0.0:8080")?.isLoopback == false)
        #expect(ListenEndpoint(parsing: "[::]:8080")?.isLoopback == false)
        #expect(ListenEndpoint(parsing: "[::ffff:127.0.0.1]:80")?.isLoopback == false, "only 127/8 and ::1 count")
        for bad in ["8080", "127.0.0.1", "127.0.0.1:70000", "::1:80", "[127.0.0.1]:80", "host.example:80", ":80"] {
            #expect(ListenEndpoint(parsing: bad) == nil, "\(bad)")
        }
        func refusal(_ listen: String, _ token: String?) -> String? {
            ServeConfiguration(casePath: "c.db", listen: ListenEndpoint(parsing: listen)!, token: token).refusal
        }
        #expect(refusal("127.0.0.1:0", nil) == nil)
        #expect(refusal("0.0.0.0:80", nil)?.contains("not a loopback address") == true)
        #expect(refusal("0.0.0.0:80", "0123456789abcdef") == nil)
        #expect(refusal("0.0.0.0:80", "0123456789abcde")?.contains("at least 16") == true)
        #expect(refusal("127.0.0.1:80", "0123456789 abcdef")?.contains("printable ASCII") == true)
    }

    @Test func tokensCompareWithoutShortcuts() {
        let token = Array("0123456789abcdef".utf8)
        #expect(BearerToken.constantTimeEqual(token, token))
        #expect(!BearerToken.constantTimeEqual(token, Array("0123456789abcdeF".utf8)))
        #expect(!BearerToken.constantTimeEqual(token, Array("0123456789abcdef0".utf8)))
        #expect(!BearerToken.constantTimeEqual(token, []))
        #expect(BearerToken.credentials("Bearer  abc") == "abc")
        #expect(BearerToken.credentials("Basic abc") == nil)
        #expect(LoopbackNames.isLoopback("127.0.0.1:8080"))
        #expect(!LoopbackNames.isLoopback("127.0.0.1.evil.example"))
        #expect(!LoopbackNames.isLoopback("[::2]:80"))
    }

    @Test func pagerSaysWhereItIs() {
        var w = PageWriter()
        w.pager(PageSlice(offset: 100, limit: 100, total: 250), what: "addresses") { "/x?offset=\($0)" }
        #expect(w.html.contains("101–200 of 250 addresses") && w.html.contains("href=\"/x?offset=0\"") && w.html.contains("href=\"/x?offset=200\""))
        #expect(Format.percent(0.144) == "14.4%" && Format.number(-1.256, digits: 2) == "-1.26" && Format.count(1234567) == "1,234,567")
    }
}
