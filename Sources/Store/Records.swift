import BotCensusCore
import Foundation
import GRDB

// GRDB record types of the case's low-volume tables: one row per imported file, per verdict, the stored
// analysis. The million-row paths (events, SYNs, clock samples on import; export) bind and read columns
// through SQLite's own calls instead (RawInsert, RawRows): a record per row costs more than SQLite does.

/// One imported file (`imports`): its content hash makes a second import of the same bytes add nothing.
struct ImportRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "imports"
    var id: Int64?
    var path: String
    var sha256: String
    var format: String
    var importedAt: Double
    var lines: Int
    var records: Int
    var inserted: Int
    var badLines: Int

    enum CodingKeys: String, CodingKey {
        case id, path, sha256, format, lines, records, inserted
        case importedAt = "imported_at", badLines = "bad_lines"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One stored verdict (`verdicts`): the contract's JSON and the columns a reader filters by.
struct VerdictRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "verdicts"
    var ip: String
    var verdict: String
    var naiveClass: String
    var senderClass: String
    var confidence: Double
    var json: String
    var computedAt: Double

    enum CodingKeys: String, CodingKey {
        case ip, verdict, confidence, json
        case naiveClass = "naive_class", senderClass = "sender_class", computedAt = "computed_at"
    }

    init(_ v: Verdict, json: String, at time: Double) {
        ip = v.ip.description; verdict = v.verdict.rawValue; naiveClass = v.naiveClass.rawValue
        senderClass = v.senderClass.rawValue; confidence = v.confidence; self.json = json; computedAt = time
    }
}

/// The stored analysis (`analysis`, one row): the census and the case state it and the verdicts were computed for.
struct AnalysisRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "analysis"
    var id: Int64 = 1
    var state: String
    var census: String?
    var computedAt: Double

    enum CodingKeys: String, CodingKey { case id, state, census, computedAt = "computed_at" }
}
