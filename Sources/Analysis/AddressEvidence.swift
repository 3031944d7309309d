import BotCensusCore

/// Everything known about one sending address, as plain values: the input of attribution.
public struct AddressEvidence: Sendable {
    /// A SYN of a spam connection from this address, with its OS reading.
    public struct SenderSyn: Sendable {
        public var time: Timestamp
        public var signature: TCPSignature
        public var distance: Int?
        public var os: OSFamily
        public var osLabel: String?
        /// `exact`, `generic`, `fuzzy`, `inferred`.
        public var quality: String
        public var reason: String
        public init(time: Timestamp, signature: TCPSignature, distance: Int?, os: OSFamily, osLabel: String?, quality: String, reason: String) {
            self.time = time; self.signature = signature; self.distance = distance; self.os = os
            self.osLabel = osLabel; self.quality = quality; self.reason = reason
        }

        /// Two SYNs from one host share stack and hop distance.
        public var hostKey: String { "\(signature.stackKey)|\(distance.map(String.init) ?? "?")" }
    }

    /// What answered on one port, with the fingerprint's reading when one matched.
    public struct Observed: Sendable {
        public var port: Int
        public var time: Timestamp
        public var proto: String
        public var identity: DeviceIdentity?
        public init(port: Int, time: Timestamp, proto: String, identity: DeviceIdentity?) {
            self.port = port; self.time = time; self.proto = proto; self.identity = identity
        }
    }

    public var ip: IPAddress
    /// Times of spam events (connections and messages), any order.
    public var spamTimes: [Timestamp]
    public var messages: Int
    public var connections: Int
    /// SYNs joined to this address's spam events.
    public var senderSyns: [SenderSyn]
    public var observations: [Observed]

    public init(ip: IPAddress, spamTimes: [Timestamp], messages: Int, connections: Int, senderSyns: [SenderSyn], observations: [Observed]) {
        self.ip = ip; self.spamTimes = spamTimes; self.messages = messages; self.connections = connections
        self.senderSyns = senderSyns; self.observations = observations
    }
}
