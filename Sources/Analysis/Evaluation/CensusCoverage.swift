import BotCensusCore

/// The census against the true infected population: does each 95% interval hold the truth, and how far are
/// the estimate and the naive (2014) figure from it.
public struct CensusCoverage: Hashable, Sendable {
    public struct Figure: Hashable, Sendable {
        public var truth: Double
        public var estimate: Double
        public var low: Double
        public var high: Double
        public var naive: Double
        public var covered: Bool { low <= truth && truth <= high }
        /// estimate − truth and naive − truth.
        public var error: Double { estimate - truth }
        public var naiveError: Double { naive - truth }
        public init(truth: Double, estimate: Double, low: Double, high: Double, naive: Double) {
            self.truth = truth; self.estimate = estimate; self.low = low; self.high = high; self.naive = naive
        }
    }

    public struct ClassFigure: Hashable, Sendable {
        public var deviceClass: DeviceClass
        public var figure: Figure
        public init(deviceClass: DeviceClass, figure: Figure) { self.deviceClass = deviceClass; self.figure = figure }
    }

    public var hosts: Figure
    public var iotShare: Figure
    /// Every class in the truth's `by_class` or the census's (a class absent from one side counts 0 there).
    /// `unknown` is left out: no true sender has it, and its naive count is the addresses where nothing answered.
    public var byClass: [ClassFigure]
    /// Intervals that hold the truth, of all compared (hosts, IoT share, each class).
    public var intervalsCovering: Int { ([hosts, iotShare] + byClass.map(\.figure)).filter(\.covered).count }
    public var intervals: Int { 2 + byClass.count }

    public init(census: Census, truth: TruthWorld.Infected) {
        let e = census.estimate
        hosts = Figure(truth: Double(truth.hosts), estimate: Double(e.hosts), low: Double(e.hostsLow), high: Double(e.hostsHigh),
                       naive: Double(census.naive.hosts))
        iotShare = Figure(truth: truth.iotShare, estimate: e.iotShare, low: e.iotShareLow, high: e.iotShareHigh,
                          naive: census.naive.iotShare)
        let names = Set(truth.byClass.keys).union(census.byClass.keys)
        let classes = names.compactMap(DeviceClass.init(rawValue:)).filter { $0 != .unknown }.sorted()
        byClass = classes.map { c in
            let row = census.byClass[c.rawValue]
            return ClassFigure(deviceClass: c, figure: Figure(truth: Double(truth.byClass[c.rawValue] ?? 0), estimate: Double(row?.hosts ?? 0),
                              low: Double(row?.low ?? 0), high: Double(row?.high ?? 0), naive: Double(row?.naive ?? 0)))
        }
    }
}
