import ArgumentParser
import Report
import Store

/// `export TABLE` (the default) and `export stix`: one command name, two kinds of output.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print what the case holds (a table as JSON Lines or CSV), or write its verdicts as a STIX 2.1 bundle.",
        subcommands: [ExportTableCommand.self, ExportStixCommand.self],
        defaultSubcommand: ExportTableCommand.self
    )
}

enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

struct ExportTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print one table of the case: one JSON object per line, or RFC 4180 CSV (`export TABLE` says the same).",
        discussion: """
            CSV: a header of the JSON keys in the same order, CRLF line ends, null as an empty field, nested \
            arrays and objects as their JSON text; text is kept literal (no spreadsheet formula guard: docs/EXPORTS.md).
            """
    )

    @OptionGroup var caseOptions: CaseOptions

    @Argument(help: "events, observations, syns, clocks, identities or verdicts.")
    var table: String

    @Option(help: "jsonl or csv.")
    var format: ExportFormat = .jsonl

    func validate() throws {
        guard CaseStore.ExportTable(rawValue: table) != nil else {
            throw ValidationError("unknown table '\(table)'; one of: \(CaseStore.ExportTable.allCases.map(\.rawValue).joined(separator: ", ")), or stix")
        }
    }

    func run() throws {
        let store = try caseOptions.existing()
        let exportTable = CaseStore.ExportTable(rawValue: table)!
        switch format {
        case .jsonl:
            try store.export(exportTable, lines: { Console.stdout.write($0) })
        case .csv:
            var csv = JSONLineCSV(columns: exportTable.columns)
            Console.stdout.write(csv.header)
            do {
                try store.export(exportTable, lines: { line in try csv.convert(line) { Console.stdout.write($0) } })
            } catch let error as CSVExportError {
                Console.err("\(error)")
                throw ExitCode(1)
            }
        }
    }
}
