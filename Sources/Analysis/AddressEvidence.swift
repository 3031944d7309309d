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
        /// How many SYNs this one stands for: 1, or more where `ThinnedSyns` kept one for several that
        /// attribution reads only as a count.
        public var count = 1
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
    /// SYNs joined to this address's spam events (thinned, some standing for several: `count`).
    public var senderSyns: [SenderSyn]
    /// How many SYNs `senderSyns` stand for.
    public var synCount: Int { senderSyns.reduce(0) { $0 + $1.count } }
    /// Evidence made from `ThinnedSyns` has these: what was read of all its SYNs before most were let go.
    public private(set) var ipidSplit: HostSplit?
    public private(set) var senderUnits: [SenderUnit]?
    public var synsThinned: Bool { senderUnits != nil }
    public var observations: [Observed]
    /// When the case holds a scan of the senders: its time span. An address with no observation was then
    /// scanned within it and stayed silent (zgrab2 and masscan write only what answered).
    public var scanWindow: ClosedRange<Timestamp>?

    public init(ip: IPAddress, spamTimes: [Timestamp], messages: Int, connections: Int, senderSyns: [SenderSyn], observations: [Observed]) {
        self.ip = ip; self.spamTimes = spamTimes.sorted(); self.messages = messages; self.connections = connections
        self.senderSyns = senderSyns; self.observations = observations
    }
}

extension AddressEvidence {
    /// One address's SYNs reduced to what the analysis reads one by one, so a case's analysis holds its
    /// addresses rather than its messages (issue 15). Counted first, over every SYN: the IP-ID runs (kept as
    /// their result) and the sender units with their SYN times and traps (the census's churn, footprint and
    /// trap histories read those). Then, of the SYNs without a TCP timestamp (clock lines read each one that
    /// has), per stack and distance and trap the first in order and the earliest and latest stay, the first
    /// standing for the rest: attribution reads a sender's SYN count, its stack and distance, and the span its
    /// SYNs interleave over. Attribution and census read the same from these as from every SYN.
    public struct ThinnedSyns: Sendable {
        public var syns: [SenderSyn]
        public var units: [SenderUnit]
        public var ipidSplit: HostSplit?

        public init(_ all: [SenderSyn]) {
            let samples = all.map { SynSample($0) }
            ipidSplit = IPIDRuns.split(samples).map {
                HostSplit(hosts: $0.hosts, groups: [], method: $0.method, detail: $0.detail, randomTimestamps: $0.randomTimestamps)
            }
            units = SenderUnit.units(of: samples)
            syns = Self.thin(all)
        }

        static func thin(_ all: [SenderSyn]) -> [SenderSyn] {
            guard all.count > 3 else { return all }
            struct Run: Hashable { var host: HostKey; var trap: String? }
            var runs: [Run: (first: Int, earliest: Int, latest: Int, count: Int)] = [:]
            for (i, s) in all.enumerated() where s.tsVal == nil {
                let key = Run(host: s.host, trap: s.trap)
                if var r = runs[key] {
                    if s.time < all[r.earliest].time { r.earliest = i }
                    if s.time >= all[r.latest].time { r.latest = i }
                    r.count += s.count
                    runs[key] = r
                } else {
                    runs[key] = (i, i, i, s.count)
                }
            }
            guard runs.values.contains(where: { $0.count > 3 }) else { return all }
            var counts = [Int?](repeating: nil, count: all.count)
            for (i, s) in all.enumerated() where s.tsVal != nil { counts[i] = s.count }
            for r in runs.values {
                let others = Set([r.earliest, r.latest]).subtracting([r.first])
                for i in others { counts[i] = all[i].count }
                counts[r.first] = r.count - others.reduce(0) { $0 + all[$1].count }
            }
            return all.indices.compactMap { i in counts[i].map { n in var s = all[i]; s.count = n; return s } }
        }
    }

    /// An address's evidence from its thinned SYNs.
    public init(ip: IPAddress, spamTimes: [Timestamp], messages: Int, connections: Int, thinned: ThinnedSyns, observations: [Observed]) {
        self.init(ip: ip, spamTimes: spamTimes, messages: messages, connections: connections, senderSyns: thinned.syns, observations: observations)
        ipidSplit = thinned.ipidSplit
        senderUnits = thinned.units
    }
}
