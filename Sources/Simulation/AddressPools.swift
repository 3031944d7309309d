import BotCensusCore

/// ISP address pools with leases: which household holds which public address when.
///
/// A pool's leases renew together every `lease_hours`; at each renewal a household keeps its address with
/// probability 1 − churn, otherwise it gets a random free one (possibly one another household just gave up,
/// which is how an address scanned days later belongs to someone else). A CGN pool maps its households onto
/// few addresses, many to each, stickily (no churn).
public struct LeaseBook: Sendable {
    public struct Pool: Sendable {
        public var base: UInt32
        public var size: Int
        public var cgn: Bool
        /// Addresses in use (CGN) — household `local` sits behind address `local % used`.
        public var used: Int
        public var leaseSeconds: Double
        public var households: Int
        public var firstHousehold: Int
    }
    public private(set) var pools: [Pool]
    let start: Timestamp
    /// Address history of tracked households: (first epoch, slot), in epoch order.
    var history: [Int: [(epoch: Int32, slot: Int32)]] = [:]
    /// Owners (household numbers, −1 free) of each slot at each snapshot time, per pool.
    var snapshots: [[[Int32]]] = []
    /// With `recordEpochs`: owners of each slot in every lease epoch, per pool (for reactive scans).
    var epochOwners: [[[Int32]]] = []

    /// Runs the leases from the start to `horizon`, recording the history of `tracked` households and who
    /// holds each address at each of `snapshotTimes`.
    public init(scenario: Scenario, builder: WorldBuilder, seed: UInt64, horizon: Timestamp, tracked: Set<Int>, snapshotTimes: [Timestamp],
                recordEpochs: Bool = false) {
        start = scenario.start
        pools = []
        snapshots = Array(repeating: [], count: snapshotTimes.count)
        for (p, spec) in scenario.pools.enumerated() {
            let (base, size) = IPv4.parseCIDR(spec.cidr)!
            let m = builder.poolCount[p]
            let first = builder.poolStart[p]
            let hpa = max(1, spec.householdsPerAddress)
            let used = spec.cgn ? max(1, (m + hpa - 1) / hpa) : m
            let lease = spec.leaseHours * 3600
            pools.append(Pool(base: base, size: size, cgn: spec.cgn, used: used, leaseSeconds: lease, households: m, firstHousehold: first))
            epochOwners.append([])
            if spec.cgn {
                for s in snapshotTimes.indices { snapshots[s].append([]) }   // nothing answers behind a CGN
                continue
            }
            var rng = SimRandom(seed: seed, stream: 2, index: UInt64(p))
            var slots = Array(0..<Int32(size))
            rng.shuffle(&slots)
            var slotOf = Array(slots[0..<m])
            var free = Array(slots[m...])
            var isTracked = [Bool](repeating: false, count: m)
            for h in tracked where h >= first && h < first + m {
                isTracked[h - first] = true
                history[h] = [(0, slotOf[h - first])]
            }
            let epochs = max(1, Int(((horizon - start) / lease).rounded(.up)) + 1)
            let snapEpoch = snapshotTimes.map { Int(max(0, ($0 - start) / lease)) }
            func snap(_ e: Int) {
                var owners: [Int32] { var o = [Int32](repeating: -1, count: size); for i in 0..<m { o[Int(slotOf[i])] = Int32(first + i) }; return o }
                for (s, se) in snapEpoch.enumerated() where se == e { snapshots[s].append(owners) }
                if recordEpochs { epochOwners[p].append(owners) }
            }
            snap(0)
            var released: [Int] = []
            for e in 1..<max(epochs, (snapEpoch.max() ?? 0) + 1) {
                if spec.churn > 0 {
                    released.removeAll(keepingCapacity: true)
                    for i in 0..<m where rng.chance(spec.churn) { released.append(i) }
                    for i in released { free.append(slotOf[i]) }
                    for i in released {
                        let r = rng.below(free.count)
                        let slot = free[r]
                        free[r] = free[free.count - 1]
                        free.removeLast()
                        if slot != slotOf[i] {
                            slotOf[i] = slot
                            if isTracked[i] { history[first + i]!.append((Int32(e), slot)) }
                        }
                    }
                }
                snap(e)
            }
        }
    }

    public func epoch(pool p: Int, at t: Timestamp) -> Int { Int(max(0, (t - start) / pools[p].leaseSeconds)) }

    /// The public address of household `h` (tracked, or any household of a CGN pool) at time `t`.
    public func address(household h: Household, at t: Timestamp) -> UInt32 {
        let pool = pools[h.pool]
        if pool.cgn { return pool.base + UInt32(h.local % pool.used) }
        let e = Int32(epoch(pool: h.pool, at: t))
        var slot: Int32 = 0
        for entry in history[h.number] ?? [] where entry.epoch <= e { slot = entry.slot }
        return pool.base + UInt32(slot)
    }

    public func pool(of address: UInt32) -> Int? {
        pools.firstIndex { address >= $0.base && UInt64(address) < UInt64($0.base) + UInt64($0.size) }
    }

    /// The household holding `address` at snapshot `s` (nil for free addresses and CGN addresses).
    public func owner(of address: UInt32, snapshot s: Int) -> Int? {
        guard let p = pool(of: address), !pools[p].cgn else { return nil }
        let o = snapshots[s][p][Int(address - pools[p].base)]
        return o < 0 ? nil : Int(o)
    }

    /// The household holding `address` at time `t` (needs `recordEpochs`; nil for free and CGN addresses).
    public func owner(of address: UInt32, at t: Timestamp) -> Int? {
        guard let p = pool(of: address), !pools[p].cgn, !epochOwners[p].isEmpty else { return nil }
        let e = min(epoch(pool: p, at: t), epochOwners[p].count - 1)
        let o = epochOwners[p][e][Int(address - pools[p].base)]
        return o < 0 ? nil : Int(o)
    }

    /// Households behind a CGN address.
    public func cgnHouseholds(of address: UInt32) -> [Int] {
        guard let p = pool(of: address), pools[p].cgn else { return [] }
        let pool = pools[p]
        let slot = Int(address - pool.base)
        return stride(from: slot, to: pool.households, by: pool.used).map { pool.firstHousehold + $0 }
    }
}
