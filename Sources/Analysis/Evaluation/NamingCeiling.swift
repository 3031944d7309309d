import BotCensusCore

/// How much class naming the evidence allows at all, whatever the model: issue 12 asks a class named for 90%
/// of the addresses with the sender's SYN and right for 95% of those, and some worlds do not carry that much.
/// The addresses with the sender's SYN are grouped by what a verdict is made from: the SYN's family, p0f label
/// and label quality, the classes of the devices that answered, and which of the hop, staleness and
/// several-stack facts spoke. An oracle that knows each group's true classes names a group's commonest class
/// for the whole group. Groups are taken purest first, each while the named stay right for `accuracy`.
/// Optimistic: a group of one address is always pure, and the oracle knows the world's class mix, which a
/// case can only estimate.
public struct NamingCeiling: Hashable, Sendable {
    /// Addresses with the sender's SYN, the oracle's named ones and how many of those it gets right.
    public var addresses: Int
    public var named: Int
    public var correct: Int
    /// Distinct evidence patterns among the addresses.
    public var groups: Int
    public var coverage: Double? { Evaluation.ratio(named, addresses) }
    public var accuracy: Double? { Evaluation.ratio(correct, named) }

    /// Evidence kinds that separate otherwise alike addresses (`AttributionEvidence.Kind`'s raw values).
    static let patternKinds: Set<String> = ["stale-observation", "gateway-hop", "several-sender-stacks", "exposed-gateway",
                                            "syn-os-match", "syn-os-mismatch"]

    struct Pattern: Hashable {
        var os: Verdict.SenderOS
        var answering: [DeviceClass]
        var facts: [String]
    }

    public init(_ pairs: [Evaluation.Pair], accuracy target: Double = 0.95) {
        var groups: [Pattern: [DeviceClass: Int]] = [:]
        var addresses = 0
        for p in pairs {
            guard let os = p.verdict.senderOS else { continue }
            let pattern = Pattern(os: os, answering: Set(p.verdict.exposedDevices.map(\.deviceClass)).sorted(),
                                  facts: Set(p.verdict.evidence.map(\.kind)).intersection(Self.patternKinds).sorted())
            groups[pattern, default: [:]][p.truth.senderClass, default: 0] += 1
            addresses += 1
        }
        // (size, commonest class's count), purest first; ties by size, then by count, so the order is fixed.
        let ranked = groups.values.map { counts in (size: counts.values.reduce(0, +), top: counts.values.max() ?? 0) }
            .sorted { a, b in
                let pa = Double(a.top) / Double(a.size), pb = Double(b.top) / Double(b.size)
                return pa != pb ? pa > pb : a.size != b.size ? a.size > b.size : a.top > b.top
            }
        var named = 0, correct = 0
        for g in ranked where Double(correct + g.top) >= target * Double(named + g.size) {
            named += g.size
            correct += g.top
        }
        self.addresses = addresses
        self.named = named
        self.correct = correct
        self.groups = groups.count
    }
}
