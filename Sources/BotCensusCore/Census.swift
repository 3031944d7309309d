/// The census contract of DESIGN.md (`census --format json`).
public struct Census: Hashable, Sendable, Codable {
    public struct Naive: Hashable, Sendable, Codable {
        public var hosts: Int
        public var iotShare: Double
        enum CodingKeys: String, CodingKey { case hosts, iotShare = "iot_share" }
        public init(hosts: Int, iotShare: Double) { self.hosts = hosts; self.iotShare = iotShare }
    }

    public struct Estimate: Hashable, Sendable, Codable {
        public var hosts: Int
        public var hostsLow: Int
        public var hostsHigh: Int
        public var iotShare: Double
        public var iotShareLow: Double
        public var iotShareHigh: Double
        enum CodingKeys: String, CodingKey {
            case hosts, hostsLow = "hosts_low", hostsHigh = "hosts_high"
            case iotShare = "iot_share", iotShareLow = "iot_share_low", iotShareHigh = "iot_share_high"
        }
        public init(hosts: Int, hostsLow: Int, hostsHigh: Int, iotShare: Double, iotShareLow: Double, iotShareHigh: Double) {
            self.hosts = hosts; self.hostsLow = hostsLow; self.hostsHigh = hostsHigh
            self.iotShare = iotShare; self.iotShareLow = iotShareLow; self.iotShareHigh = iotShareHigh
        }
    }

    public struct ClassCount: Hashable, Sendable, Codable {
        public var hosts: Int
        public var low: Int
        public var high: Int
        public var naive: Int
        public init(hosts: Int, low: Int, high: Int, naive: Int) {
            self.hosts = hosts; self.low = low; self.high = high; self.naive = naive
        }
    }

    /// The footprint (every address and sender unit seen over the campaign) against the population active at
    /// once: with churn one host leaves a trail of addresses, so only the second bounds it from below.
    public struct Footprint: Hashable, Sendable, Codable {
        public var addresses: Int
        /// Distinct (address, sender stack and hop distance) pairs.
        public var senderUnits: Int
        /// Most sender units active in one hour, and the mean over the hours with any.
        public var concurrentMax: Int
        public var concurrentMean: Double
        enum CodingKeys: String, CodingKey {
            case addresses, senderUnits = "sender_units", concurrentMax = "concurrent_max", concurrentMean = "concurrent_mean"
        }
        public init(addresses: Int, senderUnits: Int, concurrentMax: Int, concurrentMean: Double) {
            self.addresses = addresses; self.senderUnits = senderUnits; self.concurrentMax = concurrentMax; self.concurrentMean = concurrentMean
        }
    }

    /// Hosts followed across addresses by their TCP timestamp clocks, the sample the host count rests on.
    public struct Linking: Hashable, Sendable, Codable {
        public var syns: Int
        public var synsWithTimestamps: Int
        public var linkedHosts: Int
        public var linkedSyns: Int
        /// Stack groups whose timestamps are random per connection: they count for nothing.
        public var randomTimestampGroups: [String]
        enum CodingKeys: String, CodingKey {
            case syns, synsWithTimestamps = "syns_with_timestamps", linkedHosts = "linked_hosts", linkedSyns = "linked_syns"
            case randomTimestampGroups = "random_timestamp_groups"
        }
        public init(syns: Int, synsWithTimestamps: Int, linkedHosts: Int, linkedSyns: Int, randomTimestampGroups: [String]) {
            self.syns = syns; self.synsWithTimestamps = synsWithTimestamps; self.linkedHosts = linkedHosts
            self.linkedSyns = linkedSyns; self.randomTimestampGroups = randomTimestampGroups
        }
    }

    /// Sender units the traps missed together (capture–recapture across traps).
    public struct Recapture: Hashable, Sendable, Codable {
        public var traps: Int
        public var seen: Int
        public var estimate: Int
        public var low: Int
        public var high: Int
        public var method: String
        public init(traps: Int, seen: Int, estimate: Int, low: Int, high: Int, method: String) {
            self.traps = traps; self.seen = seen; self.estimate = estimate; self.low = low; self.high = high; self.method = method
        }
    }

    public var addresses: Int
    public var messages: Int
    public var footprint: Footprint?
    public var linking: Linking?
    public var captureRecapture: Recapture?
    public var naive: Naive
    public var estimate: Estimate
    public var byClass: [String: ClassCount]
    public var verdicts: [String: Int]
    public var method: String

    enum CodingKeys: String, CodingKey {
        case addresses, messages, naive, estimate, byClass = "by_class", verdicts, method, footprint, linking
        case captureRecapture = "capture_recapture"
    }

    public init(addresses: Int, messages: Int, naive: Naive, estimate: Estimate, byClass: [String: ClassCount],
                verdicts: [String: Int], method: String, footprint: Footprint? = nil, linking: Linking? = nil,
                captureRecapture: Recapture? = nil) {
        self.footprint = footprint; self.linking = linking; self.captureRecapture = captureRecapture
        self.addresses = addresses; self.messages = messages; self.naive = naive; self.estimate = estimate
        self.byClass = byClass; self.verdicts = verdicts; self.method = method
    }
}
