import GRDB
import GRDBSQLite

/// Rows of one statement read through SQLite's own column calls, text as the bytes SQLite holds: `export`
/// prints millions of rows, and a Swift `String` per column (GRDB's `Row`) cost more than SQLite's work.
/// The bytes are valid only inside the callback, until the next step.
struct RawRows {
    private let statement: SQLiteStatement
    private let connection: SQLiteConnection?

    init(_ statement: Statement, in db: Database) {
        self.statement = statement.sqliteStatement
        self.connection = db.sqliteConnection
    }

    /// Steps to the next row; false at the end.
    func next() throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int? { isNull(column) ? nil : Int(sqlite3_column_int64(statement, column)) }

    func double(_ column: Int32) -> Double? { isNull(column) ? nil : sqlite3_column_double(statement, column) }

    /// The column's text bytes (nil for NULL).
    func text<R>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard let p = sqlite3_column_text(statement, column) else { return try body(nil) }
        return try body(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
