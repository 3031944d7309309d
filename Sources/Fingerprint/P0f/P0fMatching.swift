import BotCensusCore

/// What p0f's matcher compares: an observed SYN, or a database signature being checked for duplicates.
/// Wildcards are -1 / nil as in p0f's `struct tcp_sig`, so one routine serves both.
struct P0fProbe {
    var ipVersion: Int?          // nil: `*` (database signatures only)
    var ttl: Int
    var ipOptionsLength: Int
    var mss: Int                 // -1: any
    var window: P0fSignature.Window
    var windowScale: Int         // -1: any
    var optionLayout: [UInt8]
    var eolPadding: Int
    var quirks: P0fQuirks
    var payloadClass: Int        // -1: any
    var totalHeaderLength = 0
    var ts1: UInt32 = 0

    init(_ s: P0fSignature) {
        ipVersion = s.ipVersion; ttl = s.ttl; ipOptionsLength = s.ipOptionsLength; mss = s.mss ?? -1
        window = s.window; windowScale = s.windowScale ?? -1; optionLayout = s.optionLayout
        eolPadding = s.eolPadding; quirks = s.quirks; payloadClass = s.payloadClass ?? -1
    }

    init(_ o: P0fObservedSyn) {
        ipVersion = o.ipVersion; ttl = o.ttl; ipOptionsLength = o.ipOptionsLength; mss = o.mss
        window = .value(o.window); windowScale = o.windowScale; optionLayout = o.optionLayout
        eolPadding = o.eolPadding; quirks = o.quirks; payloadClass = o.payloadLength > 0 ? 1 : 0
        totalHeaderLength = o.totalHeaderLength; ts1 = o.ts1
    }
}

/// p0f v3's matching rules (fp_tcp.c): specific signatures first, then generic, then fuzzy ones.
enum P0fMatching {
    /// Distances above this are not believed for a non-fuzzy match (p0f's MAX_DIST).
    static let maxDistance = P0fNotation.maxDistance

    struct Outcome {
        var record: P0fSignatureRecord?
        var fuzzy = false
        var distance = 0
    }

    /// p0f's guess when no signature tells the initial TTL: the next of 32, 64, 128, 255.
    static func guessDistance(_ ttl: Int) -> Int { P0fNotation.guessDistance(ttl) }

    /// The window as a multiple of the MSS or of an MTU, as p0f reads it (see `P0fNotation`).
    static func windowMultiple(_ p: P0fProbe) -> (multiplier: Int, mtu: Bool)? {
        guard case .value(let window) = p.window else { return nil }
        return P0fNotation.windowMultiple(window: window, mss: p.mss, ts1: p.ts1, ipVersion: p.ipVersion,
                                          totalHeaderLength: p.totalHeaderLength)
    }

    /// Finds the signature for `probe` among `records` (all of one direction, in file order).
    static func match(_ probe: P0fProbe, in records: [P0fSignatureRecord]) -> Outcome {
        let found = scan(probe, records)
        if let exact = found.specific {
            return Outcome(record: exact, distance: exact.signature.ttl - probe.ttl)
        }
        if let generic = found.generic {
            return Outcome(record: generic, distance: generic.signature.ttl - probe.ttl)
        }
        // No fuzzy matches for userland tools; p0f then leaves the distance at 0 rather than guessing.
        if let fuzzy = found.fuzzy, fuzzy.label.isTool { return Outcome() }
        guard let fuzzy = found.fuzzy else { return Outcome(distance: guessDistance(probe.ttl)) }
        let ref = fuzzy.signature
        if ref.ttl < probe.ttl || (!ref.randomTTL && ref.ttl - probe.ttl > maxDistance) {
            return Outcome(record: fuzzy, fuzzy: true, distance: guessDistance(probe.ttl))
        }
        return Outcome(record: fuzzy, fuzzy: true, distance: ref.ttl - probe.ttl)
    }

    /// The earlier specific signature that already matches `signature` exactly (p0f refuses such a file).
    static func coveringSignature(_ signature: P0fSignature, in records: [P0fSignatureRecord]) -> P0fSignatureRecord? {
        scan(P0fProbe(signature), records).specific
    }

    private static func scan(_ probe: P0fProbe, _ records: [P0fSignatureRecord])
        -> (specific: P0fSignatureRecord?, generic: P0fSignatureRecord?, fuzzy: P0fSignatureRecord?) {
        let multiple = windowMultiple(probe)
        var generic: P0fSignatureRecord?
        var fuzzyMatch: P0fSignatureRecord?
        for record in records where record.signature.optionLayout == probe.optionLayout {
            let ref = record.signature
            var fuzzy = false
            var refQuirks = ref.quirks
            // A version-less signature loses the quirks the packet's IP version cannot have.
            if ref.ipVersion == nil {
                refQuirks.subtract(probe.ipVersion == 4 ? P0fQuirks.ipv6Only : [.df, .nonZeroID, .zeroID])
            }
            if refQuirks != probe.quirks {
                let deleted = refQuirks.subtracting(probe.quirks)
                let added = probe.quirks.subtracting(refQuirks)
                // Only DF or id+ disappearing, or id- or ECN appearing, still allows a fuzzy match.
                if fuzzyMatch != nil || !deleted.subtracting([.df, .nonZeroID]).isEmpty
                    || !added.subtracting([.zeroID, .ecn]).isEmpty { continue }
                fuzzy = true
            }
            if ref.eolPadding != probe.eolPadding || ref.ipOptionsLength != probe.ipOptionsLength { continue }
            if ref.randomTTL {
                if ref.ttl < probe.ttl { continue }
            } else if ref.ttl < probe.ttl || ref.ttl - probe.ttl > maxDistance {
                fuzzy = true
            }
            if let mss = ref.mss, mss != probe.mss { continue }
            if let scale = ref.windowScale, scale != probe.windowScale { continue }
            if let payload = ref.payloadClass, payload != probe.payloadClass { continue }
            guard windowMatches(ref.window, probe.window, multiple) else { continue }
            if !fuzzy {
                if !record.label.generic { return (record, nil, nil) }
                if generic == nil { generic = record }
            } else if fuzzyMatch == nil {
                fuzzyMatch = record
            }
        }
        return (nil, generic, fuzzyMatch)
    }

    private static func windowMatches(_ ref: P0fSignature.Window, _ seen: P0fSignature.Window,
                                      _ multiple: (multiplier: Int, mtu: Bool)?) -> Bool {
        guard case .value(let window) = seen else { return ref == seen }   // signature against signature
        switch ref {
        case .value(let n): return n == window
        case .any: return true
        case .modulo(let n): return window % n == 0
        case .mss(let n): return multiple.map { !$0.mtu && $0.multiplier == n } ?? false
        case .mtu(let n): return multiple.map { $0.mtu && $0.multiplier == n } ?? false
        }
    }
}
