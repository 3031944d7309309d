import GRDB

/// One consistent read of the case on either backend (an SQLite snapshot, or a PostgreSQL transaction) for
/// the reads written once for both: the web view's and the report's. SQL is SQLite's with `?` placeholders,
/// numbered `$1, $2, …` for PostgreSQL, unless the read gives PostgreSQL's own text (a function or cast
/// SQLite spells otherwise). Rows are read by column name (`CaseRow`).
struct CaseQuery {
    let db: Database?
    let pg: PostgresCase?

    /// Whether the case is SQLite's: the few texts that differ (blob casts of attacker-written columns) ask.
    var isSQLite: Bool { db != nil }

    /// Every row of a read, in the order the database gives them.
    func each(_ sql: String, postgres: String? = nil, _ values: [PostgresCase.Value] = [], _ body: (any CaseRow) throws -> Void) throws {
        if let pg {
            for row in try pg.all(postgres ?? Self.numbered(sql), values) { try body(row) }
            return
        }
        let cursor = try Row.fetchCursor(db!, sql: sql, arguments: StatementArguments(values.map(\.databaseValue)))
        while let row = try cursor.next() { try body(row) }
    }

    /// The first row of a read, if any.
    func one(_ sql: String, postgres: String? = nil, _ values: [PostgresCase.Value] = []) throws -> (any CaseRow)? {
        if let pg { return try pg.one(postgres ?? Self.numbered(sql), values) }
        return try Row.fetchOne(db!, sql: sql, arguments: StatementArguments(values.map(\.databaseValue)))
    }

    /// `?` placeholders as `$1, $2, …` (the reads hold no `?` in a literal).
    static func numbered(_ sql: String) -> String {
        var out = "", n = 0
        for character in sql {
            if character == "?" { n += 1; out += "$\(n)" } else { out.append(character) }
        }
        return out
    }
}

extension PostgresCase.Value {
    var databaseValue: DatabaseValue {
        switch self {
        case .int(let v): return v?.databaseValue ?? .null
        case .double(let v): return v?.databaseValue ?? .null
        case .text(let v): return v?.databaseValue ?? .null
        }
    }
}

extension CaseStore {
    /// One consistent read on this case's backend.
    func read<T>(_ body: (CaseQuery) throws -> T) throws -> T {
        if let pg = postgres { return try pg.transaction { try body(CaseQuery(db: nil, pg: pg)) } }
        return try pool.read { db in try body(CaseQuery(db: db, pg: nil)) }
    }
}
