import Analysis
import ArgumentParser
import Foundation
import Report
import Workflow

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the case's story as one self-contained HTML page: the claim check, charts, the addresses (docs/REPORT.md).",
        discussion: "Inline CSS and SVG, no script, nothing loaded from the network; prints cleanly to PDF. With --truth, the figures of `evaluate` beside them."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "The HTML file to write (replaced if present).")
    var out: String

    @Option(help: "A world's ground truth (truth.json, docs/TRUTH.md) to score the case against.")
    var truth: String?

    func run() throws {
        var world: TruthWorld?
        if let truth {
            do { world = try CaseEvaluation.readTruth(path: truth) } catch {
                Console.err("\(error)")
                throw ExitCode(1)
            }
        }
        let input = try CaseReport.build(store: try caseOptions.existing(), truth: world)
        let page = ReportPage.render(input)
        do { try Data(page).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            Console.err("\(out): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let shown = min(input.verdicts.count, input.rowCap)
        Console.out("\(out): \(page.count) bytes; \(input.verdicts.count) addresses, \(shown) in the table"
                    + (input.verdicts.count > shown ? " (capped)" : "") + "\n")
    }
}
