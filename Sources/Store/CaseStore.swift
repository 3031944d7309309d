import BotCensusCore
import Foundation
import GRDB

/// The case store: one SQLite file per case, in WAL mode so readers run beside the one writer, or a
/// PostgreSQL database (`postgresql://…`, Postgres/) for many writers and readers on several machines.
/// Every import is one transaction: a file that fails leaves the case exactly as it was.
public final class CaseStore: Sendable {
    public let path: String
    let backend: Backend

    enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresCase)
    }

    /// What a PostgreSQL case cannot do yet, in one line naming the case.
    public struct NotOnPostgres: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path): this command does not yet work on a PostgreSQL case; `botcensus case copy` it to an SQLite file first" }
    }

    /// The SQLite pool; a PostgreSQL case refuses the functions not yet written for it.
    var pool: DatabasePool {
        get throws {
            switch backend {
            case .sqlite(let pool): return pool
            case .postgres: throw NotOnPostgres(path: path)
            }
        }
    }

    /// The PostgreSQL connection, when the case is there.
    var postgres: PostgresCase? { if case .postgres(let pg) = backend { pg } else { nil } }

    /// Whether opening may create the case: importing does; reading commands never do (a mistyped
    /// `--case` must not answer with an empty case). `readOnly` (the web view) opens SQLite read-only and
    /// migrates nothing: no request can change the case, and a case an older botcensus wrote is refused.
    public enum OpenMode: Sendable { case createIfMissing, existing, readOnly }

    /// Why a case cannot be opened, in one line naming the path.
    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public init(path: String, mode: OpenMode = .createIfMissing) throws {
        if case .postgres(let address) = try CaseLocation(path) {
            self.path = address.description
            let pg = try PostgresCase(address)
            try PostgresSchema.prepare(pg, create: mode == .createIfMissing, migrate: mode != .readOnly)
            // The web view's open: the server itself refuses every write of this session.
            if mode == .readOnly { try pg.setForSession("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }
            else { try PostgresSchema.restoreEventIndexes(pg) }
            backend = .postgres(pg)
            return
        }
        self.path = path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw OpenError(path: path, reason: "is a folder, not a case file") }
        } else {
            if mode != .createIfMissing {
                throw OpenError(path: path, reason: "no such case (import evidence into it first, or name another with --case)")
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
                throw OpenError(path: path, reason: "cannot create the case: folder '\(folder)' does not exist")
            }
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.readonly = mode == .readOnly
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            backend = .sqlite(pool)
            if mode == .readOnly {
                guard try pool.read({ try Schema.migrator.hasCompletedMigrations($0) }) else {
                    throw OpenError(path: path, reason: "the case was written by an older botcensus: run `botcensus attribute --case \(path)` once to bring it up to date")
                }
            } else {
                try Schema.migrator.migrate(pool)
                try CaseStore.restoreEventsByIP(pool)
            }
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                throw OpenError(path: path, reason: "not a botcensus case (\(error.message ?? "not an SQLite database"))")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
                throw OpenError(path: path, reason: "cannot open the case (\(error.message ?? "permission denied"))")
            default:
                throw OpenError(path: path, reason: "cannot open the case: \(error.message ?? "\(error)")")
            }
        }
    }

    /// Raised inside an import whose file content is already in the case: the transaction rolls back.
    public struct AlreadyImported: Error, CustomStringConvertible {
        public var path: String
        public var previousPath: String
        public var importedAt: Timestamp
        public var description: String {
            "\(path): already imported (as \(previousPath) at \(TimeFormat.rfc3339(importedAt))); nothing added"
        }
    }

    public struct ImportCounts: Sendable {
        public var format: String
        public var lines: Int
        public var records: Int
        public var badLines: Int
        public var sha256: String
        public init(format: String, lines: Int, records: Int, badLines: Int, sha256: String) {
            self.format = format; self.lines = lines; self.records = records; self.badLines = badLines; self.sha256 = sha256
        }
    }

    /// Page cache of the writer during an import (KiB), for a case of `caseBytes` taking a file of `fileBytes`:
    /// a quarter of the two, from 16 MiB to 512 MiB (SQLite takes the pages as it touches them). A file's import
    /// is one transaction. Rows that land at random places of a unique key, as SYNs keyed by address do, spilled
    /// the key's pages to the WAL and read them back from it once the key outgrew a 16 MiB cache. Events are
    /// keyed by their second and append. So the case's size sets the cache of every import, and a file's first
    /// SYN raises it to count the file too (`ImportWriter`).
    ///
    /// Measured with `botcensus import` of ThingBot, 2026-12-07, file by file at 3x, 16 MiB then 512 MiB:
    /// captures 22.3 → 14.9 s and 14.2 → 9.1 s, logs 25.0 → 23.4 s and 20.0 → 17.7 s. A 2 GB log into a new
    /// case gained nothing from a large cache and held 1 GB (`make bench-ingest`). All files at once, 16 MiB
    /// then this: 10x 367.8 → 276.3 s (1,134 MiB peak), 3x 76.0 → 64.1 s.
    static func importCacheKiB(caseBytes: Int, fileBytes: Int) -> Int {
        min(512 * 1024, max(16 * 1024, (caseBytes + fileBytes) / 4 / 1024))
    }

    /// Bytes of the file at `path`, nil when its size cannot be read (a file gone).
    public static func fileSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }

    /// Runs `body` in one write transaction with a writer for the file at `path`. `body` streams the
    /// records and returns the file's counts and hash; a thrown error, or a hash the case already holds,
    /// rolls everything back. Returns how many records were new. `joinWindow` (PostgreSQL): the events are
    /// written joined to the nearest SYN the case holds within that many seconds (SQLite's join comes after).
    public func importFile(path: String, joinWindow: Double? = nil, _ body: (ImportWriter) throws -> ImportCounts) throws -> Int {
        if let pg = postgres { return try importFile(path: path, pg: pg, joinWindow: joinWindow, body) }
        return try pool.write { db in
            var record = ImportRecord(path: path, sha256: "pending:\(UUID().uuidString)", format: "",
                                      importedAt: Date().timeIntervalSince1970, lines: 0, records: 0, inserted: 0, badLines: 0)
            try record.insert(db)
            guard let importID = record.id else { throw CorruptRow(table: "imports", id: 0, reason: "insert gave no row id") }
            // A large file's index pages stay in memory instead of going back and forth to the WAL.
            let caseBytes = (Self.fileSize(self.path) ?? 0) + (Self.fileSize(self.path + "-wal") ?? 0)
            try db.execute(sql: "PRAGMA cache_size = -\(CaseStore.importCacheKiB(caseBytes: caseBytes, fileBytes: 0))")
            let writer = ImportWriter(db: db, importID: importID,
                                      synCacheKiB: CaseStore.importCacheKiB(caseBytes: caseBytes, fileBytes: Self.fileSize(path) ?? 0))
            let counts = try body(writer)
            if let previous = try ImportRecord.filter(Column("sha256") == counts.sha256).fetchOne(db) {
                throw AlreadyImported(path: path, previousPath: previous.path, importedAt: previous.importedAt)
            }
            record.sha256 = counts.sha256; record.format = counts.format; record.lines = counts.lines
            record.records = counts.records; record.inserted = writer.inserted; record.badLines = counts.badLines
            try record.update(db)
            return writer.inserted
        }
    }

    /// The same into PostgreSQL: the records are staged through COPY and merged at the end.
    private func importFile(path: String, pg: PostgresCase, joinWindow: Double?, _ body: (ImportWriter) throws -> ImportCounts) throws -> Int {
        try finishImport(stageImport(path: path, on: ImportLane(pg: pg), joinWindow: joinWindow, body))
    }

    /// Joins each spam event to the SYN of the same address nearest in time within `window` seconds.
    /// Events joined before keep their SYN; new SYNs or events join on the next import.
    public func joinSyns(window: Double) throws -> Int {
        if let pg = postgres {
            return try pg.transaction {
                try pg.execute(PostgresCase.bulkWorkMemory)
                try pg.execute("""
                    WITH best AS (
                        SELECT DISTINCT ON (e.id) e.id AS event_id, s.id AS syn_id
                        FROM events e JOIN syns s ON s.ip = e.ip AND s.time BETWEEN e.time - $1 AND e.time + $1
                        WHERE e.syn_id IS NULL ORDER BY e.id, abs(s.time - e.time), s.id)
                    UPDATE events SET syn_id = best.syn_id FROM best WHERE events.id = best.event_id
                    """, [.double(window)])
                return try pg.one("SELECT count(*) AS n FROM events WHERE syn_id IS NOT NULL")?.int("n") ?? 0
            }
        }
        // Every syn_id written is an id just read from syns in the same write transaction, so SQLite's check of
        // the reference per updated row (a third of the join's time) proves nothing; the pragma holds only when
        // set outside a transaction.
        return try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var joined = 0
            try db.inTransaction(.immediate) {
                joined = try Self.joinSyns(db, window: window)
                return .commit
            }
            return joined
        }
    }

    public struct Totals: Sendable, Equatable {
        public var imports: Int
        public var events: Int
        public var syns: Int
        public var observations: Int
        public var identities: Int
        public var verdicts: Int
    }

    public func totals() throws -> Totals {
        if let pg = postgres {
            func count(_ table: String) throws -> Int { try pg.one("SELECT count(*) AS n FROM \(table)")?.int("n") ?? 0 }
            return Totals(imports: try count("imports"), events: try count("events"), syns: try count("syns"),
                          observations: try count("observations"), identities: try count("identities"), verdicts: try count("verdicts"))
        }
        return try pool.read { db in
            func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
            return Totals(imports: try count("imports"), events: try count("events"), syns: try count("syns"),
                          observations: try count("observations"), identities: try count("identities"), verdicts: try count("verdicts"))
        }
    }
}
