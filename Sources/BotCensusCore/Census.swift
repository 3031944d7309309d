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

    public var addresses: Int
    public var messages: Int
    public var naive: Naive
    public var estimate: Estimate
    public var byClass: [String: ClassCount]
    public var verdicts: [String: Int]
    public var method: String

    enum CodingKeys: String, CodingKey { case addresses, messages, naive, estimate, byClass = "by_class", verdicts, method }

    public init(addresses: Int, messages: Int, naive: Naive, estimate: Estimate, byClass: [String: ClassCount],
                verdicts: [String: Int], method: String) {
        self.addresses = addresses; self.messages = messages; self.naive = naive; self.estimate = estimate
        self.byClass = byClass; self.verdicts = verdicts; self.method = method
    }
}
