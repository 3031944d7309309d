import BotCensusCore

/// (c) Hosts per address: the 2014 method assumes one device per address; NAT puts several behind one,
/// churn spreads one host over several. Histogram of the devices seen and the hosts that sent per address.
enum HostsPerAddressSection {
    static let topBin = 10

    /// Addresses per count (1…`topBin`, the last bin `topBin` and more): devices seen, hosts that sent.
    static func histogram(_ verdicts: [Verdict]) -> (devices: [Int], senders: [Int]) {
        var devices = Array(repeating: 0, count: topBin), senders = Array(repeating: 0, count: topBin)
        for v in verdicts {
            devices[min(max(v.hostsBehindIP.estimate, 1), topBin) - 1] += 1
            if let s = v.sendersBehindIP { senders[min(max(s.estimate, 1), topBin) - 1] += 1 }
        }
        return (devices, senders)
    }

    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let verdicts = input.verdicts, c = input.census
        let (devices, senders) = histogram(verdicts)
        page.section(id: "hosts", title: "Hosts per address")
        let several = verdicts.filter { $0.hostsBehindIP.estimate > 1 }.count
        let severalSenders = verdicts.filter { ($0.sendersBehindIP?.estimate ?? 1) > 1 }.count
        var text = "The 2014 method counts one device per address. Here \(ReportNumbers.fraction(several, of: verdicts.count)) "
            + "addresses show more than one device (senders and devices that answered), and \(ReportNumbers.count(severalSenders)) "
            + "more than one host that sent."
        if c.estimate.hosts > 0 && c.estimate.hosts < c.addresses {
            text += " The other way round, address churn spreads one host over several addresses: "
                + "\(ReportNumbers.count(c.addresses)) addresses for an estimated \(ReportNumbers.count(c.estimate.hosts)) hosts, "
                + "\(ReportNumbers.decimal(Double(c.addresses) / Double(c.estimate.hosts), digits: 1)) addresses per host."
        }
        page.paragraph(text)
        let label = { (i: Int) in i + 1 == topBin ? "\(topBin)+" : "\(i + 1)" }
        let chart = SVGColumnChart(
            label: "Addresses by the number of hosts behind them",
            series: [.init(name: "devices seen at the address", color: ChartPalette.neutral),
                     .init(name: "hosts that sent from it", color: ChartPalette.botcensus)],
            columns: (0..<topBin).map { i in
                .init(label: label(i), values: [Double(devices[i]), Double(senders[i])], tip: "\(label(i)) per address")
            },
            stacked: false, yTitle: "addresses", plotHeight: 180)
        page.figure(chart.render(), caption: "Addresses (y) by how many hosts stand behind each (x): hosts_behind_ip and senders_behind_ip of the verdicts.")
        page.figuresBehind(headers: ["hosts per address", "addresses: devices seen", "addresses: hosts that sent"],
                           rows: (0..<topBin).map { [label($0), ReportNumbers.count(devices[$0]), ReportNumbers.count(senders[$0])] },
                           numeric: [1, 2])
        if let f = c.footprint {
            page.paragraph("Footprint against population: over the campaign \(ReportNumbers.count(f.addresses)) addresses and "
                + "\(ReportNumbers.count(f.senderUnits)) sender units (address × sending stack × hop distance) were seen; at most "
                + "\(ReportNumbers.count(f.concurrentMax)) units were active in any one hour (\(ReportNumbers.decimal(f.concurrentMean, digits: 1)) on average).",
                className: "note")
        }
        if let l = c.linking {
            page.paragraph("\(ReportNumbers.count(l.synsWithTimestamps)) of \(ReportNumbers.count(l.syns)) sender SYNs carry TCP timestamps; "
                + "\(ReportNumbers.count(l.linkedHosts)) hosts were followed across addresses by their clocks.", className: "note")
        }
        page.close("section")
    }
}
