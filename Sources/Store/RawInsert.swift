import GRDB
import GRDBSQLite

/// One cached INSERT run through SQLite's own bind calls: the import path inserts millions of rows, and
/// GRDB's `StatementArguments` (an array of existentials per row) cost more than SQLite's work on them.
/// Used only inside the import's write transaction, on GRDB's cached statements.
struct RawInsert {
    private let statement: SQLiteStatement
    private let connection: SQLiteConnection?
    private var index: Int32 = 0

    init(_ statement: Statement, in db: Database) {
        self.statement = statement.sqliteStatement
        self.connection = db.sqliteConnection
    }

    // SQLite copies the text before the call returns (SQLITE_TRANSIENT), so Swift's buffer may go away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func text(_ value: String?) {
        index += 1
        guard var value else { sqlite3_bind_null(statement, index); return }
        let i = index, stmt = statement
        value.withUTF8 { utf8 in
            if let base = utf8.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    sqlite3_bind_text(stmt, i, $0, Int32(utf8.count), RawInsert.transient)
                }
            } else {
                _ = sqlite3_bind_text(stmt, i, "", 0, RawInsert.transient)
            }
        }
    }

    mutating func int(_ value: Int?) {
        index += 1
        guard let value else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_int64(statement, index, Int64(value))
    }

    mutating func double(_ value: Double?) {
        index += 1
        guard let value else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_double(statement, index, value)
    }

    /// Runs the insert; returns the rows it added (0 when a unique key already held the row).
    mutating func run() throws -> Int {
        defer { sqlite3_reset(statement); index = 0 }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
        }
        return Int(sqlite3_changes(connection))
    }
}
