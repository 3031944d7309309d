import BotCensusCore

/// OS family of a TCP SYN from its p0f signature: initial TTL, window, MSS and option layout.
/// The rules follow how the stacks differ on the wire:
/// - Windows starts at TTL 128 and never leads with timestamps;
/// - BSD and macOS start at 64 and lead their options with `mss,nop,ws`;
/// - Linux starts at 64 with `mss,sok,ts,nop,ws` (or `mss,nop,nop,sok,nop,ws` without timestamps);
///   kernels of embedded devices (2.4-3.x era, small RAM) show no window scaling, a scale of 0-4,
///   a window of at most 5840 bytes, or no SACK — modern desktop and server kernels scale by 7 or more
///   with windows of 29200 and up;
/// - Android (a Linux layout, window 44 × MSS, scale 1–3, as p0f's own Android signatures) and iOS (the BSD
///   layout, window 65535, scale 2) are `mobile`;
/// - TTL 255 stacks (Solaris, network OSes, some RTOS) are `other`.
/// A p0f label, when present, decides through `SynLabelTable`; for "Linux" labels the layout still
/// separates embedded and Android kernels.
public enum SynOSClassifier {
    public struct Reading: Sendable, Equatable {
        public var family: OSFamily
        public var label: String?
        /// `exact`/`generic`/`fuzzy` when p0f labelled the SYN, `inferred` when only our rules spoke.
        public var quality: String
        public var reason: String
        /// Families this stack is often instead (a label p0f itself hedges): said in the verdict's evidence.
        public var alsoLikely: [OSFamily] = []
    }

    public static func classify(_ sig: TCPSignature, p0fLabel: String? = nil, p0fParams: String? = nil) -> Reading {
        let structural = structuralFamily(sig)
        guard let label = p0fLabel else {
            return Reading(family: structural.0, label: nil, quality: "inferred", reason: structural.1)
        }
        let quality: String
        if let params = p0fParams, params.contains("fuzzy") { quality = "fuzzy" }
        else if let params = p0fParams, params.contains("generic") { quality = "generic" }
        else { quality = "exact" }
        var family: OSFamily
        let rule = SynLabelTable.rule(for: label)
        if let rule, let named = rule.family {
            family = named
        } else if rule != nil {
            // "Linux": the shape says which kind; a BSD or Windows shape under a Linux label stays Linux.
            family = [.embeddedLinux, .mobile].contains(structural.0) ? structural.0 : .linux
        } else {
            family = structural.0
        }
        let alsoLikely = rule?.alsoLikely ?? []
        // A fuzzy p0f match that contradicts the initial TTL is weaker than the TTL itself.
        let ttlFamilies: Set<OSFamily> = sig.initialTTL > 64 && sig.initialTTL <= 128 ? [.windows] : (sig.initialTTL <= 64 ? [.linux, .embeddedLinux, .bsdMacOS, .other] : [.other])
        if quality == "fuzzy" && !ttlFamilies.contains(family) {
            return Reading(family: structural.0, label: label, quality: quality,
                           reason: "p0f's fuzzy '\(label)' contradicts initial TTL \(sig.initialTTL); \(structural.1)")
        }
        let note = rule.map { "p0f: \(label) (\($0.note))" } ?? "p0f: \(label)"
        return Reading(family: family, label: label, quality: quality, reason: "\(note); \(structural.1)", alsoLikely: alsoLikely)
    }

    static func structuralFamily(_ sig: TCPSignature) -> (OSFamily, String) {
        let layout = sig.optionLayout
        let ttl = sig.initialTTL
        if ttl > 64 && ttl <= 128 {
            return (.windows, "initial TTL \(ttl)")
        }
        if ttl > 128 {
            return (.other, "initial TTL \(ttl)")
        }
        if layout.starts(with: ["mss", "nop", "ws"]) {
            if sig.windowBytes == 65535, sig.windowScale == 2 {
                return (.mobile, "TTL \(ttl), BSD option layout, window 65535 scale 2 (iOS)")
            }
            return (.bsdMacOS, "TTL \(ttl), options lead with mss,nop,ws (BSD/macOS)")
        }
        let linuxLayouts: [[String]] = [["mss", "sok", "ts", "nop", "ws"], ["mss", "nop", "nop", "sok", "nop", "ws"],
                                        ["mss", "sok", "ts"], ["mss", "nop", "nop", "sok"], ["mss", "nop", "nop", "ts"],
                                        ["mss", "nop", "nop", "ts", "nop", "ws"], ["mss", "nop", "nop", "sok", "nop", "nop", "ts"], ["mss"]]
        guard linuxLayouts.contains(layout) else {
            return (.other, "TTL \(ttl), unusual option layout \(layout.joined(separator: ","))")
        }
        if layout == ["mss", "sok", "ts", "nop", "ws"], sig.windowTimesMSS == 44, let scale = sig.windowScale, (1...3).contains(scale) {
            return (.mobile, "TTL \(ttl), Linux option layout, window 44×MSS scale \(scale) (Android)")
        }
        var small: [String] = []
        if !layout.contains("ws") { small.append("no window scaling") }
        if let scale = sig.windowScale, layout.contains("ws"), scale <= 4 { small.append("window scale \(scale)") }
        if let bytes = sig.windowBytes, bytes <= 5840 { small.append("window \(bytes)") }
        if !layout.contains("sok") { small.append("no SACK") }
        if !small.isEmpty {
            return (.embeddedLinux, "TTL \(ttl), Linux option layout with " + small.joined(separator: ", ") + " (embedded kernel)")
        }
        return (.linux, "TTL \(ttl), Linux option layout, window scale \(sig.windowScale.map(String.init) ?? "*")")
    }
}
