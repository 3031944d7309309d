import ArgumentParser
import BotCensusCore
import Report
import Store
import Workflow

enum TableOrJSONL: String, ExpressibleByArgument, CaseIterable { case table, jsonl }
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable { case table, json }

struct AttributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute",
        abstract: "One verdict per sending address: who really sent, how sure, and the evidence for and against."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "table or jsonl (the verdict contract).")
    var format: TableOrJSONL = .table

    @Flag(help: "With the table: list every evidence entry under each address.")
    var explain = false

    @Flag(help: "Analyse the case again even when its stored analysis is current.")
    var recompute = false

    func run() throws {
        let store = try caseOptions.existing()
        let analysis = CaseAnalysis(store: store, reuseStored: !recompute)
        switch format {
        case .jsonl:
            // The stored verdicts are the contract's JSON already: streamed as they are.
            try analysis.refresh()
            try store.export(.verdicts, lines: { Console.stdout.write($0) })
        case .table:
            let verdicts = try analysis.attribute()
            Console.out(VerdictReport.table(verdicts, colour: Console.colour))
            if explain { for v in verdicts { Console.out("\n" + VerdictReport.details(v)) } }
        }
    }
}

struct CensusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Naive and evidence-based counts of infected hosts and their IoT share, with 95% intervals."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "table or json (the census contract).")
    var format: TableOrJSON = .table

    @Flag(help: "Analyse the case again even when its stored analysis is current.")
    var recompute = false

    @Flag(help: "On stderr, the seconds and memory of each step of the analysis (reading, fitting, attributing, counting, storing).")
    var stageTimes = false

    func run() throws {
        var analysis = CaseAnalysis(store: try caseOptions.existing(), reuseStored: !recompute)
        analysis.stageTimes = stageTimes ? StageTimes() : nil
        let census = try analysis.censusAlone()
        for line in analysis.stageTimes?.finish() ?? [] { Console.err(line) }
        switch format {
        case .json: Console.out(try JSONOutput.encode(census) + "\n")
        case .table: Console.out(CensusReport.table(census))
        }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The whole story on built-in evidence: a NAT'd fridge, a router that sends, a reassigned camera."
    )

    @Option(name: .customLong("case"), help: "Where to build the demo case (replaced if present; with --live: DIR/case.db).")
    var casePath: String?

    @Flag(help: "Run the story live (root): households behind real NAT in network namespaces send spam to the real trap, the prober scans them, and the result is scored against the lab's truth (docs/LAB.md).")
    var live = false

    @Option(name: .customLong("out"), help: "With --live: the folder for the case, truth.json and the logs.")
    var out: String = "./botcensus-live"

    func run() throws {
        guard live else {
            let result = try Demo.run(casePath: casePath ?? "./botcensus-demo.db") { Console.err($0) }
            Console.out(Demo.render(result, colour: Console.colour))
            return
        }
        do {
            Console.out(try LiveDemo.run(folder: out, casePath: casePath) { Console.err("demo --live: \($0)") })
        } catch {
            Console.err("\(error)")
            throw ExitCode(1)
        }
    }
}
