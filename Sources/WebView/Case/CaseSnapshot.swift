import BotCensusCore

/// The analysis of the case at one state: verdicts (in address order, and by address), the census, and
/// where they came from. Every page and API answer of a request reads one snapshot, so they agree.
struct CaseSnapshot: Sendable {
    var state: String
    var verdicts: [Verdict]
    var byIP: [IPAddress: Verdict]
    var census: Census
    /// Read back from the case's stored analysis (else computed for this state, in memory).
    var stored: Bool
    var milliseconds: Int

    init(state: String, verdicts: [Verdict], census: Census, stored: Bool, milliseconds: Int) {
        self.state = state
        self.verdicts = verdicts.sorted { $0.ip < $1.ip }
        self.byIP = Dictionary(self.verdicts.map { ($0.ip, $0) }, uniquingKeysWith: { first, _ in first })
        self.census = census
        self.stored = stored
        self.milliseconds = milliseconds
    }
}
