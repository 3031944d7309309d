import BotCensusCore

/// The verdict table: per address what the 2014 method said beside what the evidence says.
public enum VerdictReport {
    /// `colour` (at a terminal only: `TerminalColour.enabled`): a device blamed in red, another host behind the
    /// NAT in green, undecided verdicts in yellow; an IoT sender class in red, `unknown` in yellow.
    public static func table(_ verdicts: [Verdict], colour: Bool = false) -> String {
        var t = TextTable(headers: ["address", "msgs", "naive (what answered)", "verdict", "sender", "conf", "hosts", "main evidence"],
                          alignments: [.left, .right, .left, .left, .left, .right, .right, .left])
        for v in verdicts {
            let main = v.evidence.max { abs($0.weight) < abs($1.weight) }
            let answered = v.exposedDevices.first { $0.deviceClass == v.naiveClass }
            let naive = v.naiveClass.rawValue + (answered.flatMap { d in [d.vendor, d.product].compactMap { $0 }.first.map { " (\($0))" } } ?? "")
            let hosts = v.hostsBehindIP.low == v.hostsBehindIP.high ? "\(v.hostsBehindIP.estimate)" : "\(v.hostsBehindIP.estimate) [\(v.hostsBehindIP.low)-\(v.hostsBehindIP.high)]"
            t.add([v.ip.description, String(v.messages), naive, v.verdict.rawValue, v.senderClass.rawValue,
                   format(v.confidence, 2), hosts, main.map { "\($0.kind) \(signed($0.weight))" } ?? ""],
                  colours: [nil, nil, nil, verdictColour(v.verdict), v.senderClass == .unknown ? .yellow : v.senderClass.isIoT ? .red : nil])
        }
        return t.render(colour: colour)
    }

    static func verdictColour(_ kind: Verdict.Kind) -> TerminalColour? {
        switch kind {
        case .deviceSent, .gatewaySent: return .red
        case .otherHostBehindNAT: return .green
        case .ambiguous, .stale: return .yellow
        default: return nil
        }
    }

    static func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + format(x, 1) }

    public static func format(_ x: Double, _ digits: Int) -> String {
        let f = [1.0, 10.0, 100.0, 1000.0][min(digits, 3)]
        let r = (x * f).rounded() / f
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
            if digits == 0 { s = String(s[..<dot]) }
        } else if digits > 0 {
            s += "." + String(repeating: "0", count: digits)
        }
        return s
    }

    /// A few lines per address with every evidence entry, for `attribute --explain`-style reading.
    public static func details(_ v: Verdict) -> String {
        var out = "\(v.ip)  \(v.verdict.rawValue)  sender \(v.senderClass.rawValue) (\(format(v.confidence, 2)))  naive \(v.naiveClass.rawValue)\n"
        for e in v.evidence {
            out += "    \(signed(e.weight).padding(6))  \(e.kind): \(TerminalText.escape(e.detail))\n"
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
