import BotCensusCore

/// Whether confidences mean what they say: a reliability table, expected calibration error and Brier score.
/// The table and `expectedCalibrationError` are over the verdicts that name a class: "right" is `sender_class`
/// equal to the true sender class, the confidence the verdict's `confidence`. `topClassECE` is the same over
/// every address, named or not, with the most probable class (so a verdict that says `unknown` is still held
/// to its probabilities), and the Brier score covers every class of every address.
public struct CalibrationMetrics: Hashable, Sendable {
    public struct Bin: Hashable, Sendable {
        /// Inclusive lower edge; the upper edge is exclusive except for the last bin (1.0 included).
        public var low: Double
        public var high: Double
        public var count: Int
        public var correct: Int
        /// nil for an empty bin.
        public var meanConfidence: Double?
        public var accuracy: Double? { Evaluation.ratio(correct, count) }
    }

    /// Lower edges: one bin below 0.5 (confidences that low are rare but counted), then 0.5–0.6 … 0.9–1.0.
    public static let edges: [Double] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]

    public var bins: [Bin]
    /// Addresses whose verdict names a class (the table's).
    public var addresses: Int
    /// Every address scored (Brier, `topClassECE`).
    public var allAddresses: Int
    /// ECE of the most probable class over all addresses; nil without addresses.
    public var topClassECE: Double?
    /// Σ over bins of (count / addresses) × |accuracy − mean confidence|; nil without addresses.
    public var expectedCalibrationError: Double?
    /// Mean over addresses of Σ over sender classes (p − 1[class is the true one])², p from `class_probabilities`
    /// (a class missing there counts p = 0; the `unknown` bucket counts toward no class); nil without addresses.
    public var brierScore: Double?

    public static func binIndex(_ confidence: Double) -> Int {
        var index = 0
        for (i, edge) in edges.enumerated() where confidence >= edge { index = i }
        return index
    }

    public init(_ pairs: [Evaluation.Pair]) {
        var named = Table(), all = Table()
        var brier = 0.0
        for p in pairs {
            let said = p.verdict.senderClass
            if said != .unknown { named.add(p.verdict.confidence, right: said == p.truth.senderClass) }
            all.add(p.verdict.confidence, right: Self.topClass(p.verdict) == p.truth.senderClass)
            brier += Self.brier(p.verdict.classProbabilities, truth: p.truth.senderClass)
        }
        bins = named.bins
        addresses = named.total
        allAddresses = all.total
        expectedCalibrationError = named.ece
        topClassECE = all.ece
        brierScore = pairs.isEmpty ? nil : brier / Double(pairs.count)
    }

    /// The most probable class of a verdict (its `sender_class` when named).
    static func topClass(_ v: Verdict) -> DeviceClass {
        if v.senderClass != .unknown { return v.senderClass }
        let best = v.classProbabilities.filter { $0.key != DeviceClass.unknown.rawValue }
            .max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }
        return best.flatMap { DeviceClass(rawValue: $0.key) } ?? .unknown
    }

    /// Counts per confidence bin.
    struct Table {
        var counts = [Int](repeating: 0, count: CalibrationMetrics.edges.count)
        var correct = [Int](repeating: 0, count: CalibrationMetrics.edges.count)
        var sums = [Double](repeating: 0, count: CalibrationMetrics.edges.count)
        var total = 0

        mutating func add(_ confidence: Double, right: Bool) {
            let i = CalibrationMetrics.binIndex(confidence)
            counts[i] += 1
            sums[i] += confidence
            if right { correct[i] += 1 }
            total += 1
        }

        var bins: [Bin] {
            let edges = CalibrationMetrics.edges
            return edges.indices.map { i in
                Bin(low: edges[i], high: i + 1 < edges.count ? edges[i + 1] : 1.0, count: counts[i], correct: correct[i],
                    meanConfidence: counts[i] > 0 ? sums[i] / Double(counts[i]) : nil)
            }
        }

        /// Σ over bins of (count / total) × |accuracy − mean confidence|.
        var ece: Double? {
            guard total > 0 else { return nil }
            let n = Double(total)
            return bins.reduce(0) { ece, b in
                guard let acc = b.accuracy, let conf = b.meanConfidence else { return ece }
                return ece + Double(b.count) / n * abs(acc - conf)
            }
        }
    }

    /// One address's multi-class Brier score.
    public static func brier(_ probabilities: [String: Double], truth: DeviceClass) -> Double {
        DeviceClass.senderClasses.reduce(0) { sum, c in
            let p = probabilities[c.rawValue] ?? 0
            let y: Double = c == truth ? 1 : 0
            return sum + (p - y) * (p - y)
        }
    }
}
