import Foundation

extension CaseStore {
    /// A PostgreSQL connection an import is staged on: the case's own, or a second one, so that one file is read
    /// while the one before it merges (`CaseImporter.importFiles`).
    public final class ImportLane: @unchecked Sendable {
        let pg: PostgresCase
        init(pg: PostgresCase) { self.pg = pg }
    }

    /// A file read and its rows staged in a transaction of its own lane, not yet in the case: `finishImport`
    /// merges and commits it.
    public final class StagedImport: @unchecked Sendable {
        let path: String
        let counts: ImportCounts
        let pg: PostgresCase
        let writer: ImportWriter
        init(path: String, counts: ImportCounts, pg: PostgresCase, writer: ImportWriter) {
            self.path = path; self.counts = counts; self.pg = pg; self.writer = writer
        }
    }

    /// Two lanes on PostgreSQL (the case's connection and a new one); nil on SQLite, whose one writer reads and
    /// writes a file at once.
    public func importLanes() throws -> [ImportLane]? {
        guard let pg = postgres else { return nil }
        return [ImportLane(pg: pg), ImportLane(pg: try PostgresCase(pg.address))]
    }

    /// Begins an import's transaction on `lane` and stages the file's rows (`body`, as in `importFile`). Nothing
    /// of the case's tables is read or locked yet: it may run while another lane's import merges. A thrown error
    /// rolls the transaction back.
    public func stageImport(path: String, on lane: ImportLane, joinWindow: Double?, _ body: (ImportWriter) throws -> ImportCounts) throws -> StagedImport {
        let pg = lane.pg
        try pg.begin()
        do {
            try pg.execute(PostgresCase.bulkWorkMemory)
            let writer = ImportWriter(staging: try PostgresStaging(pg: pg, joinWindow: joinWindow))
            let counts = try body(writer)
            try writer.flushStaged()
            return StagedImport(path: path, counts: counts, pg: pg, writer: writer)
        } catch {
            pg.rollback()
            throw error
        }
    }

    /// Merges a staged import into the case and commits it, or rolls it back (its content is in the case
    /// already: `AlreadyImported`; any other error). Returns how many records were new. Imports are finished
    /// in the order they were staged, one at a time.
    public func finishImport(_ staged: StagedImport) throws -> Int {
        let pg = staged.pg, counts = staged.counts
        do {
            if let previous = try pg.one("SELECT path, imported_at FROM imports WHERE sha256 = $1", [.text(counts.sha256)]) {
                throw AlreadyImported(path: staged.path, previousPath: try previous.string("path") ?? "", importedAt: try previous.double("imported_at") ?? 0)
            }
            guard let importID = try pg.one("""
                INSERT INTO imports (path, sha256, format, imported_at, lines, records, inserted, bad_lines)
                VALUES ($1, $2, $3, $4, $5, $6, 0, $7) RETURNING id
                """, [.text(staged.path), .text(counts.sha256), .text(counts.format), .double(Date().timeIntervalSince1970), .int(counts.lines),
                      .int(counts.records), .int(counts.badLines)])?.int64("id") else {
                throw CorruptRow(table: "imports", id: 0, reason: "insert gave no row id")
            }
            try staged.writer.mergeStaged(importID: importID)
            try pg.execute("UPDATE imports SET inserted = $1 WHERE id = $2", [.int(staged.writer.inserted), .int(Int(importID))])
            try pg.commit()
            return staged.writer.inserted
        } catch {
            pg.rollback()
            throw error
        }
    }
}
