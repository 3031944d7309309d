import Foundation
import Testing

/// The pages as headless Chromium loads them: attacker text (HELO names, subjects, banners, a campaign key
/// holding markup, script, event handlers, ANSI escapes and NUL) stays text — no script runs, no element
/// appears, and each text is visible as written (control characters as `\x1b`, `\x00`) — and screenshots of
/// the demo case's pages, kept in a folder the test prints.
@Suite(.serialized) struct BrowserTests {
    @Test(.enabled(if: Chromium.testsRun, "chromium (scripts/setup.sh) is not installed"))
    func hostileTextStaysTextInTheBrowser() throws {
        let dir = temporaryDirectory("webview-hostile")
        let serve = try RunningServe(case: try WebViewCases.hostile(in: dir), in: dir)
        let pages = [
            ("/", "botcensus — overview"),
            ("/addresses/\(WebViewCases.hostileAddress)", "botcensus — \(WebViewCases.hostileAddress)"),
            ("/campaigns/\(WebViewCases.segment(WebViewCases.hostileCampaign))", "botcensus — campaign \(WebViewCases.hostileCampaign)"),
        ]
        for (target, title) in pages {
            let raw = try serve.get(target)
            #expect(raw.status == 200, "\(target): \(raw.status)")
            for tag in ["<script", "<svg", "<img", "<b>", "\u{1b}", "\u{0}"] {
                #expect(!raw.text.contains(tag), "\(target): the page source holds \(tag.debugDescription)")
            }
            let dom = try Chromium.dumpDOM(serve.url + target, in: dir)
            let domPath = dir.appendingPathComponent("dom-\(UUID().uuidString.prefix(6)).html").path
            try dom.write(toFile: domPath, atomically: true, encoding: .utf8)
            let check = try PythonCheck.script("check-webview-dom.py", [domPath, title] + WebViewCases.hostileShown + [WebViewCases.hostileCampaign])
            #expect(check.status == 0, "\(target): \(check.stdout)\(check.stderr)")
        }
        // The banners too, on the address page (the overview and campaign pages show events only).
        let address = try serve.get("/addresses/\(WebViewCases.hostileAddress)")
        #expect(address.text.contains("http.title") && address.text.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
        try serve.stop()
    }

    /// The DOM checker itself finds what it must: a changed title, an injected element or handler, a text
    /// that is not shown as written.
    @Test func domCheckerRejectsInjections() throws {
        let dir = temporaryDirectory("webview-domcheck")
        let good = "<html><head><title>botcensus — overview</title></head><body><td>&lt;svg onload=alert(1)&gt;</td></body></html>"
        let cases = [
            (good, 0, ""),
            (good.replacingOccurrences(of: "botcensus — overview", with: "pwned"), 1, "title is"),
            (good.replacingOccurrences(of: "<td>", with: "<td><img src=x>"), 1, "injected <img>"),
            (good.replacingOccurrences(of: "<td>", with: "<td onclick=\"x()\">"), 1, "event attribute onclick"),
            (good.replacingOccurrences(of: "&lt;svg onload=alert(1)&gt;", with: "svg"), 1, "not shown literally"),
        ]
        for (i, (html, status, said)) in cases.enumerated() {
            let path = dir.appendingPathComponent("dom-\(i).html").path
            try html.write(toFile: path, atomically: true, encoding: .utf8)
            let r = try PythonCheck.script("check-webview-dom.py", [path, "botcensus — overview", "<svg onload=alert(1)>"])
            #expect(r.status == Int32(status) && (said.isEmpty || r.stdout.contains(said)), "case \(i): \(r.stdout)\(r.stderr)")
        }
    }

    @Test(.enabled(if: Chromium.testsRun, "chromium (scripts/setup.sh) is not installed"))
    func screenshotsOfTheDemoCaseAndASimulatedWorld() throws {
        let dir = temporaryDirectory("webview-screens")
        // Kept as test artefacts: BOTCENSUS_ARTIFACTS, else .build-artifacts/webview-tests in the package (git-ignored).
        let shots = ProcessInfo.processInfo.environment["BOTCENSUS_ARTIFACTS"].map { URL(fileURLWithPath: $0).appendingPathComponent("webview-tests") }
            ?? packageRoot.appendingPathComponent(".build-artifacts/webview-tests")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let cases = [("demo", try WebViewCases.demo(in: dir), [("overview", "/", 1400), ("address", "/addresses/\(WebViewCases.fridgeAddress)", 1800),
                                                              ("campaign", "/campaigns/\(WebViewCases.parcelCampaign)", 900)]),
                     ("world", try WebViewCases.world(in: dir), [("overview", "/", 1400), ("campaigns", "/campaigns", 900)])]
        for (label, casePath, pages) in cases {
            let serve = try RunningServe(case: casePath, in: dir)
            for (name, target, height) in pages {
                let path = shots.appendingPathComponent("webview-\(label)-\(name).png").path
                try Chromium.screenshot(serve.url + target, to: path, height: height, in: dir)
                let png = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000, "\(label) \(name): \(png.count) bytes")
            }
            try serve.stop()
        }
        print("webview screenshots of the demo case and a simulated world: \(shots.path)")
    }
}
