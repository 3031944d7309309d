import BotCensusCore
import Foundation
import Testing
@testable import WebView

/// Every page of `botcensus serve` over real HTTP on loopback, on the demo case with a mailbox's campaigns:
/// 200, the strict headers, and the figures the command line gives for the same case.
@Suite(.serialized) struct PageTests {
    static let csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'"

    func census(_ casePath: String) throws -> Census {
        let r = try botcensus(["census", "--case", casePath, "--format", "json"])
        guard r.status == 0 else { throw TestFailure("census: \(r.stderr)") }
        return try JSONDecoder().decode(Census.self, from: Data(r.stdout.utf8))
    }

    func verdicts(_ casePath: String) throws -> [Verdict] {
        let r = try botcensus(["export", "verdicts", "--case", casePath])
        guard r.status == 0 else { throw TestFailure("export: \(r.stderr)") }
        return try r.stdout.split(separator: "\n").map { try JSONDecoder().decode(Verdict.self, from: Data($0.utf8)) }
    }

    func page(_ serve: RunningServe, _ target: String) throws -> HTTPAnswer {
        let answer = try serve.get(target)
        #expect(answer.status == 200, "\(target): \(answer.status) \(answer.text.prefix(300))")
        #expect(answer.headers["content-type"] == "text/html; charset=utf-8", "\(target)")
        #expect(answer.headers["content-security-policy"] == PageTests.csp, "\(target)")
        #expect(answer.headers["x-content-type-options"] == "nosniff", "\(target)")
        #expect(!answer.text.lowercased().contains("<script"), "\(target) carries a script")
        return answer
    }

    @Test func everyPageAnswersWithTheCaseFigures() throws {
        let dir = temporaryDirectory("webview-pages")
        let casePath = try WebViewCases.demo(in: dir)
        let census = try census(casePath)     // analyses and stores: the pages read the stored analysis
        let verdicts = try verdicts(casePath)
        let serve = try RunningServe(case: casePath, in: dir)
        var timings: [String] = []

        let overview = try page(serve, "/")
        let o = overview.text
        #expect(o.contains("<title>botcensus — overview</title>"))
        #expect(o.contains(">\(Format.count(census.naive.hosts))<"), "naive host count")
        #expect(o.contains(">\(Format.count(census.estimate.hosts))<"), "estimate")
        #expect(o.contains("\(census.estimate.hostsLow)–\(census.estimate.hostsHigh)"), "host interval")
        #expect(o.contains(Format.percent(census.naive.iotShare)) && o.contains(Format.percent(census.estimate.iotShare)))
        #expect(o.contains("\(Format.percent(census.estimate.iotShareLow))–\(Format.percent(census.estimate.iotShareHigh))"), "IoT interval")
        for (kind, n) in census.verdicts {
            #expect(o.contains(">\(kind)</a></td><td class=\"n\">\(n)</td>"), "verdict count \(kind) \(n)")
        }
        for (name, c) in census.byClass where c.hosts > 0 {
            #expect(o.contains("<td>\(name)</td><td class=\"n\">\(Format.interval(c.hosts, c.low, c.high))</td>"), "class \(name)")
        }
        #expect(o.contains("the analysis stored in the case"), "the stored analysis was used")
        timings.append("overview \(ms(overview))")

        // An address: its verdict, evidence with weights, posterior, exposed device, timeline.
        let fridge = verdicts.first { $0.ip.description == WebViewCases.fridgeAddress }!
        let address = try page(serve, "/addresses/\(WebViewCases.fridgeAddress)")
        let a = address.text
        #expect(a.contains("Address \(WebViewCases.fridgeAddress)"))
        #expect(a.contains(fridge.verdict.rawValue) && a.contains("Samsung"))
        for e in fridge.evidence { #expect(a.contains(Format.number(e.weight)), "evidence weight \(e.kind)") }
        for (name, p) in fridge.classProbabilities { #expect(a.contains("<td>\(name)</td><td class=\"n\">\(Format.number(p, digits: 3))</td>")) }
        #expect(a.contains("kind message") && a.contains("kind syn") && a.contains("kind observation"), "timeline has every kind")
        #expect(a.contains("\(fridge.messages + fridge.connections) spam events"))
        timings.append("address \(ms(address))")

        // Search: a network lists the sending addresses in it, in address order; one address goes to its page.
        let network = IPNetwork("203.0.113.0/24")!
        let inside = verdicts.filter { network.contains($0.ip) }
        let search = try page(serve, "/search?q=203.0.113.0%2F24")
        #expect(search.text.contains("of \(inside.count) addresses"))
        var position = search.text.startIndex
        for v in inside.prefix(100) {
            guard let found = search.text.range(of: ">\(v.ip)</a>", range: position..<search.text.endIndex) else {
                Issue.record("\(v.ip) missing or out of order"); break
            }
            position = found.upperBound
        }
        #expect(!search.text.contains(">198.51.100."), "an address outside the network is listed")
        let one = try serve.get("/search?q=\(WebViewCases.fridgeAddress)")
        #expect(one.status == 303 && one.headers["location"] == "/addresses/\(WebViewCases.fridgeAddress)")
        let stale = try page(serve, "/search?q=&verdict=stale")
        #expect(stale.text.contains("of \(census.verdicts["stale"] ?? 0) addresses"))
        timings.append("search \(ms(search))")

        // Campaigns: the mailbox's two, the parcel one with its three senders and subjects.
        let list = try page(serve, "/campaigns")
        #expect(list.text.contains(">\(WebViewCases.parcelCampaign)</a>") && list.text.contains("of 2 campaigns"))
        let campaign = try page(serve, "/campaigns/\(WebViewCases.parcelCampaign)")
        for ip in WebViewCases.parcelSenders { #expect(campaign.text.contains(">\(ip)</a>")) }
        #expect(campaign.text.contains("Your parcel DX-448120") && campaign.text.contains("parcel-2"))
        #expect(campaign.text.contains("3 events from 3 addresses"))
        timings.append("campaigns \(ms(list)), campaign \(ms(campaign))")

        // Paging: the fridge's timeline, 55 entries, one page of 200; the second page is past the end.
        let past = try page(serve, "/addresses/\(WebViewCases.fridgeAddress)?offset=200")
        #expect(past.text.contains("Nothing past"))
        print("webview page times on the demo case (debug build, one request each): \(timings.joined(separator: ", "))")
        let stopped = try serve.stop()
        #expect(stopped.status == 0 && stopped.stdout.contains("serve stopped:"), "\(stopped)")
    }

    @Test func unknownPagesAndBadParametersAreSaid() throws {
        let dir = temporaryDirectory("webview-errors")
        let serve = try RunningServe(case: try WebViewCases.demo(in: dir, withCampaigns: false), in: dir)
        let missing = try serve.get("/nothing-here")
        #expect(missing.status == 404 && missing.text.contains("No such page"))
        let nobody = try serve.get("/addresses/192.0.2.250")
        #expect(nobody.status == 404 && nobody.text.contains("holds nothing about 192.0.2.250"))
        let badIP = try serve.get("/addresses/not-an-ip")
        #expect(badIP.status == 400 && badIP.text.contains("ip: &#39;not-an-ip&#39; is not an IPv4 or IPv6 address"))
        let badQuery = try serve.get("/search?q=banana")
        #expect(badQuery.status == 400 && badQuery.text.contains("q: &#39;banana&#39; is neither"))
        let badOffset = try serve.get("/campaigns?offset=-1")
        #expect(badOffset.status == 400 && badOffset.text.contains("offset: expected an integer"))
        let noCampaign = try serve.get("/campaigns/ffff")
        #expect(noCampaign.status == 404)
        try serve.stop()
    }

    /// Pages and API read the case on each request: an import while the server runs shows on the next one
    /// (the analysis is then computed for the new state, in memory: the case is not written).
    @Test func aReloadShowsWhatWasAddedMeanwhile() throws {
        let dir = temporaryDirectory("webview-follow")
        let casePath = try WebViewCases.demo(in: dir, withCampaigns: false)
        let serve = try RunningServe(case: casePath, in: dir)
        let before = try serve.get("/")
        #expect(before.status == 200 && before.text.contains("messages from 40 sending addresses"))
        #expect(try serve.get("/campaigns").text.contains("No campaigns"))
        #expect(try serve.get("/addresses/203.0.113.11").status == 404)

        try WebViewCases.importMailbox(into: casePath)      // another process writes the case meanwhile
        let after = try serve.get("/")
        #expect(after.text.contains("messages from 44 sending addresses"), "\(after.text.prefix(2000))")
        #expect(after.text.contains("Your parcel DX-448120"), "the newest events list the new messages")
        #expect(after.text.contains("computed for the case&#39;s current state"))
        #expect(try serve.get("/campaigns").text.contains(WebViewCases.parcelCampaign))
        #expect(try serve.get("/addresses/203.0.113.11").status == 200)
        let api = try serve.get("/api/census")
        #expect(api.text.contains("\"addresses\":44"))
        try serve.stop()
    }

    private func ms(_ answer: HTTPAnswer) -> String { "\(Int((answer.seconds * 1000).rounded())) ms" }
}
