// Fixture paths, scratch folders and running the built binary come from the shared testing target.
@_exported import BotCensusTesting
import Analysis
import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Report
import Simulation
import Store
import Testing
import Workflow

/// The cases the report tests render: the bundled demo, and a small simulated world with its truth.
enum ReportCases {
    /// The demo case (built once per test run).
    static let demo: Result<CaseStore, Error> = Result {
        let path = temporaryDirectory("report-demo").appendingPathComponent("demo.db").path
        _ = try Demo.run(casePath: path) { _ in }
        return try CaseStore(path: path, mode: .existing)
    }

    /// thingbot-small, seed 3: the evidence an investigator has (trap logs, SYN captures, the scan) in a case,
    /// and the world's truth (built once per test run).
    static let world: Result<(store: CaseStore, truth: TruthWorld, truthPath: String), Error> = Result {
        let dir = temporaryDirectory("report-world")
        let out = dir.appendingPathComponent("world").path
        let scenario = try Scenario.load(path: packageRoot.appendingPathComponent("scenarios/thingbot-small.json").path)
        _ = try Simulator.run(scenario: scenario, seed: 3, outDir: out, messageTruth: false)
        let store = try CaseStore(path: dir.appendingPathComponent("world.db").path)
        let options = CaseImporter.Options(importOptions: ImportOptions(year: 2026, localTime: .utc))
        let importer = CaseImporter(store: store, identifier: Identifier(databases: [try SignatureDatabase.builtIn()]), options: options)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
            .filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0 == "scan.zgrab2.jsonl" }
        for f in files { _ = try importer.importFile("\(out)/\(f)") { _ in } }
        let truthPath = "\(out)/truth.json"
        return (store, try CaseEvaluation.readTruth(path: truthPath), truthPath)
    }

    /// A fixed report time, so two renders of one case give the same bytes.
    static let reportTime = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01T00:00:00Z
}

/// Where the tests keep what a person may want to look at (screenshots, the rendered pages):
/// `BOTCENSUS_ARTIFACTS`, else `.build-artifacts/report-tests` in the package (git-ignored).
enum Artifacts {
    static let folder: URL = {
        let env = ProcessInfo.processInfo.environment["BOTCENSUS_ARTIFACTS"]
        let url = env.map { URL(fileURLWithPath: $0) } ?? packageRoot.appendingPathComponent(".build-artifacts/report-tests")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        print("report test artefacts: \(url.path)")
        return url
    }()

    static func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
}

extension CaseReportInput {
    /// The page as text.
    var html: String { ReportPage.html(self) }
}

/// Whether `page` holds `needle`, reported without printing the whole page on failure.
func expectText(_ page: String, _ needle: String, _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let found = page.contains(needle)
    #expect(found, "missing \(what.isEmpty ? "" : what + ": ")\(needle)", sourceLocation: sourceLocation)
}

/// Whether `page` is free of `needle`, reported without printing the whole page.
func expectNoText(_ page: String, _ needle: String, _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let found = page.contains(needle)
    #expect(!found, "present \(what.isEmpty ? "" : what + ": ")\(needle)", sourceLocation: sourceLocation)
}

/// How many times `needle` occurs in `page`.
func occurrences(_ needle: String, in page: String) -> Int { page.components(separatedBy: needle).count - 1 }
