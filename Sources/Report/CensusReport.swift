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
        out += "method: \(c.method)\n"
        return out
    }

    static func percent(_ x: Double) -> String { VerdictReport.format(x * 100, 1) + "%" }
}
