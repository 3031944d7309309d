import BotCensusCore

/// Everything known about one sending address, as plain values: the input of attribution.
public struct AddressEvidence: Sendable {
    /// A SYN of a spam connection from this address, with its OS reading.
    public struct SenderSyn: Sendable {
        /// A stack's signature with the classifier's reading of it: one per stack, shared by all its SYNs
        /// (a case holds a few hundred stacks and 800,000 SYNs).
        public final class Reading: Sendable {
            public let signature: TCPSignature
            public let os: OSFamily
            public let osLabel: String?
            /// `exact`, `generic`, `fuzzy`, `inferred`.
            public let quality: String
            public let reason: String
            /// The signature without the hop distance.
            public let stack: String
            public init(signature: TCPSignature, os: OSFamily, osLabel: String?, quality: String, reason: String, stack: String? = nil) {
                self.signature = signature; self.os = os; self.osLabel = osLabel; self.quality = quality; self.reason = reason
                self.stack = stack ?? signature.stackKey
            }
        }

        public var time: Timestamp
        public let reading: Reading
        public var distance: Int?
        /// From packet captures: IPv4 ID, TCP timestamp, and the trap the SYN went to.
        public var ipID: Int?
        public var tsVal: UInt32?
        public var trap: String?
        /// The stack and hop distance: two SYNs of one host share it. Computed once here: attribution reads it
        /// for every SYN, and the prior fit attributes many times.
        public let host: HostKey
        public var signature: TCPSignature { reading.signature }
        public var os: OSFamily { reading.os }
        public var osLabel: String? { reading.osLabel }
        public var quality: String { reading.quality }
        public var reason: String { reading.reason }
        /// The signature without the hop distance.
        public var stackKey: String { host.stack }
        /// `host` as text (`stack|distance`).
        public var hostKey: String { host.description }
        /// `stack`: `signature.stackKey` when the caller has it already (a case's SYNs share a few stacks).
        public init(time: Timestamp, signature: TCPSignature, distance: Int?, os: OSFamily, osLabel: String?, quality: String, reason: String,
                    ipID: Int? = nil, tsVal: UInt32? = nil, trap: String? = nil, stack: String? = nil) {
            let reading = Reading(signature: signature, os: os, osLabel: osLabel, quality: quality, reason: reason, stack: stack)
            self.init(time: time, reading: reading, host: HostKey(stack: reading.stack, distance: distance), ipID: ipID, tsVal: tsVal, trap: trap)
        }

        /// A SYN of a stack read before, its host key shared with the other SYNs of that stack and distance.
        public init(time: Timestamp, reading: Reading, host: HostKey, ipID: Int? = nil, tsVal: UInt32? = nil, trap: String? = nil) {
            self.time = time; self.reading = reading; self.distance = host.distance
            self.ipID = ipID; self.tsVal = tsVal; self.trap = trap; self.host = host
        }
    }

    /// What answered on one port, with the fingerprint's reading when one matched.
    public struct Observed: Sendable {
        public var port: Int
        public var time: Timestamp
        public var proto: String
        public var identity: DeviceIdentity?
        /// The port's SYN+ACK in p0f notation, when the prober captured it: the stack that answered there.
        public var synAckSignature: String?
        public init(port: Int, time: Timestamp, proto: String, identity: DeviceIdentity?, synAckSignature: String? = nil) {
            self.port = port; self.time = time; self.proto = proto; self.identity = identity; self.synAckSignature = synAckSignature
        }
    }

    public var ip: IPAddress
    /// Times of spam events (connections and messages), in time order (sorted once here: attribution runs
    /// many times per address, in the prior fit and per sender, and reads them by binary search). Attribution
    /// reads the first, the last and the nearest to a time, so a case gives only those (`AddressRecords`).
    public private(set) var spamTimes: [Timestamp]
    public var messages: Int
    public var connections: Int
    /// SYNs joined to this address's spam events.
    public var senderSyns: [SenderSyn]
    public var observations: [Observed]
    /// When the case holds a scan of the senders: its time span. An address with no observation was then
    /// scanned within it and stayed silent (zgrab2 and masscan write only what answered).
    public var scanWindow: ClosedRange<Timestamp>?

    public init(ip: IPAddress, spamTimes: [Timestamp], messages: Int, connections: Int, senderSyns: [SenderSyn], observations: [Observed]) {
        self.ip = ip; self.spamTimes = spamTimes.sorted(); self.messages = messages; self.connections = connections
        self.senderSyns = senderSyns; self.observations = observations
    }
}
