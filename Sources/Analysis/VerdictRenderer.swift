import BotCensusCore

/// The verdict contract (DESIGN.md, docs/schema/verdict.schema.json) from an attribution: times as RFC 3339,
/// probabilities rounded to three digits with classes under 0.5% folded into `unknown`, weights to two.
/// Output only: nothing downstream of attribution reads the rounded numbers.
public enum VerdictRenderer {
    public static func render(_ a: Attribution) -> Verdict {
        var classOut: [String: Double] = [:]
        var shown = 0.0
        for c in DeviceClass.allCases {
            guard let p = a.posterior[c], p >= 0.005 else { continue }
            let r = round(p, 3)
            classOut[c.rawValue] = r
            shown += r
        }
        if shown < 0.999 { classOut["unknown", default: 0] += round(1 - shown, 3) }
        return Verdict(ip: a.ip, firstSeen: TimeFormat.rfc3339(a.firstSeen), lastSeen: TimeFormat.rfc3339(a.lastSeen),
                       messages: a.messages, connections: a.connections, verdict: a.verdict, naiveClass: a.naiveClass,
                       senderClass: a.senderClass, confidence: round(a.confidence, 3), classProbabilities: classOut,
                       exposedDeviceSentProbability: a.exposedDeviceSent.map { round($0, 3) }, hostsBehindIP: a.hosts, sendersBehindIP: a.senders,
                       exposedDevices: a.exposedDevices, senderOS: a.senderOS,
                       evidence: a.evidence.map { Verdict.Evidence(kind: $0.kind.rawValue, detail: $0.detail, weight: round($0.weight, 2)) })
    }

    static func round(_ x: Double, _ digits: Int) -> Double { Attributor.round(x, digits) }
}
