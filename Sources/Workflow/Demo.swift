import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report
import Store

/// `botcensus demo`: the whole story on bundled evidence, no network. A trap's Postfix log and p0f log, and
/// a zgrab2 scan of the senders, go into a fresh case; the verdicts and the census print side by side.
public enum Demo {
    public static let files = ["postfix.log", "p0f.log", "zgrab2.jsonl"]

    /// Folder of the bundled evidence.
    public static func evidenceDirectory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "demo", withExtension: nil) else {
            throw DemoError(message: "bundled demo evidence is missing from the Workflow bundle")
        }
        return url
    }

    public struct DemoError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public struct Result: Sendable {
        public var casePath: String
        public var imports: [CaseImporter.FileResult]
        public var verdicts: [Verdict]
        public var census: Census
    }

    /// Builds the demo case at `casePath` (replacing one that is there) and analyses it.
    public static func run(casePath: String, warn: (String) -> Void) throws -> Result {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: casePath + suffix) }
        let store = try CaseStore(path: casePath)
        // The trap's logs are in UTC and from January 2026 (classic syslog carries no year).
        let options = CaseImporter.Options(importOptions: ImportOptions(year: 2026, localTime: .utc), joinEachFile: false)
        // Our own signatures only: the demo gives the same verdicts whatever else is installed.
        let importer = CaseImporter(store: store, identifier: Identifier(databases: [try SignatureDatabase.builtIn()]), options: options)
        let directory = try evidenceDirectory()
        let imports = try files.map { try importer.importFile(directory.appendingPathComponent($0).path, warn: warn) }
        try importer.joinSyns()
        let analysis = CaseAnalysis(store: store)
        let (verdicts, census) = try analysis.census()
        return Result(casePath: casePath, imports: imports, verdicts: verdicts, census: census)
    }

    /// `colour`: the verdict table coloured for a terminal (`TerminalColour.enabled`).
    public static func render(_ r: Result, colour: Bool = false) -> String {
        var out = "botcensus demo — a spam trap's logs and a scan of its senders\n\n"
        for i in r.imports {
            out += "imported \(URL(fileURLWithPath: i.path).lastPathComponent) as \(i.format): \(i.records) records from \(i.lines) lines\n"
        }
        out += "\nVerdicts (naive = what answered the scan, as the 2014 method counted it)\n\n"
        out += VerdictReport.table(r.verdicts, colour: colour)
        out += "\nCensus\n\n" + CensusReport.table(r.census)
        out += "\nThe case is kept at \(r.casePath): try `botcensus attribute --case \(r.casePath) --format jsonl`.\n"
        return out
    }
}
