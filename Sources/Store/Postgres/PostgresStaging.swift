/// One import into a PostgreSQL case: records stream through COPY into temporary tables of the import's
/// transaction (a table's rows that stay under `StagedRows.smallBytes` go as one JSON parameter instead:
/// `probe --follow`'s batches, which a database restart must not turn into a crash), then one INSERT … SELECT
/// per table adds those the case does not hold yet (the tables' unique keys decide, as INSERT OR IGNORE does
/// in SQLite; a large batch with the keys built after, `mergeTable`), events joined to their SYNs as they go in
/// when the import asks (`joinWindow`). Rows keep the file's order; `merge` returns how many were new.
final class PostgresStaging {
    private let pg: PostgresCase
    private var buffers: [String: StagedRows] = [:]

    static let columns: [String: [String]] = [
        "events": ["seq", "dedup", "ip", "time", "kind", "queue_id", "session", "ordinal", "hostname", "helo", "campaign", "message_id",
                   "subject", "mailer", "sent_at", "line", "syn_id"],
        "syns": ["seq", "ip", "sport", "dst", "dport", "time", "os_label", "dist", "params", "raw_sig", "ipid", "ts_val", "line"],
        "tcp_clock": ["seq", "ip", "sport", "dst", "dport", "time", "ts_val"],
        "observations": ["seq", "ip", "port", "time", "protocol", "fields", "line"],
        "identities": ["seq", "class", "vendor", "product", "version", "os", "signature", "database", "field"],
    ]

    /// Seconds within which an event is written joined to the case's nearest SYN of its address (nil: not joined here).
    private let joinWindow: Double?

    /// Columns of the staging tables that are not text (`seq` keeps the file's order).
    private static let integers: Set = ["seq", "dedup", "ordinal", "line", "syn_id", "sport", "dport", "dist", "ipid", "ts_val", "port"]
    private static let doubles: Set = ["time", "sent_at"]

    /// The staging tables name the case's column types themselves rather than copying them from its tables:
    /// reading a table's definition would wait for another import's merge that holds it (`CaseStore.stageImport`).
    init(pg: PostgresCase, joinWindow: Double? = nil) throws {
        self.pg = pg
        self.joinWindow = joinWindow
        for (table, columns) in Self.columns {
            let typed = columns.map { "\"\($0)\" " + (Self.integers.contains($0) ? "bigint" : Self.doubles.contains($0) ? "double precision" : "text") }
            try pg.execute("CREATE TEMP TABLE stage_\(table) (\(typed.joined(separator: ", "))) ON COMMIT DROP")
        }
    }

    private var seqs: [String: Int] = [:]

    /// Appends one row to `table`'s buffer: `fill` writes the columns after `seq` (the row's place in the
    /// file; an identity's is its observation's).
    func row(_ table: String, seq given: Int? = nil, _ fill: (inout StagedRows) -> Void) throws {
        let seq = given ?? seqs[table, default: 0] + 1
        seqs[table] = seq
        // In place (the dictionary's modify accessor): a copy of the buffer per row would be quadratic.
        if buffers[table] == nil { buffers[table] = StagedRows(columns: Self.columns[table]!) }
        buffers[table]!.int(seq)
        fill(&buffers[table]!)
        buffers[table]!.endRow()
        if buffers[table]!.copy.count >= CopyText.batchBytes { try flush(table) }
    }

    /// An observation's row; returns its `seq`, which its identity row names.
    func observation(_ fill: (inout StagedRows) -> Void) throws -> Int {
        try row("observations", fill)
        return seqs["observations"]!
    }

    private func flush(_ table: String) throws {
        guard let rows = buffers[table], rows.copy.count > 0 else { return }
        if let json = rows.json {
            try pg.execute("INSERT INTO stage_\(table) SELECT * FROM json_populate_recordset(NULL::stage_\(table), $1::json)", [.text(json.text)])
        } else {
            try pg.copy(into: "stage_\(table)", columns: Self.columns[table]!, data: rows.copy.bytes)
        }
        buffers[table]?.sent()
    }

    /// Sends what the buffers still hold (before the merge waits for its turn).
    func flush() throws {
        for table in Self.columns.keys { try flush(table) }
    }

    /// Adds the staged rows the case does not hold yet, as import `importID`'s; returns how many were new.
    func merge(importID: Int64) throws -> Int {
        try flush()
        var inserted = 0
        for table in ["syns", "tcp_clock", "events", "observations"] {
            inserted += try mergeTable(table, importID: importID)
        }
        // Identities of the observations this import added (found again by their unique key).
        let identityColumns = CopyText.columnList(Self.columns["identities"]!.dropFirst(), prefix: "i.")
        let identityNames = CopyText.columnList(Self.columns["identities"]!.dropFirst())
        try pg.execute("""
            INSERT INTO identities (observation_id, \(identityNames))
            SELECT o.id, \(identityColumns) FROM stage_identities i
            JOIN stage_observations s ON s.seq = i.seq
            JOIN observations o ON o.ip = s.ip AND o.port = s.port AND o.time = s.time AND o.protocol = s.protocol
            WHERE o.import_id = \(importID)
            """)
        return inserted
    }

    /// Staged rows at which a merge drops the table's keys, adds the rows, and builds the keys again: when the
    /// rows are at least a quarter of what the table will hold (a row kept up in every key costs about five
    /// times its share of a sorted build).
    static let bulkRows = 10_000

    /// One table's staged rows into the case, in the file's order. A large batch goes in with the table's keys
    /// dropped (`PostgresTableKeys`), inside a savepoint: a duplicate then fails the keys' build, and the batch
    /// goes again row by row (`ON CONFLICT DO NOTHING`), which skips it as before.
    private func mergeTable(_ table: String, importID: Int64) throws -> Int {
        let staged = seqs[table, default: 0]
        guard staged > 0 else { return 0 }
        let columns = CopyText.columnList(Self.columns[table]!.dropFirst())
        var values = CopyText.columnList(Self.columns[table]!.dropFirst(), prefix: "r.")
        var join = ""
        if table == "events", let joinWindow {
            // Planned from statistics, the join memoizes an address's SYNs and takes an index scan (ThingBot: 4.3 s
            // for the events, 6.0 s planned blind just after a load, before autovacuum has looked).
            if staged >= Self.bulkRows { try pg.executeScript("ANALYZE syns; ANALYZE stage_events") }
            // The nearest SYN of the address, the earlier id on a tie: as `CaseStore.joinSyns` chooses.
            values = values.replacingOccurrences(of: "r.\"syn_id\"", with: "coalesce(r.syn_id, nearest.id)")
            join = """
                LEFT JOIN LATERAL (SELECT s.id FROM syns s WHERE s.ip = r.ip AND s.time BETWEEN r.time - \(joinWindow) AND r.time + \(joinWindow)
                                   ORDER BY abs(s.time - r.time), s.id LIMIT 1) nearest ON true
                """
        }
        // `idsAfter`: the rows take the ids after it, in the file's order (a row's `seq` counts from 1), and the
        // table's sequence is moved past them only once they are in; with the table's unique keys dropped, nothing
        // can conflict (`ON CONFLICT` would make each row a speculative insertion: ThingBot's first log, 3.2 against
        // 1.5 s). nil: the sequence gives the ids, and the keys skip what the case holds (a skipped row takes an id too).
        func insert(idsAfter base: Int?) -> String {
            guard let base else {
                return """
                    INSERT INTO \(table) (\(columns), import_id) SELECT \(values), \(importID) FROM stage_\(table) r \(join)
                    ORDER BY r.seq ON CONFLICT DO NOTHING
                    """
            }
            return """
                INSERT INTO \(table) (id, \(columns), import_id) SELECT \(base) + r.seq, \(values), \(importID) FROM stage_\(table) r \(join)
                ORDER BY r.seq
                """
        }
        if staged >= Self.bulkRows {
            let present = try pg.one("SELECT count(*) AS n FROM \(table)")?.int("n") ?? 0
            if staged * 3 >= present {
                try pg.execute("SAVEPOINT bulk_merge")
                do {
                    let keys = try PostgresTableKeys(table, pg: pg)
                    try pg.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    // The table is ours until the import commits (dropping its keys would lock it too): no one else
                    // takes its ids meanwhile, and readers wait rather than see it without its keys.
                    try pg.execute("LOCK TABLE \(table) IN ACCESS EXCLUSIVE MODE")
                    try keys.drop(pg)
                    let sequence = try pg.one("SELECT pg_get_serial_sequence('\(table)', 'id') AS name")?.string("name") ?? ""
                    let position = try pg.one("SELECT last_value, is_called FROM \(sequence)")
                    let last = try position?.int("last_value") ?? 0, called = try position?["is_called"].decode(Bool.self) ?? false
                    let base = called ? last : last - 1
                    let added = try pg.execute(insert(idsAfter: base))
                    try keys.build(pg)
                    if added > 0 { try pg.execute("SELECT setval('\(sequence)', \(base + added))") }
                    try pg.execute("RELEASE SAVEPOINT bulk_merge")
                    return added
                } catch {
                    // A duplicate among the rows (or of the case's): as before, row by row; the ids were not taken.
                    try pg.execute("ROLLBACK TO SAVEPOINT bulk_merge")
                }
            }
        }
        return try pg.execute(insert(idsAfter: nil))
    }
}

/// One staging table's rows in COPY's text and, while they are few, as JSON too: an import's large tables go by
/// COPY (the bulk path), a small one's by one ordinary statement, which fails and is tried again when the
/// server goes away (a COPY then ends the process inside PostgresNIO). Once a table's rows pass `smallBytes`
/// they are COPY's alone, for the rest of the import.
struct StagedRows {
    static let smallBytes = 256 << 10
    private(set) var copy = CopyText()
    private(set) var json: JSONRecordSet?

    init(columns: [String]) { json = JSONRecordSet(columns: columns) }

    mutating func text(_ value: String?) { copy.text(value); json?.text(value) }
    mutating func int(_ value: Int?) { copy.int(value); json?.int(value) }
    mutating func double(_ value: Double?) { copy.double(value); json?.double(value) }
    mutating func endRow() {
        copy.endRow()
        json?.endRow()
        if copy.count >= Self.smallBytes { json = nil }
    }
    /// Emptied after a batch went to the server.
    mutating func sent() { copy.reset(); json?.reset() }
}
