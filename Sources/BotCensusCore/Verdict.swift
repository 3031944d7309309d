/// The verdict contract of DESIGN.md: one per source address, serialised as one JSON Lines object.
public struct Verdict: Hashable, Sendable, Codable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case deviceSent = "device-sent"
        case gatewaySent = "gateway-sent"
        case otherHostBehindNAT = "other-host-behind-nat"
        case ambiguous
        case stale
        case noEvidence = "no-evidence"
    }

    public struct HostCount: Hashable, Sendable, Codable {
        public var estimate: Int
        public var low: Int
        public var high: Int
        public var method: String
        /// Distinct sending stacks seen in SYNs (nil without SYN evidence).
        public var senders: Int?
        public init(estimate: Int, low: Int, high: Int, method: String, senders: Int?) {
            self.estimate = estimate; self.low = low; self.high = high; self.method = method; self.senders = senders
        }
    }

    /// How many hosts sent spam through the address: distinct sender stacks, or more where TCP clock lines
    /// or IP-ID runs separate hosts of one stack. `low`…`high` is the interval: `high` is one more than the
    /// estimate where nothing could separate hosts of one stack (no clocks, no IP-ID runs), or where no SYN
    /// of the spam is in evidence at all.
    public struct SenderCount: Hashable, Sendable, Codable {
        public var estimate: Int
        public var low: Int
        public var high: Int
        public var method: String
        public init(estimate: Int, low: Int, high: Int, method: String) {
            self.estimate = estimate; self.low = low; self.high = high; self.method = method
        }
    }

    public struct ExposedDevice: Hashable, Sendable, Codable {
        public var port: Int
        public var deviceClass: DeviceClass
        public var vendor: String?
        public var product: String?
        public var seen: String
        enum CodingKeys: String, CodingKey { case port, deviceClass = "class", vendor, product, seen }
        public init(port: Int, deviceClass: DeviceClass, vendor: String?, product: String?, seen: String) {
            self.port = port; self.deviceClass = deviceClass; self.vendor = vendor; self.product = product; self.seen = seen
        }
    }

    public struct SenderOS: Hashable, Sendable, Codable {
        public var family: OSFamily
        public var label: String?
        /// `exact` (p0f labelled it specifically), `generic`, `inferred` (our classifier only), `none`.
        public var quality: String
        public init(family: OSFamily, label: String?, quality: String) {
            self.family = family; self.label = label; self.quality = quality
        }
    }

    public struct Evidence: Hashable, Sendable, Codable {
        public var kind: String
        public var detail: String
        /// Log-likelihood ratio in favour of the verdict's hypothesis (negative: evidence against it).
        public var weight: Double
        public init(kind: String, detail: String, weight: Double) {
            self.kind = kind; self.detail = detail; self.weight = weight
        }
    }

    public var ip: IPAddress
    public var firstSeen: String
    public var lastSeen: String
    public var messages: Int
    public var connections: Int
    public var verdict: Kind
    public var naiveClass: DeviceClass
    public var senderClass: DeviceClass
    public var confidence: Double
    public var classProbabilities: [String: Double]
    /// Posterior probability that the device answering the scan is the one that sent the spam.
    public var exposedDeviceSentProbability: Double?
    /// Devices seen at the address: its senders plus every device that answered the scan but did not send.
    public var hostsBehindIP: HostCount
    /// Hosts that sent through the address (nil only in analyses stored before this field existed).
    public var sendersBehindIP: SenderCount?
    public var exposedDevices: [ExposedDevice]
    public var senderOS: SenderOS?
    public var evidence: [Evidence]

    enum CodingKeys: String, CodingKey {
        case ip, messages, connections, verdict, confidence, evidence
        case firstSeen = "first_seen", lastSeen = "last_seen"
        case naiveClass = "naive_class", senderClass = "sender_class"
        case classProbabilities = "class_probabilities"
        case exposedDeviceSentProbability = "p_exposed_device_sent"
        case hostsBehindIP = "hosts_behind_ip", exposedDevices = "exposed_devices", senderOS = "sender_os"
        case sendersBehindIP = "senders_behind_ip"
    }

    public init(ip: IPAddress, firstSeen: String, lastSeen: String, messages: Int, connections: Int, verdict: Kind,
                naiveClass: DeviceClass, senderClass: DeviceClass, confidence: Double, classProbabilities: [String: Double],
                exposedDeviceSentProbability: Double?, hostsBehindIP: HostCount, sendersBehindIP: SenderCount? = nil,
                exposedDevices: [ExposedDevice], senderOS: SenderOS?, evidence: [Evidence]) {
        self.ip = ip; self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.messages = messages
        self.connections = connections; self.verdict = verdict; self.naiveClass = naiveClass
        self.senderClass = senderClass; self.confidence = confidence; self.classProbabilities = classProbabilities
        self.exposedDeviceSentProbability = exposedDeviceSentProbability; self.hostsBehindIP = hostsBehindIP
        self.sendersBehindIP = sendersBehindIP
        self.exposedDevices = exposedDevices; self.senderOS = senderOS; self.evidence = evidence
    }
}
