import ArgumentParser
import Foundation
import Report
import Workflow

struct ExportStixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stix",
        abstract: "Write the case's verdicts as a STIX 2.1 bundle: per sending address an indicator, its sighting and a note (docs/EXPORTS.md).",
        discussion: "Ids are name-based and no time comes from the clock: exporting an unchanged case twice gives the same file."
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "The bundle file to write (replaced if present).")
    var out: String

    func run() throws {
        // The same analysis `attribute` shows: the stored one while the case is unchanged.
        let verdicts = try CaseAnalysis(store: try caseOptions.existing(), reuseStored: true).attribute()
        let bundle: StixBundle.Result
        do { bundle = try StixBundle.build(verdicts: verdicts) } catch let error as StixExportError {
            Console.err("\(error)")
            throw ExitCode(1)
        }
        do { try bundle.json.write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
            Console.err("\(out): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        Console.out("\(out): \(verdicts.count) addresses, \(bundle.objectCount) STIX objects\n")
    }
}
