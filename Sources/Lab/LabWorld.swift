import BotCensusCore

/// The lab's households as planned: who lives behind which router, which devices are infected, how many
/// messages each sends per phase, and which households swap their public address between the phases (churn).
/// Pure data: `LabPlan` turns it into namespaces, `LabTruth` into truth.json.
public struct LabWorld: Sendable {
    public struct Host: Sendable {
        /// `h<household>-<n>` (n = 0 is the router itself).
        public var id: String
        public var household: Int
        public var index: Int
        public var cls: DeviceClass
        public var stack: LabStack
        public var infected: Bool
        /// Some bots speak STARTTLS, some pipeline their envelope.
        public var starttls = false
        public var pipelining = false
        /// The device serves a web UI, reachable from the Internet (port 80 forwarded, or the router's own).
        public var hasUI = false
        public var isRouter: Bool { index == 0 }
        /// The host's address on its household's LAN (the router's is the LAN gateway).
        public var lanAddress: String { "192.168.1.\(isRouter ? 1 : 9 + index)" }
    }

    public struct Household: Sendable {
        public var index: Int
        public var hosts: [Host]
        /// The router clamps the MSS of forwarded SYNs (a PPPoE line).
        public var clampMSS: Int?
        public var router: Host { hosts[0] }
        /// The device whose UI answers at the household's public address.
        public var answering: Host? { hosts.first(where: \.hasUI) }
    }

    public var name: String
    public var seed: UInt64
    public var households: [Household]
    public var messagesPerPhase: Int
    public var phases: Int
    /// Household pairs whose public addresses are swapped before phase 2.
    public var churnPairs: [(Int, Int)]
    /// Where the households' public addresses are: routers in namespaces, or loopback addresses (the reduced
    /// lab without root, `LabLoopback`).
    public var loopback = false
    /// The first three octets of the public addresses.
    public var publicPrefix: String { loopback ? "127.0.1." : "198.18.1." }

    public var infectedHosts: [Host] { households.flatMap(\.hosts).filter(\.infected) }

    /// The household's public address in a phase (1-based): its own, or its churn partner's after phase 1.
    public func wanAddress(household: Int, phase: Int) -> String {
        var owner = household
        if phase > 1 {
            for (a, b) in churnPairs {
                if a == household { owner = b } else if b == household { owner = a }
            }
        }
        return publicPrefix + "\(owner)"
    }

    /// One kind of household: who lives behind the router, who is infected, whose UI answers the scan.
    /// Adding a household type is adding one entry to `kinds` (docs/LAB.md).
    public struct Kind: Sendable {
        public struct Member: Sendable {
            public var cls: DeviceClass
            public var stack: LabStack
            public var infected: Bool
            public var ui: Bool
            public init(_ cls: DeviceClass, _ stack: LabStack, infected: Bool = false, ui: Bool = false) {
                self.cls = cls; self.stack = stack; self.infected = infected; self.ui = ui
            }
        }
        public var name: String
        /// The router itself (an embedded stack): infected, and whether its own UI answers on the WAN.
        public var routerInfected = false
        public var routerUI = false
        public var members: [Member]
    }

    /// The built-in world's kinds, taken in turn over the households, so every lab of a size has each kind the
    /// same number of times (up to one).
    public static let kinds: [Kind] = [
        // The 2014 story: the camera answers, the PC sent.
        Kind(name: "infected PC, forwarded camera", members: [.init(.pc, .windowsLike, infected: true), .init(.mobile, .phone),
                                                              .init(.camera, .embedded, ui: true)]),
        Kind(name: "infected phone", members: [.init(.mobile, .phone, infected: true), .init(.pc, .linuxPC)]),
        // The DVR answers and did send.
        Kind(name: "infected DVR, forwarded", members: [.init(.dvr, .embedded, infected: true, ui: true), .init(.pc, .windowsLike)]),
        Kind(name: "infected router", routerInfected: true, routerUI: true, members: [.init(.pc, .linuxPC)]),
        Kind(name: "two infected PCs", members: [.init(.pc, .windowsLike, infected: true), .init(.pc, .windowsLike, infected: true)]),
        Kind(name: "clean", members: [.init(.pc, .windowsLike), .init(.tv, .embedded)]),
    ]

    /// The built-in world: `kinds` in turn; every third infected host speaks STARTTLS, every fourth
    /// household's bots pipeline, households 3, 10, 17, … clamp the MSS, and one household in five trades its
    /// public address with the next between the phases.
    public static func builtIn(households count: Int, seed: UInt64 = 1, messagesPerPhase: Int = 2) -> LabWorld {
        build(name: "lab-builtin", kinds: kinds, households: count, seed: seed, messagesPerPhase: messagesPerPhase)
    }

    /// A world of `kinds` taken in turn (the built-in one, or a lab scenario file's, `LabScenario`).
    public static func build(name: String, kinds: [Kind], households count: Int, seed: UInt64, messagesPerPhase: Int,
                             churnEvery: Int = 5) -> LabWorld {
        precondition((1...250).contains(count), "1 to 250 households")
        precondition(!kinds.isEmpty, "at least one kind of household")
        var households: [Household] = []
        for k in 1...count {
            let kind = kinds[(k - 1) % kinds.count]
            var hosts = [Host(id: "h\(k)-0", household: k, index: 0, cls: .router, stack: .embedded, infected: kind.routerInfected)]
            hosts[0].hasUI = kind.routerUI
            for member in kind.members {
                var host = Host(id: "h\(k)-\(hosts.count)", household: k, index: hosts.count, cls: member.cls, stack: member.stack,
                                infected: member.infected)
                host.hasUI = member.ui
                hosts.append(host)
            }
            // Every third infected host speaks STARTTLS; every fourth household's bots pipeline.
            for i in hosts.indices where hosts[i].infected {
                hosts[i].starttls = (k + i) % 3 == 0
                hosts[i].pipelining = !hosts[i].starttls && k % 4 == 0
            }
            households.append(Household(index: k, hosts: hosts, clampMSS: k % 7 == 3 ? 1452 : nil))
        }
        // One household in `churnEvery` trades its address with the next one between the phases (0: none).
        let pairs = churnEvery > 1 ? stride(from: 1, to: count, by: churnEvery).map { ($0, $0 + 1) } : []
        return LabWorld(name: name, seed: seed, households: households, messagesPerPhase: messagesPerPhase,
                        phases: 2, churnPairs: pairs)
    }
}
