import BotCensusCore
import Store

/// The claim check: the 2014 method's figures (every sending address one device, whatever answered the scan
/// that device) beside the census estimate with its 95% interval; class shares; verdicts by kind; the newest
/// spam events (what the trap just added).
struct OverviewPage {
    var census: Census
    var totals: CaseStore.Totals
    var latest: [StoredEvent]
    var campaigns: Int
    var footer: CaseFooter

    func render() -> String {
        PageLayout.render(title: "overview", footer: footer) { w in
            w.element("h1", "Which devices really send this spam, and how many are there?")
            w.element("p", ["class": "note"], "\(Format.count(census.messages)) messages from \(Format.count(census.addresses)) sending addresses; evidence: \(Format.count(totals.imports)) imported files, \(Format.count(totals.events)) spam events, \(Format.count(totals.syns)) SYNs, \(Format.count(totals.observations)) scan observations.")
            claim(&w)
            classShares(&w)
            verdictKinds(&w)
            latestEvents(&w)
            w.element("h2", "Method")
            w.element("p", ["class": "note mono"], census.method)
        }
    }

    private func claim(_ w: inout PageWriter) {
        w.element("h2", "The claim check")
        w.open("div", ["class": "claim"])
        card(&w, style: "card naive", title: "2014 method: infected devices", value: Format.count(census.naive.hosts),
             note: "one device per sending address")
        card(&w, style: "card ours", title: "botcensus: infected hosts (95% interval)", value: Format.count(census.estimate.hosts),
             note: "\(Format.count(census.estimate.hostsLow))–\(Format.count(census.estimate.hostsHigh))")
        card(&w, style: "card naive", title: "2014 method: IoT share", value: Format.percent(census.naive.iotShare),
             note: "whatever answered the scan is blamed")
        card(&w, style: "card ours", title: "botcensus: IoT share (95% interval)", value: Format.percent(census.estimate.iotShare),
             note: "\(Format.percent(census.estimate.iotShareLow))–\(Format.percent(census.estimate.iotShareHigh))")
        w.close("div")
        w.newline()
    }

    private func card(_ w: inout PageWriter, style: String, title: String, value: String, note: String) {
        w.open("div", ["class": style])
        w.element("div", ["class": "label"], title)
        w.element("div", ["class": "big"], value)
        w.element("div", ["class": "label"], note)
        w.close("div")
    }

    private func classShares(_ w: inout PageWriter) {
        w.element("h2", "Hosts by class")
        w.element("p", ["class": "note"], "Blue: botcensus's estimate of the hosts that sent; grey: the 2014 method, which counts every sending address as the device that answered its scan (unknown when nothing did).")
        let rows = census.byClass.sorted { ($0.value.hosts, $1.key) > ($1.value.hosts, $0.key) }
        guard !rows.isEmpty else { w.element("p", "No class counts: the case has no sending address yet."); return }
        w.open("table")
        w.open("tr")
        w.element("th", "class")
        w.element("th", ["class": "n"], "botcensus hosts (95%)")
        w.element("th", ["class": "n"], "share")
        w.element("th", "")
        w.element("th", ["class": "n"], "2014 method")
        w.element("th", ["class": "n"], "share")
        w.close("tr")
        let total = max(1, census.estimate.hosts), naiveTotal = max(1, census.naive.hosts)
        for (name, c) in rows {
            let share = Double(c.hosts) / Double(total), naiveShare = Double(c.naive) / Double(naiveTotal)
            w.open("tr")
            w.element("td", name)
            w.element("td", ["class": "n"], Format.interval(c.hosts, c.low, c.high))
            w.element("td", ["class": "n"], Format.percent(share))
            w.open("td")
            bar(&w, share, style: "bar")
            w.markup("<br>")
            bar(&w, naiveShare, style: "bar naive")
            w.close("td")
            w.element("td", ["class": "n"], Format.count(c.naive))
            w.element("td", ["class": "n"], Format.percent(naiveShare))
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }

    private func verdictKinds(_ w: inout PageWriter) {
        w.element("h2", "Verdicts by kind")
        w.open("table")
        w.row(["verdict", "addresses", "meaning"], header: true)
        for kind in Verdict.Kind.allCases {
            let n = census.verdicts[kind.rawValue] ?? 0
            w.open("tr")
            w.open("td")
            w.link(WebPaths.search(query: "", verdict: kind.rawValue), kind.rawValue)
            w.close("td")
            w.element("td", ["class": "n"], Format.count(n))
            w.element("td", VerdictWords.meaning(kind))
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }

    private func latestEvents(_ w: inout PageWriter) {
        w.element("h2", "Newest spam events")
        guard !latest.isEmpty else { w.element("p", "None yet."); return }
        w.open("table")
        w.row(["time", "address", "kind", "HELO", "subject", "campaign"], header: true)
        for stored in latest {
            let e = stored.event
            w.open("tr")
            w.element("td", ["class": "t"], Format.time(e.time))
            w.open("td")
            w.link(WebPaths.address(e.ip.description), e.ip.description)
            w.close("td")
            w.element("td", e.kind.rawValue)
            w.element("td", ["class": "mono"], e.helo ?? "", limit: 200)
            w.element("td", e.subject ?? "", limit: 200)
            w.open("td", ["class": "mono"])
            if let key = e.campaign { w.link(WebPaths.campaign(key), key) }
            w.close("td")
            w.close("tr")
            w.newline()
        }
        w.close("table")
        if campaigns > 0 { w.open("p"); w.link(WebPaths.campaignList, "\(Format.count(campaigns)) campaigns"); w.close("p") }
    }

    private func bar(_ w: inout PageWriter, _ share: Double, style: String) {
        let width = Format.number(max(0, min(1, share)) * 12, digits: 2)
        w.open("span", ["class": style, "style": "width:\(width)em"])
        w.close("span")
    }
}
