import BotCensusCore

/// p0f v3's reading of one SYN: the label, how it was reached, the hop distance, and the observed
/// signature written exactly as `p0f -r` writes it in `raw_sig`.
public struct P0fSynMatch: Sendable {
    public enum Quality: String, Sendable {
        case exact, generic, fuzzy, none
    }

    public var observed: P0fObservedSyn
    public var record: P0fSignatureRecord?
    public var fuzzy: Bool
    /// Hops from the sender; for a random-TTL tool (`params` has `random_ttl`) an upper bound.
    public var distance: Int
    /// p0f's `p0f-sendsyn` probe (window 1337, MSS 1331): p0f reports it as an application.
    public var isSendsynProbe: Bool

    /// `Linux 3.11 and newer`: what p0f prints in `os=` (or `app=`); nil where p0f prints `???`.
    public var label: String? { record?.label.text }

    public var quality: Quality {
        guard let record else { return .none }
        if fuzzy { return .fuzzy }
        return record.label.generic ? .generic : .exact
    }

    /// True when p0f would print the label as `app=` (a userland tool) rather than `os=`.
    public var labelIsApplication: Bool { record.map { $0.label.isTool || isSendsynProbe } ?? false }

    /// p0f's `params`: `generic`, `fuzzy`, `random_ttl`, `excess_dist`, `tos:0x..`, or `none`.
    public var params: String {
        var words: [String] = []
        if let record {
            if record.label.generic { words.append("generic") }
            if fuzzy { words.append("fuzzy") }
            if record.signature.randomTTL { words.append("random_ttl") }
        }
        if distance > P0fMatching.maxDistance { words.append("excess_dist") }
        if observed.tos != 0 { words.append("tos:0x" + hex2(observed.tos)) }
        return words.isEmpty ? "none" : words.joined(separator: " ")
    }

    /// p0f's `dist=` field: the distance, written `<= N` for random-TTL tools.
    public var distanceText: String { record?.signature.randomTTL == true ? "<= \(distance)" : "\(distance)" }

    /// The observed signature in p0f's notation (computed in Core, shared with the capture importer).
    public var rawSignature: String { observed.rawSignature }

    private func hex2(_ v: UInt8) -> String {
        let h = String(v, radix: 16)
        return h.count == 1 ? "0" + h : h
    }
}

/// Matches SYNs against the `[tcp:request]` signatures of a p0f.fp with p0f v3's rules: a specific
/// signature wins at once; otherwise the first generic one; otherwise the first fuzzy one (quirks that
/// drift — DF or id+ lost, id- or ECN gained — or a TTL out of range), never fuzzy for userland tools.
public struct P0fSynMatcher: Sendable {
    public let database: P0fDatabase
    /// Signatures grouped by option layout: only signatures with the packet's exact layout can match.
    private let byLayout: [[UInt8]: [P0fSignatureRecord]]

    /// `responses`: match SYN+ACKs against `[tcp:response]` (what a server's stack answers with) instead.
    public init(database: P0fDatabase, responses: Bool = false) {
        self.database = database
        byLayout = Dictionary(grouping: responses ? database.responseSignatures : database.requestSignatures, by: \.signature.optionLayout)
    }

    public func match(_ segment: TCPSegment) -> P0fSynMatch {
        match(observed: P0fObservedSyn(segment))
    }

    public func match(observed: P0fObservedSyn) -> P0fSynMatch {
        let outcome = P0fMatching.match(P0fProbe(observed), in: byLayout[observed.optionLayout] ?? [])
        let sendsyn = observed.window == 1337 && observed.mss == 1331
        return P0fSynMatch(observed: observed, record: outcome.record, fuzzy: outcome.fuzzy, distance: outcome.distance,
                           isSendsynProbe: sendsyn)
    }
}
