import BotCensusCore

/// The numbers behind attribution (docs/ATTRIBUTION.md explains each). A sender class is drawn from
/// `prior`; a sender's SYN shows OS family f with probability `osGivenClass[class][f]`.
public struct AttributionModel: Sendable {
    /// Share of each class among spam senders before any evidence: spam is mostly sent by infected PCs,
    /// then compromised servers and gateways (DESIGN.md's story; Maier et al. 2011 for home lines).
    public var prior: [DeviceClass: Double] = AttributionModel.defaultPrior {
        didSet { (priorClasses, priorValues) = Self.row(prior); otherHostOS = Self.otherHost(prior, osTable) }
    }
    static let defaultPrior: [DeviceClass: Double] = [
        .pc: 0.70, .server: 0.08, .mobile: 0.02, .router: 0.06, .camera: 0.03, .dvr: 0.03, .tv: 0.01,
        .appliance: 0.005, .nas: 0.01, .printer: 0.002, .voip: 0.003, .iotOther: 0.03,
    ]
    /// The classes with a prior, in taxonomy order, and their prior: attribution reads both for every address
    /// (many times over in the prior fit), where a dictionary lookup per class was a tenth of its time.
    private(set) var priorClasses: [DeviceClass] = AttributionModel.row(AttributionModel.defaultPrior).classes
    private(set) var priorValues: [Double] = AttributionModel.row(AttributionModel.defaultPrior).values

    static func row(_ prior: [DeviceClass: Double]) -> (classes: [DeviceClass], values: [Double]) {
        let classes = DeviceClass.senderClasses.filter { prior[$0] != nil }
        return (classes, classes.map { prior[$0, default: 0] })
    }

    /// P(SYN OS family | sender class). Phones and tablets run their own stacks (Android, iOS: the `mobile`
    /// family), which PCs, servers and routers almost never show; Android TV boxes and sticks are TVs on a
    /// phone's kernel.
    public var osGivenClass: [DeviceClass: [OSFamily: Double]] = AttributionModel.defaultOSGivenClass {
        didSet { osTable = Self.table(osGivenClass); otherHostOS = Self.otherHost(prior, osTable) }
    }
    /// `osGivenClass` flat, by class and family ordinal (0.01 where it has no entry): attribution reads it for
    /// every class of every address, many times over in the prior fit, where two dictionary lookups per read
    /// were a tenth of a census.
    private var osTable = AttributionModel.table(AttributionModel.defaultOSGivenClass)
    /// `osGivenOtherHost` of each family, by ordinal (made when the prior or `osGivenClass` changes).
    private var otherHostOS = AttributionModel.otherHost(AttributionModel.defaultPrior, AttributionModel.table(AttributionModel.defaultOSGivenClass))

    static let defaultOSGivenClass: [DeviceClass: [OSFamily: Double]] = {
        func row(_ w: Double, _ l: Double, _ e: Double, _ b: Double, _ m: Double, _ o: Double) -> [OSFamily: Double] {
            [.windows: w, .linux: l, .embeddedLinux: e, .bsdMacOS: b, .mobile: m, .other: o]
        }
        return [
            .pc: row(0.84, 0.08, 0.005, 0.06, 0.002, 0.013),
            .server: row(0.15, 0.75, 0.01, 0.06, 0.001, 0.029),
            .mobile: row(0.005, 0.04, 0.005, 0.05, 0.89, 0.01),
            .router: row(0.005, 0.10, 0.85, 0.005, 0.002, 0.038),
            .camera: row(0.005, 0.10, 0.85, 0.005, 0.002, 0.038),
            .dvr: row(0.005, 0.10, 0.85, 0.005, 0.002, 0.038),
            .tv: row(0.01, 0.35, 0.45, 0.01, 0.15, 0.03),
            .appliance: row(0.005, 0.25, 0.70, 0.005, 0.005, 0.035),
            .nas: row(0.01, 0.60, 0.35, 0.03, 0.001, 0.009),
            .printer: row(0.01, 0.08, 0.50, 0.01, 0.002, 0.398),
            .voip: row(0.01, 0.20, 0.70, 0.01, 0.01, 0.07),
            .iotOther: row(0.01, 0.15, 0.73, 0.01, 0.02, 0.08),
        ]
    }()

    /// P(no service answers a scan of the address | the sender is of this class and nothing else answers
    /// there either): servers serve, so a silent address speaks against a server; PCs and phones are
    /// silent. Embedded classes share one value: nothing we know tells how often a silent fridge, camera or
    /// router hides its UI, and a difference made up here would let the prior fit (PriorFit) pour every
    /// silent embedded sender into whichever class it favoured.
    public var silentGivenClass: [DeviceClass: Double] = AttributionModel.defaultSilent { didSet { silentRow = Self.silentRow(silentGivenClass) } }
    static let defaultSilent: [DeviceClass: Double] = [
        .pc: 0.9, .server: 0.2, .mobile: 0.95, .router: 0.6, .camera: 0.6, .dvr: 0.6, .tv: 0.6,
        .appliance: 0.6, .nas: 0.6, .printer: 0.6, .voip: 0.6, .iotOther: 0.6,
    ]
    /// `silentGivenClass` by class ordinal (0.5 where it has no entry).
    private var silentRow = AttributionModel.silentRow(AttributionModel.defaultSilent)
    static func silentRow(_ silent: [DeviceClass: Double]) -> [Double] { DeviceClass.ordered.map { silent[$0] ?? 0.5 } }

    /// Silence when the scan met the sender's household with probability `occupancy`; otherwise someone
    /// else's, silent as most addresses are (`silentOtherwise`).
    public var silentOtherwise = 0.8
    public func silent(_ c: DeviceClass, occupancy: Double) -> Double {
        occupancy * silentRow[c.ordinal] + (1 - occupancy) * silentOtherwise
    }

    /// Learned from the case (PriorFit): how often each class's senders run each exact stack, within its OS
    /// family — P(stack | family, class) against P(stack | family) over the whole case. Empty: no refinement.
    public var stackGivenClass: [DeviceClass: [String: Double]] = [:] { didSet { stackFactors = Self.factors(stackGivenClass, stackGivenFamily) } }
    public var stackGivenFamily: [String: Double] = [:] { didSet { stackFactors = Self.factors(stackGivenClass, stackGivenFamily) } }
    /// `stackFactor` of every class (by ordinal) for each stack learned: one lookup of the stack's text per
    /// address instead of two per class.
    private var stackFactors: [String: [Double]] = [:]

    /// P(stack | family, class) / P(stack | family): 1 when nothing was learned, so the family-level
    /// likelihoods stand alone.
    public func stackFactor(_ stack: String, class c: DeviceClass) -> Double {
        stackFactors[stack]?[c.ordinal] ?? 1
    }

    /// `stackFactor(stack, class:)` for every class, by `DeviceClass.ordinal`; nil when all are 1.
    public func stackFactorRow(_ stack: String) -> [Double]? { stackFactors[stack] }

    static func factors(_ byClass: [DeviceClass: [String: Double]], _ byFamily: [String: Double]) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        for (stack, base) in byFamily where base > 0 {
            out[stack] = DeviceClass.ordered.map { c in byClass[c]?[stack].map { $0 / base } ?? 1 }
        }
        return out
    }

    static func table(_ osGivenClass: [DeviceClass: [OSFamily: Double]]) -> [Double] {
        DeviceClass.ordered.flatMap { c in OSFamily.ordered.map { f in osGivenClass[c]?[f] ?? 0.01 } }
    }

    /// When a fingerprint names the device's own OS: P(SYN family | device OS) for the device as sender.
    public var osMatch = 0.90
    /// Linux and embedded Linux are neighbours: a modern-looking SYN from an "embedded" device is plausible.
    public var osNeighbour = 0.25
    public var osMismatch = 0.01

    /// Prior probability that the device answering the scan is the sender, for a non-gateway device
    /// and for a home gateway (whose address the whole household shares).
    public var deviceSentPrior = 0.5
    public var gatewaySentPrior = 0.35

    /// A sender one hop nearer than another sender at the same address and time is the NAT gateway itself
    /// (hosts behind it are one hop further): the likelihood ratio for the router class, and its inverse for
    /// a sender one hop further than another.
    public var gatewayHopRatio = 8.0

    /// The sender's hop distance minus an answering device's own (its SYN+ACK), when that device sends:
    /// fitted to the case (`HopAlignment`), nil when the prober and the traps see the network from places
    /// too different to compare. With it, a home gateway whose senders are one hop further than its own
    /// answer is not the sender (÷ `answerHopRatio`), and one whose senders are as near is (×).
    public var answerHopOffset: Int?
    /// Stronger than `gatewayHopRatio`: there two senders' distances are compared, any of which may be a
    /// household's other host; here the box's own, and only a route that changed between the spam and the
    /// probe moves it (the fit asks 80% of a case's answers to agree; in the simulated worlds they all do).
    public var answerHopRatio = 20.0

    /// Several distinct sender stacks: likely when another host sends, rare when the device alone does.
    public var severalStacksIfDevice = 0.05
    public var severalStacksIfOther = 0.30

    /// Address reassignment: the occupant at scan time is the spam-time occupant with probability
    /// exp(-gap / leaseTime). Beyond `staleAfter` the observation alone cannot attribute.
    public var leaseTime: Double = 7 * 86400
    public var staleAfter: Double = 3 * 86400

    /// The posterior at or above which the verdict names the sender's class; below it says `unknown` (the
    /// probabilities stay). On an IoT-majority world with a late scan (iot-swarm) the classes named at 0.7 or
    /// more were right 91% of the time, those at 0.6 only 74%: router, camera and DVR stacks overlap.
    public var nameClassAt = 0.7

    /// P(exposed device sent) at or above which the device is named the sender (at or below 1 - this:
    /// another host); between the two the verdict is `ambiguous`.
    public var decisive = 0.7

    public init() {}

    /// P(f | class) over the six observable families.
    public func os(_ f: OSFamily, given c: DeviceClass) -> Double {
        guard f != .unknown else { return 1 }
        return osTable[c.ordinal * OSFamily.ordered.count + f.ordinal]
    }

    /// P(f | this device sent), using the device's own OS when a fingerprint named it.
    public func os(_ f: OSFamily, givenDevice identity: DeviceIdentity) -> Double {
        guard f != .unknown else { return 1 }
        switch identity.os {
        case .unknown, .other: return os(f, given: identity.deviceClass)
        case let known where known == f: return osMatch
        case .linux where f == .embeddedLinux, .embeddedLinux where f == .linux: return osNeighbour
        default: return osMismatch
        }
    }

    /// P(f | this device sent), knowing the initial TTL its own SYN+ACK came with: families that TTL rules out
    /// drop to `osMismatch`, and the rest share the banner's expectation rescaled to its total (so a DVR whose
    /// UI answers with TTL 128 is expected to send Windows SYNs, and a Linux one is expected as before).
    public func os(_ f: OSFamily, givenDevice identity: DeviceIdentity, answeredTTL ttl: Int?) -> Double {
        guard f != .unknown, let ttl else { return os(f, givenDevice: identity) }
        let allowed = OSFamily.families(initialTTL: ttl)
        guard allowed.contains(f) else { return osMismatch }
        // Summed in a fixed order (Set order changes per process).
        let observable = OSFamily.allCases.filter { $0 != .unknown }
        let total = observable.reduce(0) { $0 + os($1, givenDevice: identity) }
        let kept = observable.filter(allowed.contains).reduce(0) { $0 + os($1, givenDevice: identity) }
        return kept > 0 ? os(f, givenDevice: identity) / kept * total : total / Double(allowed.count)
    }

    /// P(f | some other host sent): the prior-weighted mixture over classes.
    public func osGivenOtherHost(_ f: OSFamily) -> Double {
        guard f != .unknown else { return 1 }
        return otherHostOS[f.ordinal]
    }

    static func otherHost(_ prior: [DeviceClass: Double], _ osTable: [Double]) -> [Double] {
        // Summed in taxonomy order: dictionary order changes per process, floating-point sums must not.
        let total = DeviceClass.senderClasses.reduce(0) { $0 + (prior[$1] ?? 0) }
        return OSFamily.ordered.map { f in
            DeviceClass.senderClasses.reduce(0) { $0 + (prior[$1] ?? 0) / total * osTable[$1.ordinal * OSFamily.ordered.count + f.ordinal] }
        }
    }
}

extension DeviceClass {
    /// Every class, in taxonomy order (made once: `allCases` builds its array on each call).
    static let ordered = DeviceClass.allCases
}

extension OSFamily {
    static let ordered = OSFamily.allCases
}
