import BotCensusCore

/// The census side by side: the 2014 method's figures, botcensus's estimate with its 95% interval.
public enum CensusReport {
    public static func table(_ c: Census) -> String {
        var out = "\(c.addresses) sending addresses, \(c.messages) messages\n\n"
        var t = TextTable(headers: ["", "naive (2014 method)", "botcensus estimate", "95% interval"],
                          alignments: [.left, .right, .right, .right])
        t.add(["infected hosts", String(c.naive.hosts), String(c.estimate.hosts), "\(c.estimate.hostsLow)–\(c.estimate.hostsHigh)"])
        t.add(["IoT share", percent(c.naive.iotShare), percent(c.estimate.iotShare),
               "\(percent(c.estimate.iotShareLow))–\(percent(c.estimate.iotShareHigh))"])
        out += t.render() + "\n"
        var byClass = TextTable(headers: ["class", "naive", "estimate", "95% interval"], alignments: [.left, .right, .right, .right])
        for cls in DeviceClass.allCases {
            guard let row = c.byClass[cls.rawValue] else { continue }
            byClass.add([cls.rawValue, String(row.naive), String(row.hosts), "\(row.low)–\(row.high)"])
        }
        out += byClass.render() + "\n"
        out += "verdicts: " + Verdict.Kind.allCases.compactMap { k in c.verdicts[k.rawValue].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ") + "\n"
        if let f = c.footprint {
            out += "footprint: \(f.addresses) addresses, \(f.senderUnits) sender units (address × stack × distance); active at once: at most \(f.concurrentMax) units in one hour, \(VerdictReport.format(f.concurrentMean, 1)) on average\n"
        }
        if let l = c.linking {
            var line = "linking: \(l.synsWithTimestamps) of \(l.syns) SYNs carry TCP timestamps; \(l.linkedHosts) hosts followed across addresses by their clocks (\(l.linkedSyns) SYNs)"
            if !l.randomTimestampGroups.isEmpty { line += "; per-connection random timestamps in \(l.randomTimestampGroups.count) stack group(s): they count nothing" }
            out += line + "\n"
        }
        if let r = c.captureRecapture {
            out += "capture–recapture over \(r.traps) traps: \(r.seen) sender units seen, \(r.estimate) estimated (\(r.low)–\(r.high)) — \(r.method)\n"
        }
        out += "method: \(c.method)\n"
        return out
    }

    static func percent(_ x: Double) -> String { VerdictReport.format(x * 100, 1) + "%" }
}
