import BotCensusCore
import Fingerprint
import Foundation
import GRDB
import Ingest
import Store
import Testing
@testable import Workflow

/// attribute, census and evaluate share one stored analysis per case state; an import invalidates it.
@Suite struct StoredAnalysisTests {
    func computedAt(_ store: CaseStore) throws -> Double? {
        let path = store.path
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in try Double.fetchOne(db, sql: "SELECT computed_at FROM analysis WHERE id = 1") }
    }

    /// A new case with the classic Postfix log imported, and its importer for more.
    func classicCase() throws -> (CaseStore, CaseImporter) {
        let dir = temporaryDirectory()
        let store = try CaseStore(path: dir.appendingPathComponent("case.db").path)
        let importer = CaseImporter(store: store, identifier: Identifier(databases: [try SignatureDatabase.builtIn()]),
                                    options: .init(importOptions: ImportOptions(year: 2025, localTime: .utc)))
        _ = try importer.importFile(fixture("postfix-classic.log")) { _ in }
        return (store, importer)
    }

    @Test func analysisIsStoredReusedAndInvalidatedByAnImport() throws {
        let (store, importer) = try classicCase()

        let first = try CaseAnalysis(store: store).census()
        #expect(first.verdicts.count == 3)
        let stamp = try #require(try computedAt(store))

        // Same case: read back, not recomputed; the same verdicts and census.
        let again = try CaseAnalysis(store: store).census()
        #expect(try computedAt(store) == stamp)
        #expect(again.verdicts == first.verdicts && again.census == first.census)
        #expect(try CaseAnalysis(store: store).attribute() == first.verdicts)

        // Other settings are another analysis.
        _ = try CaseAnalysis(store: store, fitPrior: false).census()
        #expect(try computedAt(store) != stamp)

        // An import changes the case: the next reader recomputes.
        _ = try CaseAnalysis(store: store).census()
        let before = try #require(try computedAt(store))
        _ = try importer.importFile(fixture("postfix-rfc3339.log")) { _ in }
        let after = try CaseAnalysis(store: store).census()
        #expect(try computedAt(store) != before)
        let events = { (vs: [Verdict]) in vs.reduce(0) { $0 + $1.messages + $1.connections } }
        #expect(events(after.verdicts) > events(first.verdicts), "the events imported since count in the new verdicts")
        #expect(after.verdicts == (try CaseAnalysis(store: store, reuseStored: false).census().verdicts))
    }

    /// The verdicts are committed before the census row (so their commit overlaps the count): a case left
    /// between the two, as by a crash there, holds verdicts and no analysis row, and the next reader computes
    /// it again instead of reading those verdicts back.
    @Test func verdictsWithoutTheirCensusRowAreComputedAgain() throws {
        let (store, _) = try classicCase()
        let first = try CaseAnalysis(store: store).census()
        let settings = "fit true sample 4000"
        #expect(try store.hasAnalysis(state: try store.caseState(settings: settings)))

        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM analysis")
            try db.execute(sql: "UPDATE verdicts SET sender_class = 'dvr', json = replace(json, '\"verdict\"', '\"verdict_was\"')")
        }
        #expect(!(try store.hasAnalysis(state: try store.caseState(settings: settings))))
        let again = try CaseAnalysis(store: store).census()
        #expect(again.verdicts == first.verdicts && again.census == first.census)
        #expect(try computedAt(store) != nil, "the analysis row is written again")
        #expect(try store.hasAnalysis(state: try store.caseState(settings: settings)))
    }
}
