import BotCensusCore

/// One device of a household.
public struct Device: Sendable {
    /// Position in the household (0 is the router of a NAT household).
    public var index: Int
    public var cls: DeviceClass
    public var stack: StackModel
    /// Timestamp clock skew, parts per million (Kohno et al.: tens of ppm, stable per device).
    public var clockSkewPPM: Double
    /// Seconds the device had been up at the scenario start (raw uptime clocks start there).
    public var uptimeAtStart: Int
    public var infected: Bool
    /// What answers from outside: the router's own UI, a forwarded web UI, or a direct device's services.
    public var exposed: [Service]
}

/// A household: one public address at a time (a NAT router with devices behind it, or one device directly
/// attached), in one ISP pool.
public struct Household: Sendable {
    public var number: Int
    public var pool: Int
    /// Index within its pool.
    public var local: Int
    public var nat: Bool
    /// Hop distance from the traps to the public address; devices behind the router are one hop further.
    public var distance: Int
    public var devices: [Device]
    public var infected: Bool { devices.contains { $0.infected } }
    /// Distance of a device's packets as the trap sees them.
    public func distance(of device: Device, cgn: Bool) -> Int {
        distance + (nat && device.cls != .router ? 1 : 0) + (cgn ? 1 : 0)
    }
}

/// Builds household `n` from the scenario and seed alone: a pure function, so any household can be rebuilt
/// when the scan or the truth writer needs it, and nothing but the infected ones is kept in memory.
public struct WorldBuilder: Sendable {
    public let scenario: Scenario
    public let seed: UInt64
    /// First household number of each pool, and the pool sizes.
    public let poolStart: [Int]
    public let poolCount: [Int]
    let deviceClasses: [DeviceClass]
    let directClasses: [DeviceClass]

    public init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        self.seed = seed
        poolCount = scenario.householdsPerPool()
        var start: [Int] = []
        var n = 0
        for c in poolCount { start.append(n); n += c }
        poolStart = start
        deviceClasses = scenario.devices.keys.sorted()
        directClasses = scenario.directDevices.keys.sorted()
    }

    public func poolOf(household n: Int) -> Int {
        var p = 0
        while p + 1 < poolStart.count && poolStart[p + 1] <= n { p += 1 }
        return p
    }

    public func household(_ n: Int) -> Household {
        var rng = SimRandom(seed: seed, stream: 1, index: UInt64(n))
        let s = scenario
        let pool = poolOf(household: n)
        let nat = rng.chance(s.natShare)
        let distance = rng.int(s.pools[pool].distance)
        var devices: [Device] = []
        func add(_ cls: DeviceClass, exposedChance: Double) {
            let stack: StackModel
            if let options = s.classStacks[cls] {
                stack = options[rng.weighted(options.map(\.weight))].stack
            } else {
                stack = Stacks.draw(cls, windowsShare: s.windowsShare, rng: &rng)
            }
            let skew = (rng.unit() * 2 - 1) * 80
            let uptime = rng.int(600...(40 * 86400))
            let infected = rng.chance(s.infection[cls] ?? 0)
            var exposed: [Service] = []
            let profiles = ServiceProfiles.byClass[cls] ?? []
            let pick = profiles.isEmpty ? 0 : rng.below(profiles.count)
            if !profiles.isEmpty && rng.chance(exposedChance) { exposed = profiles[pick] }
            devices.append(Device(index: devices.count, cls: cls, stack: stack, clockSkewPPM: skew, uptimeAtStart: uptime,
                                  infected: infected, exposed: exposed))
        }
        if nat {
            add(.router, exposedChance: s.routerUIExposed)
            for cls in deviceClasses {
                let count = min(rng.poisson(s.devices[cls] ?? 0), 6)
                for _ in 0..<count { add(cls, exposedChance: s.forwarding[cls] ?? 0) }
            }
            // Port forwards: a forwarded device keeps its port unless the router or another forward holds it.
            var taken = Set<Int>()
            for i in devices.indices {
                var moved: [Service] = []
                for service in devices[i].exposed {
                    var port = service.port
                    while taken.contains(port) { port = port < 8000 ? 8080 : port + 1 }
                    taken.insert(port)
                    moved.append(service.on(port))
                }
                devices[i].exposed = moved
            }
        } else {
            let weights = directClasses.map { s.directDevices[$0] ?? 0 }
            let cls = directClasses.isEmpty ? .pc : directClasses[rng.weighted(weights)]
            add(cls, exposedChance: s.directExposed)
        }
        return Household(number: n, pool: pool, local: n - poolStart[pool], nat: nat, distance: distance, devices: devices)
    }
}
