import Store

/// Campaigns (events sharing a body-template key), most events first, paged.
struct CampaignListPage {
    var campaigns: [CampaignSummary]
    var slice: PageSlice
    var footer: CaseFooter

    func render() -> String {
        PageLayout.render(title: "campaigns", footer: footer) { w in
            w.element("h1", "Campaigns")
            w.element("p", ["class": "note"], "A campaign key is the hash of a message's body template (links, numbers, names and addresses replaced): raw mail (eml, mbox, Maildir) and the trap carry one; MTA logs do not.")
            w.pager(slice, what: "campaigns") { WebPaths.campaigns(offset: $0) }
            guard !campaigns.isEmpty else { return }
            w.open("table")
            w.row(["campaign", "events", "addresses", "first", "last"], header: true)
            for c in campaigns {
                w.open("tr")
                w.open("td", ["class": "mono"]); w.link(WebPaths.campaign(c.key), c.key); w.close("td")
                w.element("td", ["class": "n"], Format.count(c.events))
                w.element("td", ["class": "n"], Format.count(c.addresses))
                w.element("td", ["class": "t"], Format.time(c.firstSeen))
                w.element("td", ["class": "t"], Format.time(c.lastSeen))
                w.close("tr")
                w.newline()
            }
            w.close("table")
        }
    }
}
