import BotCensusCore

/// How well `sender_class` names the class that really sent.
public struct ClassificationMetrics: Hashable, Sendable {
    public struct PerClass: Hashable, Sendable {
        public var deviceClass: DeviceClass
        /// Addresses whose true sender is of this class.
        public var support: Int
        /// Addresses whose verdict names this class.
        public var predicted: Int
        public var truePositives: Int
        /// nil when no verdict names the class.
        public var precision: Double?
        /// nil when no address truly has the class.
        public var recall: Double?
    }

    /// Of `total` addresses the verdict named a class (not `unknown`) for `named`, and was right for `correct`:
    /// `accuracy` is over the named ones (an honest "don't know" costs coverage, not accuracy), nil when none.
    public struct Accuracy: Hashable, Sendable {
        public var correct: Int
        public var named: Int
        public var total: Int
        public var accuracy: Double? { Evaluation.ratio(correct, named) }
        public var coverage: Double? { Evaluation.ratio(named, total) }
        public init(correct: Int, named: Int, total: Int) { self.correct = correct; self.named = named; self.total = total }
        public init(correct: Int, total: Int) { self.init(correct: correct, named: total, total: total) }

        mutating func add(named isNamed: Bool, right: Bool) {
            total += 1
            if isNamed { named += 1 }
            if right { correct += 1 }
        }
    }

    /// Classes that occur in the truth or in the verdicts, in taxonomy order.
    public var perClass: [PerClass]
    public var overall: Accuracy
    /// Addresses whose verdict carries `sender_os` (the sender's SYN is in evidence), and the others.
    public var withSenderSYN: Accuracy
    public var withoutSenderSYN: Accuracy
    /// The 2014 method (`naive_class`) scored the same way, for comparison.
    public var naive: Accuracy
    /// Addresses blamed on an IoT class while a non-IoT host (PC, server, mobile) sent.
    public var falseIoT: Int
    /// Addresses whose true sender is not IoT: the false-IoT rate's denominator.
    public var trueNonIoT: Int
    public var falseIoTRate: Double? { Evaluation.ratio(falseIoT, trueNonIoT) }
    /// The same count for the naive class.
    public var naiveFalseIoT: Int
    public var naiveFalseIoTRate: Double? { Evaluation.ratio(naiveFalseIoT, trueNonIoT) }
    /// What an oracle could name of the addresses with the sender's SYN, right on 95%: `withSenderSYN`'s ceiling.
    public var ceiling: NamingCeiling

    public init(_ pairs: [Evaluation.Pair]) {
        var support: [DeviceClass: Int] = [:], predicted: [DeviceClass: Int] = [:], tp: [DeviceClass: Int] = [:]
        var overall = Accuracy(correct: 0, named: 0, total: 0), withSYN = overall, withoutSYN = overall, naive = overall
        var falseIoT = 0, naiveFalseIoT = 0, nonIoT = 0
        for p in pairs {
            let truth = p.truth.senderClass, said = p.verdict.senderClass
            let right = truth == said
            support[truth, default: 0] += 1
            predicted[said, default: 0] += 1
            if right { tp[truth, default: 0] += 1 }
            let isNamed = said != .unknown
            overall.add(named: isNamed, right: right)
            if p.verdict.senderOS != nil { withSYN.add(named: isNamed, right: right) }
            else { withoutSYN.add(named: isNamed, right: right) }
            naive.add(named: p.verdict.naiveClass != .unknown, right: p.verdict.naiveClass == truth)
            if !truth.isIoT {
                nonIoT += 1
                if said.isIoT { falseIoT += 1 }
                if p.verdict.naiveClass.isIoT { naiveFalseIoT += 1 }
            }
        }
        let classes = Set(support.keys).union(predicted.keys).sorted()
        perClass = classes.map { c in
            let t = tp[c] ?? 0, s = support[c] ?? 0, n = predicted[c] ?? 0
            return PerClass(deviceClass: c, support: s, predicted: n, truePositives: t,
                            precision: Evaluation.ratio(t, n), recall: Evaluation.ratio(t, s))
        }
        self.overall = overall; self.withSenderSYN = withSYN; self.withoutSenderSYN = withoutSYN; self.naive = naive
        self.falseIoT = falseIoT; self.trueNonIoT = nonIoT; self.naiveFalseIoT = naiveFalseIoT
        ceiling = NamingCeiling(pairs)
    }
}
