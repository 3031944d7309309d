import BotCensusCore

/// Address search: the sending addresses in a CIDR network (all of them for an empty query), optionally of
/// one verdict kind, in address order, paged. A single address goes straight to its page (the route
/// redirects), so this page lists networks.
struct SearchPage {
    var query: String
    var verdictFilter: Verdict.Kind?
    var matches: [Verdict]
    var slice: PageSlice
    var footer: CaseFooter

    func render() -> String {
        PageLayout.render(title: query.isEmpty ? "addresses" : "search " + query, footer: footer) { w in
            w.element("h1", query.isEmpty ? "Sending addresses" : "Sending addresses in \(query)")
            w.open("form", ["method": "get", "action": "/search"])
            w.open("input", ["type": "search", "name": "q", "value": query, "placeholder": "203.0.113.7 or 203.0.113.0/24",
                             "aria-label": "IP address or CIDR network"])
            w.open("select", ["name": "verdict", "aria-label": "verdict"])
            w.open("option", ["value": ""]); w.text("any verdict"); w.close("option")
            for kind in Verdict.Kind.allCases {
                if kind == verdictFilter {
                    w.open("option", ["value": kind.rawValue, "selected": "selected"])
                } else {
                    w.open("option", ["value": kind.rawValue])
                }
                w.text(kind.rawValue)
                w.close("option")
            }
            w.close("select")
            w.open("button", ["type": "submit"]); w.text("Search"); w.close("button")
            w.close("form")
            if let verdictFilter { w.element("p", ["class": "note"], "Verdict \(verdictFilter.rawValue): \(VerdictWords.meaning(verdictFilter)).") }
            w.pager(slice, what: "addresses") { WebPaths.search(query: query, verdict: verdictFilter?.rawValue, offset: $0) }
            guard !matches.isEmpty else { return }
            w.open("table")
            w.row(["address", "verdict", "2014 method", "sender class", "confidence", "messages", "connections", "last seen"], header: true)
            for v in matches {
                w.open("tr")
                w.open("td"); w.link(WebPaths.address(v.ip.description), v.ip.description); w.close("td")
                w.element("td", v.verdict.rawValue)
                w.element("td", v.naiveClass.rawValue)
                w.element("td", v.senderClass.rawValue)
                w.element("td", ["class": "n"], Format.number(v.confidence))
                w.element("td", ["class": "n"], Format.count(v.messages))
                w.element("td", ["class": "n"], Format.count(v.connections))
                w.element("td", ["class": "t"], v.lastSeen)
                w.close("tr")
                w.newline()
            }
            w.close("table")
        }
    }
}
