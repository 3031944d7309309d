import BotCensusCore

/// `/api/verdicts?class=&verdict=&min_confidence=&limit=&offset=`: which verdicts, which page.
struct VerdictQuery: Sendable, Equatable {
    static let parameters = ["class", "verdict", "min_confidence", "limit", "offset"]
    static let defaultLimit = 100
    static let maxLimit = 1000

    /// The sender class (`sender_class`).
    var senderClass: DeviceClass?
    var verdict: Verdict.Kind?
    var minConfidence: Double?
    var limit = VerdictQuery.defaultLimit
    var offset = 0

    init(senderClass: DeviceClass? = nil, verdict: Verdict.Kind? = nil, minConfidence: Double? = nil, limit: Int = VerdictQuery.defaultLimit, offset: Int = 0) {
        self.senderClass = senderClass; self.verdict = verdict; self.minConfidence = minConfidence; self.limit = limit; self.offset = offset
    }

    init(_ pairs: [(String, String)]) throws(QueryError) {
        let q = try QueryParameters(pairs, allowed: VerdictQuery.parameters)
        senderClass = try q.choice("class", DeviceClass.self)
        verdict = try q.choice("verdict", Verdict.Kind.self)
        minConfidence = try q.probability("min_confidence")
        limit = try q.int("limit", default: VerdictQuery.defaultLimit, in: 1...VerdictQuery.maxLimit)
        offset = try q.int("offset", default: 0, in: 0...Int.max)
    }

    func matches(_ v: Verdict) -> Bool {
        (senderClass == nil || v.senderClass == senderClass) && (verdict == nil || v.verdict == verdict)
            && (minConfidence.map { v.confidence >= $0 } ?? true)
    }
}
