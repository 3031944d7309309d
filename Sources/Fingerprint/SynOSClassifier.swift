import BotCensusCore

/// OS family of a TCP SYN from its p0f signature: initial TTL, window, MSS and option layout.
/// The rules follow how the stacks differ on the wire:
/// - Windows starts at TTL 128 and never leads with timestamps;
/// - BSD and macOS start at 64 and lead their options with `mss,nop,ws`;
/// - Linux starts at 64 with `mss,sok,ts,nop,ws` (or `mss,nop,nop,sok,nop,ws` without timestamps);
///   kernels of embedded devices (2.4-3.x era, small RAM) show no window scaling, a scale of 0-4,
///   a window of at most 5840 bytes, or no SACK — modern desktop and server kernels scale by 7 or more
///   with windows of 29200 and up;
/// - TTL 255 stacks (Solaris, network OSes, some RTOS) are `other`.
/// A p0f label, when present, decides Windows/BSD/Linux; the layout still separates embedded Linux.
public enum SynOSClassifier {
    public struct Reading: Sendable, Equatable {
        public var family: OSFamily
        public var label: String?
        /// `exact`/`generic`/`fuzzy` when p0f labelled the SYN, `inferred` when only our rules spoke.
        public var quality: String
        public var reason: String
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
        let lower = label.lowercased()
        var family: OSFamily
        if lower.contains("windows") {
            family = .windows
        } else if ["mac os", "macos", "ios", "freebsd", "openbsd", "netbsd", "bsd"].contains(where: lower.contains) {
            family = .bsdMacOS
        } else if lower.contains("linux") || lower.contains("android") {
            family = structural.0 == .embeddedLinux ? .embeddedLinux : .linux
        } else {
            family = structural.0
        }
        // A fuzzy p0f match that contradicts the initial TTL is weaker than the TTL itself.
        let ttlFamilies: Set<OSFamily> = sig.initialTTL > 64 && sig.initialTTL <= 128 ? [.windows] : (sig.initialTTL <= 64 ? [.linux, .embeddedLinux, .bsdMacOS, .other] : [.other])
        if quality == "fuzzy" && !ttlFamilies.contains(family) {
            return Reading(family: structural.0, label: label, quality: quality,
                           reason: "p0f's fuzzy '\(label)' contradicts initial TTL \(sig.initialTTL); \(structural.1)")
        }
        return Reading(family: family, label: label, quality: quality, reason: "p0f: \(label); \(structural.1)")
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
            return (.bsdMacOS, "TTL \(ttl), options lead with mss,nop,ws (BSD/macOS)")
        }
        let linuxLayouts: [[String]] = [["mss", "sok", "ts", "nop", "ws"], ["mss", "nop", "nop", "sok", "nop", "ws"],
                                        ["mss", "sok", "ts"], ["mss", "nop", "nop", "sok"], ["mss", "nop", "nop", "ts"],
                                        ["mss", "nop", "nop", "ts", "nop", "ws"], ["mss", "nop", "nop", "sok", "nop", "nop", "ts"], ["mss"]]
        guard linuxLayouts.contains(layout) else {
            return (.other, "TTL \(ttl), unusual option layout \(layout.joined(separator: ","))")
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
