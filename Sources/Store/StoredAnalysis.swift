import BotCensusCore
import Foundation
import GRDB

extension CaseStore {
    /// What the case holds, as far as an analysis depends on it: the imports (never changed once written,
    /// so their count and last id name the evidence), the last row of each evidence table (a running trap
    /// adds rows to its one import) and the analysis settings. Any import or trap write changes it.
    public func caseState(settings: String) throws -> String {
        let sql = """
            SELECT (SELECT count(*) FROM imports) AS imports, (SELECT coalesce(max(id), 0) FROM imports) AS last,
                   (SELECT coalesce(max(id), 0) FROM events) AS events, (SELECT coalesce(max(id), 0) FROM syns) AS syns,
                   (SELECT coalesce(max(id), 0) FROM observations) AS observations
            """
        func state(_ row: (some CaseRow)?) throws -> String {
            let count = try row?.int("imports") ?? 0, last = try row?.int64("last") ?? 0
            let events = try row?.int64("events") ?? 0, syns = try row?.int64("syns") ?? 0, observations = try row?.int64("observations") ?? 0
            return "botcensus \(BotCensusVersion.current); imports \(count) up to \(last); rows \(events)/\(syns)/\(observations); \(settings)"
        }
        if let pg = postgres { return try state(pg.one(sql)) }
        return try pool.read { db in try state(Row.fetchOne(db, sql: sql)) }
    }

    /// The stored analysis row: its state and census.
    private func storedAnalysisRow() throws -> (state: String, census: String?)? {
        if let pg = postgres {
            return try pg.one("SELECT state, census FROM analysis WHERE id = 1").map { (try $0.string("state") ?? "", try $0.string("census")) }
        }
        return try pool.read { db in try AnalysisRecord.fetchOne(db) }.map { ($0.state, $0.census) }
    }

    /// Whether the stored analysis was computed for `state`.
    public func hasAnalysis(state: String) throws -> Bool {
        try storedAnalysisRow()?.state == state
    }

    /// The stored verdicts and census when they were computed for `state`; nil when the case has changed since.
    public func storedAnalysis(state: String) throws -> (verdicts: [Verdict], census: Census?)? {
        guard let stored = try storedAnalysisRow(), stored.state == state else { return nil }
        return (try verdicts(), try Self.census(stored.census))
    }

    /// The stored census alone when it was computed for `state` (`census` prints no verdict: reading 100,000
    /// of them back took most of its time).
    public func storedCensus(state: String) throws -> Census? {
        guard let stored = try storedAnalysisRow(), stored.state == state else { return nil }
        return try Self.census(stored.census)
    }

    private static func census(_ text: String?) throws -> Census? {
        guard let text else { return nil }
        do { return try JSONDecoder().decode(Census.self, from: Data(text.utf8)) } catch {
            throw CorruptRow(table: "analysis", id: 1, reason: "stored census does not decode: \(error)")
        }
    }

    /// Replaces the verdicts and the census, stamped with the case state they were computed for. The census is
    /// counted on a thread of its own while this one writes the verdicts (the two were a fifth of an analysis
    /// each, one after the other); returns it.
    ///
    /// On SQLite the verdicts are committed first, with the old analysis row deleted, and the row with the
    /// census after: committing 130 MB of verdicts (and SQLite's checkpoint of them) then overlaps the count
    /// too. Between the two the case has no stored analysis, so a reader, or the next run after a crash there,
    /// computes it again rather than pairing these verdicts with another census.
    public func replaceAnalysis(verdicts: [Verdict], state: String,
                                countingMeanwhile count: @escaping @Sendable () -> Census) throws -> Census {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func text(_ census: Census) throws -> String { String(decoding: try encoder.encode(census), as: UTF8.self) }
        if let pg = postgres {
            return try pg.transaction {
                let (census, _) = try Concurrently.run(count, while: { try writeVerdicts(verdicts, pg: pg) })
                try pg.execute("DELETE FROM analysis")
                try pg.execute("INSERT INTO analysis (id, state, census, computed_at) VALUES (1, $1, $2, $3)",
                               [.text(state), .text(try text(census)), .double(Date().timeIntervalSince1970)])
                return census
            }
        }
        let (census, _) = try Concurrently.run(count, while: {
            try writeUnspilled { db in
                _ = try AnalysisRecord.deleteAll(db)
                try writeVerdicts(verdicts, db: db)
            }
        })
        let record = AnalysisRecord(state: state, census: try text(census), computedAt: Date().timeIntervalSince1970)
        try pool.write { db in try record.save(db) }
        return census
    }
}
