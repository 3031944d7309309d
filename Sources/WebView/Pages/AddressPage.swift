import BotCensusCore
import Store

/// One address: its verdict (what sent, how sure, the evidence with its weights, the class posterior, the
/// devices that answered) and its timeline (spam events, SYNs, scan observations in time order), paged.
struct AddressPage {
    var ip: IPAddress
    var verdict: Verdict?
    var timeline: AddressTimeline
    var slice: PageSlice
    var footer: CaseFooter

    func render() -> String {
        PageLayout.render(title: ip.description, footer: footer) { w in
            w.element("h1", "Address \(ip)")
            if let verdict {
                facts(verdict, &w)
                probabilities(verdict, &w)
                evidence(verdict, &w)
                exposed(verdict, &w)
            } else {
                w.element("p", ["class": "note"], "No verdict: the case holds no spam event from this address (or the analysis has not seen it yet), only what is listed below.")
            }
            w.element("h2", "Timeline")
            w.element("p", ["class": "note"], "\(Format.count(timeline.events)) spam events, \(Format.count(timeline.syns)) SYNs, \(Format.count(timeline.observations)) scan observations, in time order.")
            w.pager(slice, what: "entries") { WebPaths.address(ip.description, offset: $0) }
            timelineTable(&w)
        }
    }

    private func facts(_ v: Verdict, _ w: inout PageWriter) {
        w.element("h2", "Verdict")
        w.open("dl", ["class": "facts"])
        func fact(_ name: String, _ value: String) { w.element("dt", name); w.element("dd", value) }
        fact("verdict", "\(v.verdict.rawValue): \(VerdictWords.meaning(v.verdict))")
        fact("2014 method says", v.naiveClass.rawValue)
        fact("sender class", v.senderClass.rawValue + (v.senderClass == .unknown ? " (no class reaches 0.7)" : ""))
        fact("confidence", Format.number(v.confidence))
        fact("P(exposed device sent)", v.exposedDeviceSentProbability.map { Format.number($0) } ?? "—")
        let hosts = v.hostsBehindIP
        fact("devices at the address", "\(Format.interval(hosts.estimate, hosts.low, hosts.high)) by \(hosts.method)")
        if let senders = v.sendersBehindIP {
            fact("hosts that sent", "\(Format.interval(senders.estimate, senders.low, senders.high)) by \(senders.method)")
        }
        if let os = v.senderOS {
            fact("sender OS", "\(os.family.rawValue)\(os.label.map { " (\($0))" } ?? "") — \(os.quality)")
        } else {
            fact("sender OS", "no SYN of the spam in evidence")
        }
        fact("seen", "\(v.firstSeen) to \(v.lastSeen)")
        fact("messages / connections", "\(Format.count(v.messages)) / \(Format.count(v.connections))")
        w.close("dl")
        w.newline()
    }

    private func probabilities(_ v: Verdict, _ w: inout PageWriter) {
        w.element("h2", "Class probabilities (posterior)")
        w.open("table")
        w.row(["class", "probability", ""], header: true)
        for (name, p) in v.classProbabilities.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            w.open("tr")
            w.element("td", name)
            w.element("td", ["class": "n"], Format.number(p, digits: 3))
            w.open("td")
            w.open("span", ["class": "bar", "style": "width:\(Format.number(max(0, min(1, p)) * 14))em"])
            w.close("span")
            w.close("td")
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }

    private func evidence(_ v: Verdict, _ w: inout PageWriter) {
        w.element("h2", "Evidence")
        guard !v.evidence.isEmpty else { w.element("p", "No evidence entries."); return }
        w.element("p", ["class": "note"], "Weight: log-likelihood ratio for the verdict's hypothesis (negative: against it).")
        w.open("table")
        w.row(["kind", "detail", "weight", ""], header: true)
        for e in v.evidence {
            w.open("tr")
            w.element("td", ["class": "mono"], e.kind)
            w.element("td", e.detail, limit: 600)
            w.element("td", ["class": "n"], Format.number(e.weight))
            w.open("td")
            w.open("span", ["class": e.weight < 0 ? "bar against" : "bar", "style": "width:\(Format.number(min(abs(e.weight), 6) * 1.5))em"])
            w.close("span")
            w.close("td")
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }

    private func exposed(_ v: Verdict, _ w: inout PageWriter) {
        w.element("h2", "Devices that answered the scan")
        guard !v.exposedDevices.isEmpty else { w.element("p", "None identified."); return }
        w.open("table")
        w.row(["port", "class", "vendor", "product", "seen"], header: true)
        for d in v.exposedDevices {
            w.open("tr")
            w.element("td", ["class": "n"], String(d.port))
            w.element("td", d.deviceClass.rawValue)
            w.element("td", d.vendor ?? "—", limit: 200)
            w.element("td", d.product ?? "—", limit: 200)
            w.element("td", d.seen, limit: 200)
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }

    private func timelineTable(_ w: inout PageWriter) {
        guard !timeline.entries.isEmpty else { return }
        w.open("table")
        w.row(["time", "what", "details", "source"], header: true)
        for entry in timeline.entries {
            w.open("tr")
            w.element("td", ["class": "t"], Format.time(entry.time))
            switch entry {
            case .event(let stored):
                let e = stored.event
                w.open("td"); w.element("span", ["class": "kind \(e.kind.rawValue)"], e.kind.rawValue); w.close("td")
                w.open("td")
                var details = TimelineDetails()
                details.add("HELO", e.helo)
                details.add("host", e.hostname)
                details.add("subject", e.subject)
                details.add("queue id", e.queueID)
                details.add("Message-ID", e.messageID)
                details.add("mailer", e.mailer)
                details.add("SYN", stored.synID.map { "#\($0)" })
                details.write(&w)
                if let key = e.campaign {
                    if !details.isEmpty { w.text(" · ") }
                    w.element("span", ["class": "label"], "campaign ")
                    w.open("span", ["class": "mono"]); w.link(WebPaths.campaign(key), key); w.close("span")
                }
                w.close("td")
                w.source(e.source)
            case .syn(let stored):
                let s = stored.syn
                w.open("td"); w.element("span", ["class": "kind syn"], "syn"); w.close("td")
                w.open("td")
                var details = TimelineDetails()
                details.add("SYN", "#\(stored.id)")
                details.add("from port", String(s.sport))
                details.add("to", s.dst.map { d in s.dport.map { "\(d):\($0)" } ?? d.description })
                details.add("signature", s.signature.raw)
                details.add("p0f", s.osLabel)
                details.add("distance", s.distance.map(String.init))
                details.add("IP ID", s.ipID.map(String.init))
                details.add("TSval", s.tsVal.map { String($0) })
                details.add("joined to spam", stored.joined ? "yes" : "no")
                details.write(&w)
                w.close("td")
                w.source(s.source)
            case .observation(let stored):
                let o = stored.observation
                w.open("td"); w.element("span", ["class": "kind observation"], "scan"); w.close("td")
                w.open("td")
                var details = TimelineDetails()
                details.add("port", "\(o.port)/\(o.proto)")
                for (field, value) in o.fields.sorted(by: { $0.key < $1.key }) { details.add(field, value) }
                if let id = stored.identity {
                    let name = [id.vendor, id.product, id.version].compactMap { $0 }.joined(separator: " ")
                    details.add("identified", "\(id.deviceClass.rawValue)\(name.isEmpty ? "" : " \(name)") (\(id.os.rawValue); \(id.database))")
                } else {
                    details.add("identified", "no")
                }
                details.write(&w)
                w.close("td")
                w.source(o.source)
            }
            w.close("tr")
            w.newline()
        }
        w.close("table")
    }
}

/// `label value · label value` of one timeline row; absent values are left out.
struct TimelineDetails {
    private var items: [(String, String)] = []
    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ label: String, _ value: String?) {
        if let value { items.append((label, value)) }
    }

    func write(_ w: inout PageWriter) {
        for (i, (label, value)) in items.enumerated() {
            if i > 0 { w.text(" · ") }
            w.element("span", ["class": "label"], label + " ")
            w.element("span", ["class": "mono"], value, limit: 400)
        }
    }
}

extension PageWriter {
    /// `FILE:LINE` as the file's name and line, the full path in the tooltip (imports name absolute paths).
    mutating func source(_ source: SourceRef) {
        let name = source.file.split(separator: "/").last.map(String.init) ?? source.file
        open("td", ["class": "mono", "title": source.description])
        text("\(name):\(source.line)", limit: 200)
        close("td")
    }
}
