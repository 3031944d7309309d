import ArgumentParser
import BotCensusCore
import Foundation
import Simulation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a seeded world and its evidence: trap logs, p0f logs, SYN pcaps, a zgrab2 scan and the truth.",
        discussion: """
            SCENARIO is a scenario file (docs/SCENARIOS.md; examples in scenarios/). Writes to DIR: \
            trap-N.postfix.log, trap-N.p0f.log and trap-N.syn.pcap per trap, scan.zgrab2.jsonl, truth.json \
            (docs/TRUTH.md) and messages.jsonl (the device that sent each message; --no-message-truth skips \
            it). The same scenario and seed give the same bytes.
            """
    )

    @Argument(help: "Scenario file (JSON).")
    var scenario: String

    @Option(name: .customLong("out"), help: "Folder to write the evidence and truth to (created if missing).")
    var out: String

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Flag(name: .customLong("no-message-truth"), help: "Skip messages.jsonl, the per-message truth (one line per message: time, ip, host, class).")
    var noMessageTruth = false

    func run() throws {
        let world: Scenario
        do { world = try Scenario.load(path: scenario) } catch {
            Console.err("\(error)")
            throw ExitCode(1)
        }
        let summary: Simulator.Summary
        let progress = TerminalProgress(label: "simulate \(world.name): messages")
        defer { progress.finish() }
        do { summary = try Simulator.run(scenario: world, seed: seed, outDir: out, messageTruth: !noMessageTruth, progress: progress) } catch {
            Console.err("\(error)")
            throw ExitCode(1)
        }
        var text = "\(world.name) (seed \(seed)): \(summary.households) households, \(summary.infectedHosts) infected senders, "
        text += "\(summary.messages) messages from \(summary.addresses) addresses, \(summary.answeringAddresses) answered the scan\n"
        for f in summary.files {
            let unit = f.name.hasSuffix(".pcap") ? "packets" : "lines"
            text += "  \(out)/\(f.name)  \(f.bytes) bytes" + (f.lines > 0 ? ", \(f.lines) \(unit)" : "") + "\n"
        }
        Console.out(text)
    }
}
