import Foundation
import GRDB
import PostgresNIO

/// A row of either backend, read by column name: the decoders of stored records (SYNs, observations,
/// identities) are written once for SQLite and PostgreSQL.
protocol CaseRow {
    func string(_ column: String) throws -> String?
    func int(_ column: String) throws -> Int?
    func int64(_ column: String) throws -> Int64?
    func double(_ column: String) throws -> Double?
    /// A text a sender wrote, every byte of it: SQLite's reads select it as a blob (GRDB's text stops at a
    /// NUL); PostgreSQL's text holds none.
    func fullText(_ column: String) throws -> String?
}

extension CaseRow {
    /// A NOT NULL column: NULL there is a damaged case, said as such.
    func required<T>(_ value: T?, _ column: String, table: String) throws -> T {
        guard let value else { throw CaseStore.CorruptRow(table: table, id: (try? int64("id")) ?? 0, reason: "\(column) is NULL") }
        return value
    }
}

extension Row: CaseRow {
    func string(_ column: String) -> String? { self[column] }
    func int(_ column: String) -> Int? { self[column] }
    func int64(_ column: String) -> Int64? { self[column] }
    func double(_ column: String) -> Double? { self[column] }
    func fullText(_ column: String) -> String? {
        if let data = self[column] as Data? { return String(decoding: data, as: UTF8.self) }
        return self[column] as String?
    }
}

extension PostgresRandomAccessRow: CaseRow {
    func string(_ column: String) throws -> String? { try self[column].decode(String?.self) }
    func int(_ column: String) throws -> Int? { try self[column].decode(Int?.self) }
    func int64(_ column: String) throws -> Int64? { try self[column].decode(Int64?.self) }
    func double(_ column: String) throws -> Double? { try self[column].decode(Double?.self) }
    func fullText(_ column: String) throws -> String? { try string(column) }
}
