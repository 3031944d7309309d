import BotCensusCore

/// (g) The addresses: verdict, class, confidence and top evidence, with what the sender said and what
/// answered in their own (escaped) words. No script sorts it: the same rows are here in several orders,
/// each a folded block reachable by an in-page link. Huge cases are capped, and the page says so.
enum AddressTableSection {
    struct Order: Sendable {
        var id: String
        var title: String
        var sort: @Sendable (Verdict, Verdict) -> Bool
    }

    static let orders: [Order] = [
        Order(id: "by-messages", title: "most messages first") { ($0.messages, $1.ip) > ($1.messages, $0.ip) },
        Order(id: "by-confidence", title: "least sure first (by confidence)") { ($0.confidence, $1.messages, $0.ip) < ($1.confidence, $0.messages, $1.ip) },
        Order(id: "by-address", title: "by address") { $0.ip < $1.ip },
    ]

    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let rows = CaseReportInput.tableAddresses(input.verdicts, cap: input.rowCap)
        page.section(id: "addresses", title: "The addresses")
        var intro = "One verdict per sending address. "
        if rows.count < input.verdicts.count {
            intro += "The case has \(ReportNumbers.count(input.verdicts.count)) addresses; the table holds the \(ReportNumbers.count(rows.count)) "
                + "with the most messages (capped at \(ReportNumbers.count(input.rowCap))). botcensus attribute lists them all."
        } else {
            intro += "All \(ReportNumbers.count(rows.count)) addresses of the case."
        }
        page.open("p")
        page.text(intro)
        page.prose(" Text in monospace is the evidence's own (HELO names, subjects, banners): shown as text, "
            + "control characters as escapes such as \\x1b.")
        page.close("p")
        page.open("nav", ["class": "toc"])
        page.text("Orders: ")
        for o in orders { page.element("a", ["href": "#" + o.id], o.title) }
        page.close("nav")
        for (i, o) in orders.enumerated() {
            if i == 0 { page.open("details", ["id": o.id, "open": "open"]) } else { page.open("details", ["id": o.id]) }
            page.element("summary", [:], "Addresses, \(o.title)")
            writeTable(rows.sorted(by: o.sort), texts: input.texts, into: &page)
            page.close("details")
            page.newline()
        }
        page.close("section")
    }

    static let headers = ["address", "msgs", "seen (UTC)", "what answered (2014 method's sender)", "verdict", "sender class",
                          "conf.", "hosts", "evidence that weighed most", "what the sender said"]

    static func writeTable(_ verdicts: [Verdict], texts: [IPAddress: AddressTexts], into page: inout HTMLWriter) {
        page.open("table", ["class": "addresses"])
        page.open("thead"); page.open("tr")
        for (i, h) in headers.enumerated() {
            if [1, 6, 7].contains(i) { page.open("th", ["class": "num"]) } else { page.open("th") }
            page.text(h); page.close("th")
        }
        page.close("tr"); page.close("thead"); page.open("tbody")
        for v in verdicts {
            let t = texts[v.ip]
            page.open("tr")
            page.open("td", ["class": "addr"]); page.text(v.ip.description); page.close("td")
            page.open("td", ["class": "num"]); page.text(ReportNumbers.count(v.messages)); page.close("td")
            page.open("td", ["class": "mono seen"])
            for (k, time) in seen(v).enumerated() { page.element("div", [:], (k == 0 ? "" : "– ") + time) }
            page.close("td")
            page.open("td")
            page.text(answered(v))
            for b in (t?.banners ?? []).prefix(2) { hostileLine(b, limit: 300, into: &page) }
            if let n = t?.banners.count, n > 2 { page.open("div", ["class": "note"]); page.text("and \(n - 2) more"); page.close("div") }
            page.close("td")
            page.open("td"); page.text(v.verdict.rawValue); page.close("td")
            page.open("td"); page.text(v.senderClass.rawValue + (v.senderOS.map { $0.family == .unknown ? "" : " (\($0.family.rawValue))" } ?? "")); page.close("td")
            page.open("td", ["class": "num"]); page.text(ReportNumbers.decimal(v.confidence, digits: 2)); page.close("td")
            page.open("td", ["class": "num"]); page.text(hosts(v)); page.close("td")
            page.open("td")
            if let e = ReportWords.topEvidence(v) {
                page.element("span", ["class": "pill"], "\(e.kind) \(e.weight > 0 ? "+" : "")\(ReportNumbers.decimal(e.weight, digits: 1))")
                page.text(" ")
                page.text(e.detail, limit: 160)
            }
            page.close("td")
            page.open("td")
            if let helo = t?.helo {
                hostileLine("HELO " + helo + ((t?.otherHelos ?? 0) > 0 ? "  (+\(t!.otherHelos) others)" : ""), limit: 100, into: &page)
            }
            if let name = t?.hostname { hostileLine("rDNS " + name, limit: 100, into: &page) }
            if let subject = t?.subject {
                hostileLine("Subject: " + subject + ((t?.otherSubjects ?? 0) > 0 ? "  (+\(t!.otherSubjects) others)" : ""), limit: 120, into: &page)
            }
            page.close("td")
            page.close("tr")
            page.newline()
        }
        page.close("tbody"); page.close("table")
    }

    static func hostileLine(_ text: String, limit: Int, into page: inout HTMLWriter) {
        page.open("div", ["class": "hostile"])
        page.text(text, limit: limit)
        page.close("div")
    }

    /// First and last seen as `01-06 08:00` (one when they are the same minute), from the verdict's RFC 3339 times.
    static func seen(_ v: Verdict) -> [String] {
        func short(_ iso: String) -> String {
            guard iso.count >= 16 else { return iso }
            return String(iso.dropFirst(5).prefix(11).map { $0 == "T" ? " " : $0 })
        }
        let a = short(v.firstSeen), b = short(v.lastSeen)
        return a == b ? [a] : [a, b]
    }

    /// The class of what answered, and its vendor and product when a signature named them.
    static func answered(_ v: Verdict) -> String {
        let device = v.exposedDevices.first { $0.deviceClass == v.naiveClass }
        let name = device.map { d in [d.vendor, d.product].compactMap { $0 }.joined(separator: " ") } ?? ""
        let cls = v.naiveClass == .unknown ? "nothing identified" : v.naiveClass.rawValue
        return name.isEmpty ? cls : "\(cls): \(name)"
    }

    static func hosts(_ v: Verdict) -> String {
        let h = v.hostsBehindIP
        return h.low == h.high ? "\(h.estimate)" : "\(h.estimate) [\(h.low)–\(h.high)]"
    }
}
