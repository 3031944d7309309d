import BotCensusCore

/// What each verdict kind means, in the words the pages use beside the counts.
enum VerdictWords {
    static func meaning(_ kind: Verdict.Kind) -> String {
        switch kind {
        case .deviceSent: return "the device that answered the scan sent the spam"
        case .gatewaySent: return "the NAT gateway (router) itself sent"
        case .otherHostBehindNAT: return "another host behind the same address sent: the device that answered is not to blame"
        case .ambiguous: return "the evidence does not decide between the device that answered and a host behind it"
        case .stale: return "the only scans are too far in time from the spam (the address may have changed hands)"
        case .noEvidence: return "nothing identifiable answered the scan; the sender's own SYN is all there is"
        }
    }
}
