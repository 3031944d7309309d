import BotCensusCore
import Foundation
import Synchronization

/// What a SYN's p0f label says about its OS family: one ordered table, the first rule whose words appear in
/// the label wins. docs/ATTRIBUTION.md prints it; SynLabelTableTests holds each rule to real p0f labels.
///
/// A label can name a family outright (`Windows 7 or 8`, `Linux (Android)`, `iOS iPhone or iPad`), leave
/// the Linux kind to the SYN's shape (p0f's `Linux 2.2.x-3.x` is a desktop, a server or a router alike:
/// `structure` decides), or name a family that is often another (`MacOS X 10.9 or newer (sometimes iPhone or
/// iPad)`): `alsoLikely` says so, and the verdict's evidence repeats it.
public enum SynLabelTable {
    public struct Rule: Sendable {
        /// Lower-case words, any of which in the label selects the rule.
        public var words: [String]
        /// nil: the label says "Linux" and the SYN's shape tells desktop from embedded (and from Android).
        public var family: OSFamily?
        public var alsoLikely: [OSFamily]
        public var note: String
    }

    public static let rules: [Rule] = [
        Rule(words: ["android"], family: .mobile, alsoLikely: [], note: "Android phone or tablet"),
        Rule(words: ["sometimes iphone", "sometimes ipad"], family: .bsdMacOS, alsoLikely: [.mobile],
             note: "macOS, or an iPhone or iPad: p0f cannot tell these apart"),
        // Network gear before iOS: "Cisco IOS" is a router's OS, not a phone's.
        Rule(words: ["cisco", "juniper", "junos", "routeros"], family: .other, alsoLikely: [], note: "network equipment"),
        Rule(words: ["iphone", "ipad", "ios"], family: .mobile, alsoLikely: [], note: "iPhone or iPad"),
        Rule(words: ["windows"], family: .windows, alsoLikely: [], note: "Windows"),
        Rule(words: ["mac os", "macos", "freebsd", "openbsd", "netbsd", "bsd"], family: .bsdMacOS, alsoLikely: [],
             note: "macOS or a BSD"),
        Rule(words: ["linux"], family: nil, alsoLikely: [], note: "Linux: the SYN's shape tells desktop, embedded or Android"),
        Rule(words: ["solaris", "hp-ux", "aix", "openvms", "tru64", "nmap", "zmap", "masscan", "blackberry", "symbian",
                     "nintendo", "playstation", "xbox", "nextstep", "p0f", "spider", "bot"], family: .other, alsoLikely: [], note: "another stack"),
    ]

    /// The rule for a label (nil for no label, p0f's `???`, or a label no rule knows: the shape decides).
    /// A case holds a few dozen distinct labels on millions of SYNs, and the word search goes through
    /// Foundation's substring search (15% of `census` on ThingBot): each label's answer is kept.
    public static func rule(for label: String?) -> Rule? {
        guard let label, !label.isEmpty, label != "???" else { return nil }
        if let known = cache.withLock({ $0[label] }) { return known.map { rules[$0] } }
        let lower = label.lowercased()
        let index = rules.firstIndex { $0.words.contains(where: lower.contains) }
        cache.withLock { $0[label] = .some(index) }
        return index.map { rules[$0] }
    }

    /// label → index of its rule (nil: no rule). Bounded by the labels of p0f's database and our own.
    private static let cache = Mutex<[String: Int?]>([:])
}
