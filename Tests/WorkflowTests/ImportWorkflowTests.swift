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

    /// Botnets open several connections a second from one address; smtpd processes log them apart. Each is an
    /// event, and a rotated log that repeats some of the same lines adds only the new ones.
    @Test func concurrentSessionsOfOneAddressAllCountAndRotatedOverlapsAddNothing() throws {
        let dir = temporaryDirectory()
        let (store, importer) = try importer(dir)
        let lines = [
            "Jan  6 03:00:00 mx1 postfix/smtpd[101]: connect from unknown[198.18.4.7]",
            "Jan  6 03:00:00 mx1 postfix/smtpd[102]: connect from unknown[198.18.4.7]",
            "Jan  6 03:00:00 mx1 postfix/smtpd[103]: connect from unknown[198.18.4.7]",
            "Jan  6 03:00:00 mx1 postfix/smtpd[101]: 4Q1A: client=unknown[198.18.4.7]",
            "Jan  6 03:00:00 mx1 postfix/smtpd[102]: 4Q1B: client=unknown[198.18.4.7]",
            "Jan  6 03:00:00 mx1 postfix/postscreen[90]: CONNECT from [198.18.4.7]:40001 to [192.0.2.1]:25",
            "Jan  6 03:00:00 mx1 postfix/postscreen[90]: CONNECT from [198.18.4.7]:40002 to [192.0.2.1]:25",
            "Jan  6 03:00:01 mx1 postfix/smtpd[101]: connect from unknown[198.18.4.7]",
        ]
        let first = dir.appendingPathComponent("maillog.1")
        try (lines.joined(separator: "\n") + "\n").write(to: first, atomically: true, encoding: .utf8)
        let a = try importer.importFile(first.path) { _ in }
        #expect(a.inserted == 8)
        // The next log starts with the last three lines again (rotation overlap), then two new connections.
        let second = dir.appendingPathComponent("maillog")
        let next = lines.suffix(3) + [
            "Jan  6 03:00:02 mx1 postfix/smtpd[104]: connect from unknown[198.18.4.7]",
            "Jan  6 03:00:02 mx1 postfix/smtpd[105]: connect from unknown[198.18.4.7]",
        ]
        try (next.joined(separator: "\n") + "\n").write(to: second, atomically: true, encoding: .utf8)
        let b = try importer.importFile(second.path) { _ in }
        #expect(b.records == 5 && b.inserted == 2)
        #expect(try store.totals().events == 10)
        var sessions: [String] = []
        try store.export(.events) { row in if let s = row["session"] as? String { sessions.append(s) } }
        #expect(sessions.filter { $0 == "mx1 postfix/smtpd[101]" }.count == 2)
        #expect(sessions.contains("40002"))
    }
}
