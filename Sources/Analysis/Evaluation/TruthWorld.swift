import BotCensusCore

/// The ground truth of a simulated world: `truth.json` exactly as docs/TRUTH.md describes it.
public struct TruthWorld: Hashable, Sendable, Codable {
    public struct Host: Hashable, Sendable, Codable {
        public var id: String
        public var deviceClass: DeviceClass
        public var os: String?
        public var household: String?
        public var infected: Bool
        enum CodingKeys: String, CodingKey { case id, deviceClass = "class", os, household, infected }
        public init(id: String, deviceClass: DeviceClass, os: String?, household: String?, infected: Bool) {
            self.id = id; self.deviceClass = deviceClass; self.os = os; self.household = household; self.infected = infected
        }
    }

    public struct Address: Hashable, Sendable, Codable {
        public var ip: IPAddress
        public var messages: Int
        /// The class that sent most of this address's messages.
        public var senderClass: DeviceClass
        /// Ids of the hosts that sent from this address.
        public var senders: [String]
        /// Hosts behind the address while it sent (every device of the households there, seen or not).
        public var hostsBehindIP: Int
        /// Devices seen at the address: its senders plus the devices of its spam-time households that
        /// answered the scan (nil in truth files written before this key).
        public var devicesSeen: Int?
        /// Whether a device that answered the scan at this address sent spam from it (nil when nothing
        /// answered, and in truth files written before this key).
        public var answeringSent: Bool?
        public var nat: Bool
        /// Class of whatever answered the scan (`unknown` when nothing did): the 2014 method's class.
        public var answeringClass: DeviceClass
        enum CodingKeys: String, CodingKey {
            case ip, messages, senders, nat
            case senderClass = "sender_class", hostsBehindIP = "hosts_behind_ip", answeringClass = "answering_class"
            case devicesSeen = "devices_seen", answeringSent = "answering_sent"
        }
        public init(ip: IPAddress, messages: Int, senderClass: DeviceClass, senders: [String], hostsBehindIP: Int, nat: Bool,
                    answeringClass: DeviceClass, devicesSeen: Int? = nil, answeringSent: Bool? = nil) {
            self.ip = ip; self.messages = messages; self.senderClass = senderClass; self.senders = senders
            self.hostsBehindIP = hostsBehindIP; self.nat = nat; self.answeringClass = answeringClass; self.devicesSeen = devicesSeen
            self.answeringSent = answeringSent
        }
    }

    /// The true infected population.
    public struct Infected: Hashable, Sendable, Codable {
        public var hosts: Int
        public var byClass: [String: Int]
        public var iotShare: Double
        public var activeAtOnceMax: Int?
        enum CodingKeys: String, CodingKey {
            case hosts, byClass = "by_class", iotShare = "iot_share", activeAtOnceMax = "active_at_once_max"
        }
        public init(hosts: Int, byClass: [String: Int], iotShare: Double, activeAtOnceMax: Int?) {
            self.hosts = hosts; self.byClass = byClass; self.iotShare = iotShare; self.activeAtOnceMax = activeAtOnceMax
        }
    }

    public var scenario: String
    public var seed: UInt64?
    public var start: String
    public var end: String
    public var hosts: [Host]
    public var addresses: [Address]
    public var infected: Infected

    public init(scenario: String, seed: UInt64?, start: String, end: String, hosts: [Host], addresses: [Address], infected: Infected) {
        self.scenario = scenario; self.seed = seed; self.start = start; self.end = end
        self.hosts = hosts; self.addresses = addresses; self.infected = infected
    }

    /// What makes a decoded truth unusable (nil when it is fine): duplicate addresses, impossible counts,
    /// `by_class` keys that are no device class.
    public func problem() -> String? {
        var seen = Set<IPAddress>()
        for (i, a) in addresses.enumerated() {
            if !seen.insert(a.ip).inserted { return "addresses[\(i)]: duplicate address \(a.ip)" }
            if a.hostsBehindIP < 0 { return "addresses[\(i)]: hosts_behind_ip is negative" }
            if a.messages < 0 { return "addresses[\(i)]: messages is negative" }
        }
        for key in infected.byClass.keys.sorted() where DeviceClass(rawValue: key) == nil {
            return "infected.by_class: '\(key)' is not a device class"
        }
        if infected.hosts < 0 { return "infected.hosts is negative" }
        if !(0...1).contains(infected.iotShare) { return "infected.iot_share is not between 0 and 1" }
        return nil
    }
}
