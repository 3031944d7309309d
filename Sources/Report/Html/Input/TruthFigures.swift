import BotCensusCore

/// A world's truth and how the case scored against it (`botcensus evaluate`), as the report shows them.
/// Plain values: the caller fills them from its evaluation, so rendering needs no analysis code.
public struct TruthFigures: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var low: Double
        public var high: Double
        public var count: Int
        public var correct: Int
        public var meanConfidence: Double?
        public init(low: Double, high: Double, count: Int, correct: Int, meanConfidence: Double?) {
            self.low = low; self.high = high; self.count = count; self.correct = correct; self.meanConfidence = meanConfidence
        }
    }

    public var scenario: String
    public var seed: UInt64?
    public var infectedHosts: Int
    public var iotShare: Double
    public var byClass: [DeviceClass: Int]
    /// Addresses in both, only in the case, only in the truth.
    public var matched: Int
    public var onlyInCase: Int
    public var onlyInTruth: Int
    /// Non-IoT senders blamed on IoT: by botcensus, by the 2014 method, of how many.
    public var falseIoT: Int
    public var naiveFalseIoT: Int
    public var trueNonIoT: Int
    /// Addresses whose sender class was named right, named at all, of how many; the 2014 method's right ones.
    public var namedRight: Int
    public var named: Int
    public var addresses: Int
    public var naiveRight: Int
    /// Census intervals holding the truth, of how many.
    public var intervalsCovering: Int
    public var intervals: Int
    /// The reliability diagram: verdicts that name a class, by confidence.
    public var calibration: [Bin]
    public var expectedCalibrationError: Double?
    public var brierScore: Double?

    public init(scenario: String, seed: UInt64?, infectedHosts: Int, iotShare: Double, byClass: [DeviceClass: Int],
                matched: Int, onlyInCase: Int, onlyInTruth: Int, falseIoT: Int, naiveFalseIoT: Int, trueNonIoT: Int,
                namedRight: Int, named: Int, addresses: Int, naiveRight: Int, intervalsCovering: Int, intervals: Int,
                calibration: [Bin], expectedCalibrationError: Double?, brierScore: Double?) {
        self.scenario = scenario; self.seed = seed; self.infectedHosts = infectedHosts; self.iotShare = iotShare
        self.byClass = byClass; self.matched = matched; self.onlyInCase = onlyInCase; self.onlyInTruth = onlyInTruth
        self.falseIoT = falseIoT; self.naiveFalseIoT = naiveFalseIoT; self.trueNonIoT = trueNonIoT
        self.namedRight = namedRight; self.named = named; self.addresses = addresses; self.naiveRight = naiveRight
        self.intervalsCovering = intervalsCovering; self.intervals = intervals; self.calibration = calibration
        self.expectedCalibrationError = expectedCalibrationError; self.brierScore = brierScore
    }
}
