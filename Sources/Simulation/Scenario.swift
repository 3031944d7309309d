import BotCensusCore
import Foundation

/// A scenario file (JSON; docs/SCENARIOS.md describes every field). Missing fields take the defaults below.
public struct Scenario: Sendable {
    public struct Pool: Sendable {
        public var name: String
        public var cidr: String
        /// Share of the households in this pool (shares are normalised).
        public var share: Double
        /// Lease time in hours: addresses are reassigned only at lease renewals.
        public var leaseHours: Double
        /// Probability that a household's address changes at a renewal (0: static addresses).
        public var churn: Double
        /// Carrier-grade NAT: many households share each public address (sticky; no churn).
        public var cgn: Bool
        public var householdsPerAddress: Int
        /// Hop distance from the trap to the household's public address.
        public var distance: ClosedRange<Int>
    }
    public struct Campaign: Sendable {
        public var burstsPerDay: Double
        public var burstMessages: ClosedRange<Int>
        public var burstGapSeconds: ClosedRange<Int>
        /// The traps see at most this many messages from one address (0: no cap).
        public var maxMessagesPerAddress: Int
        /// Hours of the day (UTC) in which bursts start.
        public var activeHours: ClosedRange<Int>
    }
    public struct Trap: Sendable {
        public var hostname: String
        public var ip: String
        public var share: Double
        /// Share of connections whose SYN the trap's p0f logged.
        public var p0fCoverage: Double
    }
    public struct Scan: Sendable {
        /// Hours after the start at which the scan begins; it targets every address that sent spam before.
        public var atHours: Double
        public var ratePerSecond: Double
        /// Reactive scanning: each sending address is scanned this many minutes after its first spam
        /// (`at_hours` is then ignored) — what a trap operator who scans promptly sees.
        public var reactiveMinutes: Double?
        /// The scanner records each answer's SYN+ACK (p0f notation), as `botcensus probe` does; a third party's
        /// zgrab2 scan does not. Default: on for reactive scans (our own prober), off for late ones.
        public var synAcks: Bool
    }

    public var name: String
    public var start: Timestamp
    public var days: Int
    public var households: Int
    /// Share of households behind a home NAT router; the others have one device directly attached.
    public var natShare: Double
    /// Mean number of devices per class in a NAT household (the router comes on top).
    public var devices: [DeviceClass: Double]
    /// Class weights of the single device of a directly attached household.
    public var directDevices: [DeviceClass: Double]
    /// Share of PCs that run Windows (the rest: desktop Linux).
    public var windowsShare: Double
    /// Stacks a class runs instead of its usual ones (`class_stacks`: class → {stack name: weight}): IoT on
    /// PC-like or phone stacks (Windows-embedded DVRs, Android TV boxes) for the stress worlds.
    public var classStacks: [DeviceClass: [(stack: StackModel, weight: Double)]] = [:]
    /// Probability that a device of the class has its web UI port-forwarded (NAT households).
    public var forwarding: [DeviceClass: Double]
    /// Probability that a home router's own admin UI answers from outside.
    public var routerUIExposed: Double
    /// Probability that a directly attached device's services answer (PCs never answer).
    public var directExposed: Double
    /// Probability that a device of the class is infected and sends spam.
    public var infection: [DeviceClass: Double]
    public var pools: [Pool]
    public var campaign: Campaign
    public var traps: [Trap]
    public var scans: [Scan]

    public var end: Timestamp { start + Double(days * 86400) }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(description: "\(path): cannot read") }
        do { return try parse(data) } catch let e as Invalid { throw Invalid(description: "\(path): \(e.description)") }
    }

    public static func parse(_ data: Data) throws -> Scenario {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Invalid(description: "not a JSON object")
        }
        let r = Reader(object: root, path: "")
        let s = try Scenario(r: r)
        try s.validate()
        return s
    }

    init(r: Reader) throws {
        name = try r.string("name", "scenario")
        let startText = try r.string("start", "2026-01-06T00:00:00Z")
        guard let t = Scenario.parseTime(startText) else { throw Invalid(description: "start: '\(startText)' is not YYYY-MM-DDTHH:MM:SSZ") }
        start = t
        days = try r.int("days", 4)
        households = try r.int("households", 2000)
        natShare = try r.double("nat_share", 0.9)
        devices = try r.classMap("devices", [.pc: 1.4, .mobile: 1.2, .tv: 0.5, .appliance: 0.2, .camera: 0.15, .nas: 0.08, .printer: 0.3])
        directDevices = try r.classMap("direct_devices", [.pc: 0.8, .camera: 0.08, .dvr: 0.07, .router: 0.05])
        windowsShare = try r.double("windows_share", 0.9)
        if let o = r.object["class_stacks"] {
            guard let byClass = o as? [String: Any] else { throw Invalid(description: "class_stacks: expected an object of class: {stack: weight}") }
            for (name, value) in byClass.sorted(by: { $0.key < $1.key }) {
                guard let c = DeviceClass(rawValue: name), c != .unknown else { throw Invalid(description: "class_stacks: '\(name)' is not a device class") }
                guard let weights = value as? [String: Any], !weights.isEmpty else {
                    throw Invalid(description: "class_stacks.\(name): expected an object of stack: weight")
                }
                classStacks[c] = try weights.sorted(by: { $0.key < $1.key }).map { stackName, w in
                    guard let stack = Stacks.all.first(where: { $0.name == stackName }) else {
                        throw Invalid(description: "class_stacks.\(name): unknown stack '\(stackName)' (one of \(Stacks.all.map(\.name).joined(separator: ", ")))")
                    }
                    guard let n = w as? NSNumber, n.doubleValue > 0 else { throw Invalid(description: "class_stacks.\(name).\(stackName): expected a number > 0") }
                    return (stack, n.doubleValue)
                }
            }
        }
        forwarding = try r.classMap("forwarding", [.tv: 0.1, .appliance: 0.15, .camera: 0.35, .dvr: 0.5, .nas: 0.4])
        routerUIExposed = try r.double("router_ui_exposed", 0.2)
        directExposed = try r.double("direct_exposed", 0.85)
        infection = try r.classMap("infection", [.pc: 0.1, .router: 0.005, .camera: 0.01, .dvr: 0.02])
        pools = try r.objects("pools").map { o in
            let p = Reader(object: o, path: "pools.")
            return Pool(name: try p.string("name", "pool"), cidr: try p.string("cidr", ""), share: try p.double("share", 1),
                        leaseHours: try p.double("lease_hours", 24), churn: try p.double("churn", 0), cgn: try p.bool("cgn", false),
                        householdsPerAddress: try p.int("households_per_address", 1), distance: try p.range("distance", 8...18))
        }
        let c = Reader(object: r.object["campaign"] as? [String: Any] ?? [:], path: "campaign.")
        campaign = Campaign(burstsPerDay: try c.double("bursts_per_day", 0.8), burstMessages: try c.range("burst_messages", 1...4),
                            burstGapSeconds: try c.range("burst_gap_seconds", 30...600),
                            maxMessagesPerAddress: try c.int("max_messages_per_address", 0), activeHours: try c.range("active_hours", 0...23))
        traps = try r.objects("traps").map { o in
            let p = Reader(object: o, path: "traps.")
            return Trap(hostname: try p.string("hostname", "trap"), ip: try p.string("ip", "192.0.2.25"), share: try p.double("share", 1),
                        p0fCoverage: try p.double("p0f_coverage", 1))
        }
        scans = try r.objects("scans").map { o in
            let p = Reader(object: o, path: "scans.")
            let reactive = o["reactive_minutes"] == nil ? nil : try p.double("reactive_minutes", 30)
            return Scan(atHours: try p.double("at_hours", 24), ratePerSecond: try p.double("rate_per_second", 200), reactiveMinutes: reactive,
                        synAcks: try p.bool("synacks", reactive != nil))
        }
        if traps.isEmpty { traps = [Trap(hostname: "trap", ip: "192.0.2.25", share: 1, p0fCoverage: 1)] }
    }

    func validate() throws {
        func bad(_ s: String) -> Invalid { Invalid(description: s) }
        guard days >= 1, days <= 60 else { throw bad("days: must be 1…60") }
        guard households >= 1 else { throw bad("households: must be positive") }
        guard !pools.isEmpty else { throw bad("pools: at least one pool is needed") }
        let counts = householdsPerPool()
        var used: [(UInt32, Int)] = []
        for (i, p) in pools.enumerated() {
            guard let (base, size) = IPv4.parseCIDR(p.cidr) else { throw bad("pools[\(i)].cidr: '\(p.cidr)' is not a CIDR") }
            guard IPv4.isAllowed(base: base, size: size) else {
                throw bad("pools[\(i)].cidr: \(p.cidr) is outside 198.18.0.0/15, the documentation networks and 240.0.0.0/4")
            }
            for (b, s) in used where UInt64(base) < UInt64(b) + UInt64(s) && UInt64(b) < UInt64(base) + UInt64(size) {
                throw bad("pools[\(i)].cidr: \(p.cidr) overlaps another pool")
            }
            used.append((base, size))
            guard p.leaseHours > 0 else { throw bad("pools[\(i)].lease_hours: must be positive") }
            let needed = p.cgn ? (counts[i] + max(1, p.householdsPerAddress) - 1) / max(1, p.householdsPerAddress) : counts[i]
            guard needed <= size else {
                throw bad("pools[\(i)]: \(counts[i]) households need \(needed) addresses but \(p.cidr) has \(size)")
            }
        }
        for (i, t) in traps.enumerated() {
            guard let a = IPv4.parse(t.ip), IPv4.isAllowed(base: a, size: 1) else { throw bad("traps[\(i)].ip: '\(t.ip)' is not an allowed IPv4 address") }
            for (b, s) in used where a >= b && UInt64(a) < UInt64(b) + UInt64(s) { throw bad("traps[\(i)].ip: inside a household pool") }
        }
        guard campaign.activeHours.lowerBound >= 0, campaign.activeHours.upperBound <= 23 else { throw bad("campaign.active_hours: 0…23") }
    }

    /// Households per pool: contiguous ranges of household numbers, by share.
    public func householdsPerPool() -> [Int] {
        let total = pools.reduce(0) { $0 + $1.share }
        var counts = pools.map { Int((Double(households) * $0.share / total).rounded(.down)) }
        counts[counts.count - 1] += households - counts.reduce(0, +)
        return counts
    }

    static func parseTime(_ s: String) -> Timestamp? {
        let b = Array(s.utf8)
        guard b.count == 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 90 else { return nil }
        func n(_ r: Range<Int>) -> Int? { Int(String(decoding: b[r], as: UTF8.self)) }
        guard let y = n(0..<4), let mo = n(5..<7), let d = n(8..<10), let h = n(11..<13), let mi = n(14..<16), let se = n(17..<19) else { return nil }
        return TimeFormat.timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: Double(se))
    }
}

/// Typed access to a JSON object with defaults and `field: what is wrong` errors.
struct Reader {
    var object: [String: Any]
    var path: String
    func fail(_ key: String, _ what: String) -> Scenario.Invalid { Scenario.Invalid(description: "\(path)\(key): \(what)") }
    func string(_ k: String, _ d: String) throws -> String {
        guard let v = object[k] else { return d }
        guard let s = v as? String else { throw fail(k, "expected a string") }
        return s
    }
    func double(_ k: String, _ d: Double) throws -> Double {
        guard let v = object[k] else { return d }
        guard let n = v as? NSNumber else { throw fail(k, "expected a number") }
        return n.doubleValue
    }
    func int(_ k: String, _ d: Int) throws -> Int {
        let x = try double(k, Double(d))
        guard x == x.rounded(), x >= 0 else { throw fail(k, "expected a whole number ≥ 0") }
        return Int(x)
    }
    func bool(_ k: String, _ d: Bool) throws -> Bool {
        guard let v = object[k] else { return d }
        guard let b = v as? Bool else { throw fail(k, "expected true or false") }
        return b
    }
    func range(_ k: String, _ d: ClosedRange<Int>) throws -> ClosedRange<Int> {
        guard let v = object[k] else { return d }
        guard let a = v as? [NSNumber], a.count == 2, a[0].intValue <= a[1].intValue else { throw fail(k, "expected [low, high]") }
        return a[0].intValue...a[1].intValue
    }
    func classMap(_ k: String, _ d: [DeviceClass: Double]) throws -> [DeviceClass: Double] {
        guard let v = object[k] else { return d }
        guard let o = v as? [String: Any] else { throw fail(k, "expected an object of class: number") }
        var m: [DeviceClass: Double] = [:]
        for (name, value) in o {
            guard let c = DeviceClass(rawValue: name), c != .unknown else { throw fail(k, "'\(name)' is not a device class") }
            guard let n = value as? NSNumber, n.doubleValue >= 0 else { throw fail("\(k).\(name)", "expected a number ≥ 0") }
            m[c] = n.doubleValue
        }
        return m
    }
    func objects(_ k: String) throws -> [[String: Any]] {
        guard let v = object[k] else { return [] }
        guard let a = v as? [[String: Any]] else { throw fail(k, "expected an array of objects") }
        return a
    }
}
