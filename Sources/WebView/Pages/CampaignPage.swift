import BotCensusCore
import Store

/// One campaign: its subjects and HELO names, and the addresses that sent it with their verdicts, paged.
struct CampaignPage {
    var campaign: CampaignSummary
    var subjects: [CampaignText]
    var helos: [CampaignText]
    var senders: [CampaignSender]
    /// The verdicts of the senders on this page (an address the analysis has not reached has none).
    var verdicts: [IPAddress: Verdict]
    var slice: PageSlice
    var footer: CaseFooter

    func render() -> String {
        PageLayout.render(title: "campaign " + campaign.key, footer: footer) { w in
            w.open("h1"); w.text("Campaign "); w.element("span", ["class": "mono"], campaign.key, limit: 200); w.close("h1")
            w.element("p", ["class": "note"], "\(Format.count(campaign.events)) events from \(Format.count(campaign.addresses)) addresses, \(Format.time(campaign.firstSeen)) to \(Format.time(campaign.lastSeen)).")
            texts("Subjects", subjects, &w)
            texts("HELO names", helos, &w)
            w.element("h2", "Sending addresses")
            w.pager(slice, what: "addresses") { WebPaths.campaign(campaign.key, offset: $0) }
            guard !senders.isEmpty else { return }
            w.open("table")
            w.row(["address", "events", "first", "last", "verdict", "sender class", "confidence"], header: true)
            for s in senders {
                let v = verdicts[s.ip]
                w.open("tr")
                w.open("td"); w.link(WebPaths.address(s.ip.description), s.ip.description); w.close("td")
                w.element("td", ["class": "n"], Format.count(s.events))
                w.element("td", ["class": "t"], Format.time(s.firstSeen))
                w.element("td", ["class": "t"], Format.time(s.lastSeen))
                w.element("td", v?.verdict.rawValue ?? "—")
                w.element("td", v?.senderClass.rawValue ?? "—")
                w.element("td", ["class": "n"], v.map { Format.number($0.confidence) } ?? "—")
                w.close("tr")
                w.newline()
            }
            w.close("table")
        }
    }

    private func texts(_ title: String, _ list: [CampaignText], _ w: inout PageWriter) {
        w.element("h2", title)
        guard !list.isEmpty else { w.element("p", "None recorded."); return }
        w.open("table")
        w.row(["text", "events"], header: true)
        for t in list {
            w.open("tr")
            w.element("td", ["class": "mono"], t.text, limit: 300)
            w.element("td", ["class": "n"], Format.count(t.events))
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }
}
