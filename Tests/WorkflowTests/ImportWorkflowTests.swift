import BotCensusCore
import Fingerprint
import Foundation
import Ingest
import Store
import Testing
@testable import Workflow

@Suite struct ImportWorkflowTests {
    func importer(_ dir: URL, strict: Bool = false) throws -> (CaseStore, CaseImporter) {
        let store = try CaseStore(path: dir.appendingPathComponent("case.db").path)
        let options = CaseImporter.Options(importOptions: ImportOptions(year: 2025, localTime: .utc), strict: strict)
        return (store, CaseImporter(store: store, identifier: Identifier(databases: [try SignatureDatabase.builtIn()]), options: options))
    }

    @Test func importingTheSameFileTwiceAddsNothing() throws {
        let dir = temporaryDirectory()
        let (store, importer) = try importer(dir)
        var warnings: [String] = []
        let first = try importer.importFile(fixture("postfix-classic.log")) { warnings.append($0) }
        #expect(first.inserted == 8 && first.badLines == 3 && !first.alreadyImported)
        #expect(warnings.count == 3 && warnings[0].contains("postfix-classic.log:14:"))
        let before = try store.totals()
        // Same content under another name.
        let copy = dir.appendingPathComponent("renamed.log")
        try FileManager.default.copyItem(atPath: fixture("postfix-classic.log"), toPath: copy.path)
        let second = try importer.importFile(copy.path) { warnings.append($0) }
        #expect(second.alreadyImported && second.inserted == 0)
        #expect(warnings.last?.contains("already imported") == true)
        #expect(try store.totals() == before)
    }

    @Test func strictImportOfABadFileLeavesTheCaseUnchanged() throws {
        let dir = temporaryDirectory()
        let (store, _) = try importer(dir)
        let (_, strictImporter) = try importer(dir, strict: true)
        _ = try CaseImporter(store: store, identifier: Identifier(databases: [try SignatureDatabase.builtIn()]), options: .init(importOptions: .init(localTime: .utc)))
            .importFile(fixture("p0f.log")) { _ in }
        let before = try store.totals()
        #expect(throws: ImportDriver.BadLine.self) { try strictImporter.importFile(fixture("zgrab2.jsonl")) { _ in } }
        #expect(try store.totals() == before)
    }

    @Test func observationsAreFingerprintedOnImport() throws {
        let dir = temporaryDirectory()
        let (store, importer) = try importer(dir)
        _ = try importer.importFile(fixture("zgrab2.jsonl")) { _ in }
        var identities: [String: String] = [:]
        try store.export(.identities) { row in identities["\(row["ip"]!):\(row["port"]!)"] = row["class"] as? String }
        #expect(identities["203.0.113.80:80"] == "router")      // FRITZ!Box title
        #expect(identities["198.51.100.60:22"] == "server")     // OpenSSH Ubuntu
        #expect(identities["203.0.113.150:443"] == "nas")       // Synology certificate
    }
}
