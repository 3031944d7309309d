import Analysis
import ArgumentParser
import Foundation
import Store
import Workflow

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a case's verdicts and census against a simulated world's truth.json.",
        discussion: "Precision and recall per class, false-IoT rate, calibration, host counts and census interval coverage (docs/EVALUATION.md)."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "The ground truth (truth.json, docs/TRUTH.md).")
    var truth: String

    @Option(help: "table or json (docs/EVALUATION.md).")
    var format: TableOrJSON = .table

    func run() throws {
        let world: TruthWorld
        do { world = try CaseEvaluation.readTruth(path: truth) } catch {
            Console.err("\(error)")
            throw ExitCode(1)
        }
        let evaluation = try CaseEvaluation(store: try caseOptions.existing()).evaluate(truth: world)
        switch format {
        case .json: Console.out(try EvaluationReport.json(evaluation) + "\n")
        case .table: Console.out(EvaluationReport.table(evaluation))
        }
    }
}
