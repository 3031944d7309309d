import BotCensusCore
import Foundation
import GRDB

extension CaseStore {
    /// What the case holds, as far as an analysis depends on it: the imports (never changed once written,
    /// so their count and last id name the evidence), the last row of each evidence table (a running trap
    /// adds rows to its one import) and the analysis settings. Any import or trap write changes it.
    public func caseState(settings: String) throws -> String {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM imports), (SELECT coalesce(max(id), 0) FROM imports),
                       (SELECT coalesce(max(id), 0) FROM events), (SELECT coalesce(max(id), 0) FROM syns),
                       (SELECT coalesce(max(id), 0) FROM observations)
                """)
            let count: Int = row?[0] ?? 0, last: Int64 = row?[1] ?? 0
            let events: Int64 = row?[2] ?? 0, syns: Int64 = row?[3] ?? 0, observations: Int64 = row?[4] ?? 0
            return "botcensus \(BotCensusVersion.current); imports \(count) up to \(last); rows \(events)/\(syns)/\(observations); \(settings)"
        }
    }

    /// Whether the stored analysis was computed for `state`.
    public func hasAnalysis(state: String) throws -> Bool {
        try pool.read { db in try AnalysisRecord.fetchOne(db)?.state == state }
    }

    /// The stored verdicts and census when they were computed for `state`; nil when the case has changed since.
    public func storedAnalysis(state: String) throws -> (verdicts: [Verdict], census: Census?)? {
        guard let stored = try pool.read({ db in try AnalysisRecord.fetchOne(db) }), stored.state == state else { return nil }
        let censusText = stored.census
        var census: Census?
        if let censusText {
            do { census = try JSONDecoder().decode(Census.self, from: Data(censusText.utf8)) } catch {
                throw CorruptRow(table: "analysis", id: 1, reason: "stored census does not decode: \(error)")
            }
        }
        return (try verdicts(), census)
    }

    /// Replaces the verdicts and the census, stamped with the case state they were computed for, in one transaction.
    public func replaceAnalysis(verdicts: [Verdict], census: Census?, state: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let censusText = try census.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try pool.write { db in
            try writeVerdicts(verdicts, db: db)
            try AnalysisRecord(state: state, census: censusText, computedAt: Date().timeIntervalSince1970).save(db)
        }
    }
}
