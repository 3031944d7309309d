import BotCensusCore

/// Which host sent, at the level the verdict speaks: where an identified device answered the scan, did the
/// verdict blame it (`device-sent`, `gateway-sent`) when it truly sent from the address, and clear it
/// (`other-host-behind-nat`, `stale`) when it did not? `ambiguous` decides nothing and costs coverage. The
/// 2014 method blames whatever answered, always. Needs the truth's `answering_sent`.
public struct BlameMetrics: Hashable, Sendable {
    /// Addresses where the verdict weighed an answering device and the truth says whether it sent.
    public var addresses: Int
    /// Of those, the verdict blamed or cleared the device (not `ambiguous`).
    public var decided: Int
    public var correct: Int
    /// Blamed although the device did not send from the address: the 2014 error.
    public var wronglyBlamed: Int
    /// Cleared although it did send.
    public var wronglyCleared: Int
    /// The 2014 method (blame what answered): right where the answering device sent.
    public var naiveCorrect: Int
    /// Answering devices that truly sent from their address, and how many of them the verdict blamed: what
    /// only a scan close to the spam can show (a late one meets other households' devices).
    public var devicesThatSent: Int
    public var devicesThatSentBlamed: Int

    public var accuracy: Double? { Evaluation.ratio(correct, decided) }
    public var coverage: Double? { Evaluation.ratio(decided, addresses) }
    public var naiveAccuracy: Double? { Evaluation.ratio(naiveCorrect, addresses) }

    public init(_ pairs: [Evaluation.Pair]) {
        var addresses = 0, decided = 0, correct = 0, wronglyBlamed = 0, wronglyCleared = 0, naiveCorrect = 0
        var devicesThatSent = 0, devicesThatSentBlamed = 0
        for p in pairs {
            guard let sent = p.truth.answeringSent, p.verdict.verdict != .noEvidence else { continue }
            addresses += 1
            if sent { naiveCorrect += 1; devicesThatSent += 1 }
            let blamed: Bool
            switch p.verdict.verdict {
            case .deviceSent, .gatewaySent: blamed = true
            case .otherHostBehindNAT, .stale: blamed = false
            case .ambiguous, .noEvidence: continue
            }
            decided += 1
            if blamed && sent { devicesThatSentBlamed += 1 }
            if blamed == sent { correct += 1 } else if blamed { wronglyBlamed += 1 } else { wronglyCleared += 1 }
        }
        self.addresses = addresses; self.decided = decided; self.correct = correct
        self.wronglyBlamed = wronglyBlamed; self.wronglyCleared = wronglyCleared; self.naiveCorrect = naiveCorrect
        self.devicesThatSent = devicesThatSent; self.devicesThatSentBlamed = devicesThatSentBlamed
    }
}
