import Foundation
import GRDB
import PostgresNIO

/// `botcensus case copy FROM TO`: a whole case, every table with its ids, from SQLite into PostgreSQL or back.
/// The destination must hold no case data yet (an existing case is never merged into: imports are); the copy is
/// one transaction on it, so a failure leaves it empty.
extension CaseStore {
    public struct CopyRefused: Error, CustomStringConvertible {
        public var description: String
    }

    /// Copies `source` into `self`; returns the rows copied per table, in copy order.
    public func copy(from source: CaseStore) throws -> [(table: String, rows: Int)] {
        guard try totals() == Totals(imports: 0, events: 0, syns: 0, observations: 0, identities: 0, verdicts: 0) else {
            throw CopyRefused(description: "\(path): the destination already holds a case; copy into an empty one")
        }
        switch (source.backend, backend) {
        case (.sqlite(let from), .postgres(let to)): return try Self.copy(from: from, to: to)
        case (.postgres(let from), .sqlite(let to)): return try Self.copy(from: from, to: to)
        case (.sqlite, .sqlite): throw CopyRefused(description: "\(source.path) and \(path) are both SQLite: copy the file (sqlite3 .backup) instead")
        case (.postgres, .postgres): throw CopyRefused(description: "\(source.path) and \(path) are both PostgreSQL: use pg_dump and pg_restore instead")
        }
    }

    private static func copy(from: DatabasePool, to pg: PostgresCase) throws -> [(table: String, rows: Int)] {
        try from.read { db in
            try pg.transaction {
                var counts: [(table: String, rows: Int)] = []
                for table in PostgresSchema.tables.map(\.name) {
                    let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                    let rows = try Row.fetchCursor(db, sql: "SELECT \(CopyText.columnList(columns)) FROM \(table)")
                    var copy = CopyText(), count = 0
                    while let row = try rows.next() {
                        for value in row.databaseValues {
                            switch value.storage {
                            case .null: copy.text(nil)
                            case .int64(let v): copy.int(Int(v))
                            case .double(let v): copy.double(v)
                            case .string(let v): copy.text(v)
                            case .blob(let v): copy.text(String(decoding: v, as: UTF8.self))
                            }
                        }
                        copy.endRow()
                        count += 1
                        if copy.count >= CopyText.batchBytes { try pg.copy(into: table, columns: columns, data: copy.bytes); copy.reset() }
                    }
                    try pg.copy(into: table, columns: columns, data: copy.bytes)
                    counts.append((table, count))
                }
                try PostgresSchema.advanceSequences(pg)
                return counts
            }
        }
    }

    private static func copy(from pg: PostgresCase, to pool: DatabasePool) throws -> [(table: String, rows: Int)] {
        try pool.write { db in
            var counts: [(table: String, rows: Int)] = []
            for table in PostgresSchema.tables.map(\.name) {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                let names = CopyText.columnList(columns)
                let insert = try db.makeStatement(sql: "INSERT INTO \(table) (\(names)) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
                var count = 0
                // In the source's key order, so ids and row order come out as they went in.
                try pg.forEach("SELECT \(names) FROM \(table) ORDER BY 1") { row in
                    var values: [(any DatabaseValueConvertible)?] = []
                    for cell in row {
                        switch cell.dataType {
                        case .int8, .int4, .int2: values.append(try cell.decode(Int64?.self))
                        case .float8, .float4: values.append(try cell.decode(Double?.self))
                        case .bool: values.append(try cell.decode(Bool?.self))
                        default: values.append(try cell.decode(String?.self))
                        }
                    }
                    try insert.execute(arguments: StatementArguments(values))
                    count += 1
                }
                counts.append((table, count))
            }
            return counts
        }
    }
}
