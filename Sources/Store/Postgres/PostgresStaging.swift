/// One import into a PostgreSQL case: records stream through COPY into temporary tables of the import's
/// transaction (a table's rows that stay under `StagedRows.smallBytes` go as one JSON parameter instead:
/// `probe --follow`'s batches, which a database restart must not turn into a crash), then one INSERT … SELECT
/// per table adds those the case does not hold yet (the tables' unique keys decide, as INSERT OR IGNORE does
/// in SQLite). Rows keep the file's order; `merge` returns how many were new.
final class PostgresStaging {
    private let pg: PostgresCase
    private let importID: Int64
    private var buffers: [String: StagedRows] = [:]

    static let columns: [String: [String]] = [
        "events": ["seq", "dedup", "ip", "time", "kind", "queue_id", "session", "ordinal", "hostname", "helo", "campaign", "message_id",
                   "subject", "mailer", "sent_at", "line", "syn_id"],
        "syns": ["seq", "ip", "sport", "dst", "dport", "time", "os_label", "dist", "params", "raw_sig", "ipid", "ts_val", "line"],
        "tcp_clock": ["seq", "ip", "sport", "dst", "dport", "time", "ts_val"],
        "observations": ["seq", "ip", "port", "time", "protocol", "fields", "line"],
        "identities": ["seq", "class", "vendor", "product", "version", "os", "signature", "database", "field"],
    ]

    init(pg: PostgresCase, importID: Int64) throws {
        self.pg = pg
        self.importID = importID
        for (table, columns) in Self.columns {
            // The case table's column types, without its keys; `seq` keeps the file's order.
            let kept = CopyText.columnList(columns.dropFirst())
            try pg.execute("CREATE TEMP TABLE stage_\(table) ON COMMIT DROP AS SELECT 0::bigint AS seq, \(kept) FROM \(table) WITH NO DATA")
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

    /// Adds the staged rows the case does not hold yet; returns how many were new.
    func merge() throws -> Int {
        for table in Self.columns.keys { try flush(table) }
        let id = "\(importID)"
        var inserted = 0
        for table in ["syns", "tcp_clock", "events", "observations"] {
            let columns = CopyText.columnList(Self.columns[table]!.dropFirst())
            inserted += try pg.execute("""
                INSERT INTO \(table) (\(columns), import_id) SELECT \(columns), \(id) FROM stage_\(table) ORDER BY seq ON CONFLICT DO NOTHING
                """)
        }
        // Identities of the observations this import added (found again by their unique key).
        let identityColumns = CopyText.columnList(Self.columns["identities"]!.dropFirst(), prefix: "i.")
        let identityNames = CopyText.columnList(Self.columns["identities"]!.dropFirst())
        try pg.execute("""
            INSERT INTO identities (observation_id, \(identityNames))
            SELECT o.id, \(identityColumns) FROM stage_identities i
            JOIN stage_observations s ON s.seq = i.seq
            JOIN observations o ON o.ip = s.ip AND o.port = s.port AND o.time = s.time AND o.protocol = s.protocol
            WHERE o.import_id = \(id)
            """)
        return inserted
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
