import BotCensusCore

/// What attribution concludes about one sending address, as numbers and typed evidence: the posterior over
/// every class (unrounded), the probability that an answering device sent, the evidence with its kind and
/// oriented weight. The prior fit and the census read this; `VerdictRenderer` turns it into the verdict
/// contract (rounded, string-keyed) for output only.
public struct Attribution: Sendable {
    public var ip: IPAddress
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp
    public var messages: Int
    public var connections: Int
    public var verdict: Verdict.Kind
    /// The class of what answered, as the 2014 method would have named the sender.
    public var naiveClass: DeviceClass
    /// P(sender class | evidence) for each class the model and the answering devices give weight to; sums to 1.
    public var posterior: [DeviceClass: Double]
    /// The most probable class when its posterior reaches the model's `nameClassAt`, else `unknown`.
    public var senderClass: DeviceClass
    /// The posterior of the most probable class (named or not).
    public var confidence: Double
    /// P(an answering device is the sender); nil when nothing identifiable answered.
    public var exposedDeviceSent: Double?
    /// P(an answering device held the address when the spam was sent), sender or not: what the prior fit
    /// divides by to learn how often a device that was there sent.
    public var devicesHeld: Double?
    public var hosts: Verdict.HostCount
    public var senders: Verdict.SenderCount
    public var exposedDevices: [Verdict.ExposedDevice]
    public var senderOS: Verdict.SenderOS?
    public var evidence: [AttributionEvidence]

    /// Classes of the identified devices that answered.
    public var answeringClasses: Set<DeviceClass> { Set(exposedDevices.map(\.deviceClass)).subtracting([.unknown]) }
}

/// One fact behind a verdict: what kind, in words, and its log-likelihood ratio oriented so that a positive
/// weight supports the verdict reached.
public struct AttributionEvidence: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case timestampLines = "timestamp-lines"
        case randomTimestamps = "random-timestamps"
        case ipidRuns = "ipid-runs"
        case exposedGateway = "exposed-gateway"
        case severalDevicesAnswer = "several-devices-answer"
        case severalStacksAnswer = "several-stacks-answer"
        case staleObservation = "stale-observation"
        case synOSMatch = "syn-os-match"
        case synOSMismatch = "syn-os-mismatch"
        case noSenderSyn = "no-sender-syn"
        case severalSenderStacks = "several-sender-stacks"
        case gatewayHop = "gateway-hop"
        case nothingIdentified = "nothing-identified"
        case senderSyn = "sender-syn"
        case silentAddress = "silent-address"
        case classUndecided = "class-undecided"
    }

    public var kind: Kind
    public var detail: String
    public var weight: Double

    public init(kind: Kind, detail: String, weight: Double) {
        self.kind = kind; self.detail = detail; self.weight = weight
    }
}
