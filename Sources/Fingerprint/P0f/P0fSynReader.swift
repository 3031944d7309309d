import BotCensusCore

/// Everything `identify syn` says about a SYN apart from its addresses, ports and time: p0f's reading
/// (label, quality, distance, params, raw_sig) and the OS family.
public struct P0fSynReading: Sendable {
    public var rawSignature: String
    /// nil where p0f prints `???`.
    public var label: String?
    public var labelIsApplication: Bool
    /// A userland tool's label (NMap; not p0f's own sendsyn probe): p0f keeps no flow for such a SYN.
    public var labelIsTool: Bool
    public var quality: P0fSynMatch.Quality
    public var distance: Int
    public var distanceText: String
    public var params: String
    public var family: OSFamily
}

/// Reads SYNs the way `P0fSynMatcher` + `SynOSClassifier` do, once per distinct observed signature: a
/// capture holds a few hundred distinct stacks-and-paths among millions of SYNs, and every field of the
/// reading follows from the observed values alone. The cache key is the observed SYN with the two values
/// that vary per packet but only count by whether they are zero (the sender's timestamp, the payload
/// length) reduced to 0 or 1.
public final class P0fSynReader {
    public let matcher: P0fSynMatcher
    private var cache: [P0fObservedSyn: P0fSynReading] = [:]
    /// A bound on memory for captures crafted to differ in every SYN: the cache starts over past it.
    private let limit: Int

    public init(matcher: P0fSynMatcher, limit: Int = 1 << 16) {
        self.matcher = matcher
        self.limit = limit
    }

    public func read(_ segment: TCPSegment) -> P0fSynReading {
        var key = P0fObservedSyn(segment)
        key.ts1 = key.ts1 == 0 ? 0 : 1
        key.payloadLength = min(key.payloadLength, 1)
        if let known = cache[key] { return known }
        let reading = reading(matcher.match(observed: key))
        if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
        cache[key] = reading
        return reading
    }

    /// The OS family depends on the signature without its hop count (the classifier reads the initial
    /// TTL, never the observed one), the label and the params: far fewer kinds than observed signatures,
    /// since every hop count of one stack is another observed signature.
    private struct FamilyKey: Hashable {
        var initialTTL: Int
        var rest: String
        var label: String?
        var params: String
    }

    private var families: [FamilyKey: OSFamily] = [:]

    /// The reading of one match; the family from the signature as p0f writes it, read as the classifier
    /// reads any raw_sig (so a signature from a pcap and the same one from a p0f log get the same family).
    private func reading(_ m: P0fSynMatch) -> P0fSynReading {
        let raw = m.rawSignature
        let label = m.label, params = m.params
        // `ver:TTL+DIST:rest…`: the classifier's initial TTL is TTL+DIST, or the next usual one for `+?`;
        // either is the first of 32, 64, 128, 255 not below the observed TTL.
        let fields = raw.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        // TTL 0 does not parse as a raw_sig (family unknown): kept apart from 1…32.
        let ttl = m.observed.ttl
        let key = FamilyKey(initialTTL: ttl == 0 ? 0 : TCPSignature.guessInitialTTL(observed: ttl),
                            rest: fields.count == 3 ? String(fields[0]) + ":" + fields[2] : raw, label: label, params: params)
        let family: OSFamily
        if let known = families[key] {
            family = known
        } else {
            family = (try? TCPSignature(parsing: raw)).map {
                SynOSClassifier.classify($0, p0fLabel: label, p0fParams: params).family
            } ?? .unknown
            if families.count >= limit { families.removeAll(keepingCapacity: true) }
            families[key] = family
        }
        return P0fSynReading(rawSignature: raw, label: label, labelIsApplication: m.labelIsApplication,
                             labelIsTool: m.record?.label.isTool == true && !m.isSendsynProbe, quality: m.quality,
                             distance: m.distance, distanceText: m.distanceText, params: params, family: family)
    }
}
