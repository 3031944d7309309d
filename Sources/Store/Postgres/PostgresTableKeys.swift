/// A case table's unique keys, foreign keys and secondary indexes as the catalog holds them (its primary key
/// aside): a merge that adds many rows drops them, adds its rows, and builds each again in one sorted pass.
/// Kept up row by row, with a reference check per row, they were most of a PostgreSQL import's time
/// (ThingBot's events: 9.9 s for 1.15 M rows, against 3.1 s for the rows and 1.5 s for the keys built after).
struct PostgresTableKeys {
    private var drops: [String] = []
    private var builds: [String] = []

    /// Reads `table`'s keys and indexes. Built again in this order: unique keys and indexes, then references.
    init(_ table: String, pg: PostgresCase) throws {
        var references: [(drop: String, build: String)] = []
        var uniques: [(drop: String, build: String)] = []
        for row in try pg.all("""
            SELECT conname AS name, contype::text AS kind, pg_get_constraintdef(oid) AS definition FROM pg_constraint
            WHERE conrelid = '\(table)'::regclass AND contype IN ('u', 'f') ORDER BY conname
            """) {
            let name = try row.string("name") ?? "", definition = try row.string("definition") ?? ""
            let pair = (drop: "ALTER TABLE \(table) DROP CONSTRAINT \(Self.quoted(name))",
                        build: "ALTER TABLE \(table) ADD CONSTRAINT \(Self.quoted(name)) \(definition)")
            if try row.string("kind") == "f" { references.append(pair) } else { uniques.append(pair) }
        }
        // Indexes of their own (a unique index with a WHERE clause is one), not those behind a constraint.
        let indexes = try pg.all("""
            SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = '\(table)'::regclass AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
            ORDER BY c.relname
            """).map { (drop: "DROP INDEX \(Self.quoted(try $0.string("name") ?? ""))", build: try $0.string("definition") ?? "") }
        drops = (references + uniques + indexes).map(\.drop)
        builds = (uniques + indexes + references).map(\.build)
    }

    func drop(_ pg: PostgresCase) throws {
        for statement in drops { try pg.execute(statement) }
    }

    /// Builds everything dropped. A duplicate of a unique key fails here, as the rows' insert would have.
    func build(_ pg: PostgresCase) throws {
        for statement in builds { try pg.execute(statement) }
    }

    private static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
