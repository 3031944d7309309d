import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Lab

/// `botcensus lab up|send|down`: households behind real NAT in network namespaces (docs/LAB.md).
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "A live lab: households behind real NAT in network namespaces, their hosts' kernels shaped per device family.",
        discussion: """
            Needs root (Linux network namespaces, veth, nftables). `lab up` builds the Internet namespace \
            (bclab-i, the trap's address \(LabPlan.trapAddress)), one router namespace per household (NAT on \
            198.18.1.K) and one namespace per host, and writes truth.json; run the trap in bclab-i \
            (`ip netns exec bclab-i botcensus trap --listen \(LabPlan.trapAddress):25 …`); `lab send` makes the \
            infected hosts send their spam, phase by phase, with the churn between phases; `lab down` removes \
            every namespace, link and rule of the lab (safe to run twice, or after a crash). Without root (or with \
            `lab up --loopback`), the reduced lab: households on 127.0.1.K, per-socket stack settings, no NAT; \
            `lab down --out DIR` ends its device UIs.
            """,
        subcommands: [Up.self, Send.self, Down.self]
    )

    /// What `up` leaves in DIR for `send`: the built-in world is rebuilt from these.
    struct State: Codable {
        var households: Int
        var seed: UInt64
        var messagesPerPhase: Int
        var started: Double
        /// The reduced lab on loopback (no namespaces).
        var loopback: Bool?
        /// The scenario file's copy in the lab's folder (nil: the built-in world).
        var scenario: String?

        func world() throws -> LabWorld {
            var world = try scenario.map { try LabScenario.load(path: $0, seed: seed, households: households) }
                ?? LabWorld.builtIn(households: households, seed: seed, messagesPerPhase: messagesPerPhase)
            world.loopback = loopback ?? false
            return world
        }

        static func read(_ folder: String) throws -> State {
            let path = folder + "/lab.json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("\(path): no lab state (run `botcensus lab up --out \(folder)` first)")
            }
            do { return try JSONDecoder().decode(State.self, from: data) } catch {
                throw ValidationError("\(path): not a lab state file (\(error))")
            }
        }
    }

    struct Up: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build the lab's namespaces, NAT and shaped stacks; write truth.json.")

        @Argument(help: "The world: `builtin`, or a lab scenario file (docs/LAB.md; scenarios/lab/).")
        var scenario: String = "builtin"
        @Option(name: .customLong("out"), help: "Folder for lab.json, truth.json and messages.jsonl (created if missing).")
        var out: String
        @Option(help: "Households (1–250; default 12 for builtin, the scenario's own otherwise).")
        var households: Int?
        @Option(name: .customLong("messages"), help: "Messages each infected host sends per phase.")
        var messagesPerPhase: Int = 2
        @Option(help: "Seed of the world.")
        var seed: UInt64 = 1
        @Flag(help: "The reduced lab on 127.0.1.K without namespaces (the default when not root): no NAT, no TTL decrement, per-socket stack settings only.")
        var loopback = false

        func validate() throws {
            if let households, !(1...250).contains(households) { throw ValidationError("--households must be 1 to 250") }
            guard (1...100).contains(messagesPerPhase) else { throw ValidationError("--messages must be 1 to 100") }
        }

        func run() throws {
            var world: LabWorld
            var scenarioCopy: String?
            if scenario == "builtin" {
                world = LabWorld.builtIn(households: households ?? 12, seed: seed, messagesPerPhase: messagesPerPhase)
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } else {
                do {
                    world = try LabScenario.load(path: scenario, seed: seed, households: households)
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                    // `send` rebuilds the world from the lab's own copy, whatever happens to the original.
                    let copy = URL(fileURLWithPath: out).appendingPathComponent("lab-scenario.json").standardizedFileURL.path
                    if URL(fileURLWithPath: scenario).standardizedFileURL.path != copy {
                        try? FileManager.default.removeItem(atPath: copy)
                        try FileManager.default.copyItem(atPath: scenario, toPath: copy)
                    }
                    scenarioCopy = copy
                } catch {
                    Console.err("\(error)")
                    throw ExitCode(1)
                }
            }
            world.loopback = loopback || getuid() != 0
            if world.loopback {
                if !loopback { Console.err("lab up: not root, so the reduced lab on loopback") }
                Console.err("lab up: \(LabLoopback.limits)")
            }
            let now = Date().timeIntervalSince1970
            do { try LabLifecycle.up(world, folder: out, start: now) } catch {
                Console.err("\(error)")
                throw ExitCode(1)
            }
            let state = State(households: world.households.count, seed: seed, messagesPerPhase: world.messagesPerPhase, started: now,
                              loopback: world.loopback, scenario: scenarioCopy)
            try JSONEncoder().encode(state).write(to: URL(fileURLWithPath: out + "/lab.json"))
            let hosts = world.households.reduce(0) { $0 + $1.hosts.count }
            if world.loopback {
                Console.out("""
                    lab up (loopback): \(world.households.count) households on 127.0.1.1–\(world.households.count), \(hosts) hosts (\(world.infectedHosts.count) infected); \
                    device UIs on port \(LabLoopback.webPort) (telnet \(LabLoopback.telnetPort))
                      \(out)/truth.json, \(out)/lab.json
                    next: botcensus trap --listen 127.0.0.1:2525 --case CASE &
                          botcensus lab send --out \(out) --trap 127.0.0.1:2525

                    """)
                return
            }
            Console.out("""
                lab up: \(world.name), \(world.households.count) households, \(hosts) hosts (\(world.infectedHosts.count) infected) in \(LabPlan.namespaces(world).count) namespaces; \
                trap address \(LabPlan.trapAddress) in \(LabPlan.internet)
                  \(out)/truth.json, \(out)/lab.json
                next: ip netns exec \(LabPlan.internet) botcensus trap --listen \(LabPlan.trapAddress):25 --tls-listen \(LabPlan.trapAddress):465 --case CASE &
                      botcensus lab send --out \(out)

                """)
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The infected hosts send their spam to the trap, phase by phase.")

        @Option(name: .customLong("out"), help: "The folder `lab up` wrote.")
        var out: String
        @Option(help: "The trap, ADDRESS:PORT: in the Internet namespace (default \(LabPlan.trapAddress):25), or on loopback for the reduced lab (default 127.0.0.1:2525).")
        var trap: String?

        func run() throws {
            let state = try State.read(out)
            let world: LabWorld
            do { world = try state.world() } catch {
                Console.err("\(error)")
                throw ExitCode(1)
            }
            let trap = self.trap ?? (world.loopback ? "127.0.0.1:2525" : "\(LabPlan.trapAddress):25")
            let outcome: LabSender.Outcome
            do {
                if !world.loopback { try LabNetwork.requireRoot() }
                outcome = try LabSender.run(world, trap: trap) { Console.err("lab send: \($0)") }
            } catch {
                Console.err("\(error)")
                throw ExitCode(1)
            }
            try LabTruth.write(world, sent: outcome.sent, start: state.started, end: Date().timeIntervalSince1970 + 1, to: out)
            for line in outcome.failures.prefix(20) { Console.err("lab send: \(line)") }
            Console.out("lab send: \(outcome.sent.count) messages accepted from \(Set(outcome.sent.map(\.host.id)).count) hosts, \(outcome.failures.count) not; truth in \(out)/truth.json\n")
            if !outcome.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Down: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove every namespace, link and rule of the lab (safe to run twice).")

        @Option(name: .customLong("out"), help: "The folder `lab up` wrote: for the reduced lab, whose device UIs it ends.")
        var out: String?

        func run() throws {
            if let out, let state = try? State.read(out), state.loopback == true {
                Console.out("lab down: ended \(LabLifecycle.down(loopback: true, folder: out)) device UIs of the reduced lab\n")
                return
            }
            do { try LabNetwork.requireRoot() } catch {
                Console.err("\(error)")
                throw ExitCode(1)
            }
            let removed = LabLifecycle.down(loopback: false, folder: out)
            Console.out(removed == 0 ? "lab down: no lab namespaces\n" : "lab down: removed \(removed) namespaces\n")
        }
    }
}
