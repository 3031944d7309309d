import BotCensusCore

/// Plain words for the contract's names (verdict kinds, evidence kinds), for readers who have not read the
/// docs. Unknown names (a newer botcensus) are shown as they are.
enum ReportWords {
    static func verdict(_ k: Verdict.Kind) -> String {
        switch k {
        case .deviceSent: return "the device that answered the scan sent the spam"
        case .gatewaySent: return "the home router itself sent the spam"
        case .otherHostBehindNAT: return "another host behind the same address sent it, not the device that answered"
        case .ambiguous: return "the evidence does not decide between the answering device and another host"
        case .stale: return "what answered was seen too far from the spam: the address has likely changed hands"
        case .noEvidence: return "nothing identifiable answered the scan: only the sender's own traffic speaks"
        }
    }

    static func evidence(_ kind: String) -> String {
        switch kind {
        case "timestamp-lines": return "the TCP timestamp clocks of the spam connections fall on separate lines: separate hosts"
        case "random-timestamps": return "TCP timestamps are random per connection: clocks cannot tell hosts apart"
        case "ipid-runs": return "the IP ID counters run in separate sequences: separate hosts"
        case "exposed-gateway": return "a home gateway answered: the address is a NAT router's, shared by every host behind it"
        case "several-devices-answer": return "several devices answered at one address: port forwarding behind a NAT"
        case "several-stacks-answer": return "ports of one address answered with different TCP stacks: a port forwarded to another host"
        case "stale-observation": return "the device was seen long before or after the spam: the address may have changed hands"
        case "syn-os-match": return "the sender's SYN fits the operating system of the device that answered"
        case "syn-os-mismatch": return "the sender's SYN is another operating system than the device that answered"
        case "no-sender-syn": return "no SYN of the spam is in evidence: the sender's operating system is unknown"
        case "several-sender-stacks": return "several distinct sender SYN signatures or hop distances: several hosts sent"
        case "gateway-hop": return "hop distances: a NAT gateway sends one hop nearer than the hosts behind it"
        case "nothing-identified": return "nothing identifiable answered: only the sender's own traffic speaks"
        case "sender-syn": return "the sender's own SYN names its operating system family"
        case "silent-address": return "nothing answered the scan: servers answer, PCs and phones do not"
        case "class-undecided": return "no class is probable enough to be named: the sender is left unknown"
        default: return kind
        }
    }

    /// The evidence entry that weighed most in a verdict (largest weight either way; the first of equals),
    /// as the terminal table's "main evidence" picks it. Nil when nothing weighed.
    static func topEvidence(_ v: Verdict) -> Verdict.Evidence? {
        guard let top = v.evidence.max(by: { abs($0.weight) < abs($1.weight) }), top.weight != 0 else { return nil }
        return top
    }
}
