import BotCensusCore

/// Whether confidences mean what they say: a reliability table, expected calibration error and Brier score.
/// "Right" is `sender_class` equal to the true sender class; the confidence is the verdict's `confidence`.
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
    public var addresses: Int
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
        var counts = [Int](repeating: 0, count: Self.edges.count), correct = counts
        var sums = [Double](repeating: 0, count: Self.edges.count)
        var brier = 0.0
        for p in pairs {
            let i = Self.binIndex(p.verdict.confidence)
            counts[i] += 1
            sums[i] += p.verdict.confidence
            if p.verdict.senderClass == p.truth.senderClass { correct[i] += 1 }
            brier += Self.brier(p.verdict.classProbabilities, truth: p.truth.senderClass)
        }
        bins = Self.edges.indices.map { i in
            Bin(low: Self.edges[i], high: i + 1 < Self.edges.count ? Self.edges[i + 1] : 1.0, count: counts[i], correct: correct[i],
                meanConfidence: counts[i] > 0 ? sums[i] / Double(counts[i]) : nil)
        }
        addresses = pairs.count
        if pairs.isEmpty {
            expectedCalibrationError = nil
            brierScore = nil
        } else {
            let n = Double(pairs.count)
            expectedCalibrationError = bins.reduce(0) { ece, b in
                guard let acc = b.accuracy, let conf = b.meanConfidence else { return ece }
                return ece + Double(b.count) / n * abs(acc - conf)
            }
            brierScore = brier / n
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
