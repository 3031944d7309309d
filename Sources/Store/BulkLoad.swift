import GRDB

extension CaseStore {
    /// The index of events by address (the analysis's per-address counts, one address's timeline).
    static let eventsByIP = "CREATE INDEX IF NOT EXISTS events_by_ip ON events(ip, time, kind)"

    /// Runs `body`, a load of evidence files. Into an SQLite case with no events yet, the index of events by
    /// address is dropped first and built once after: kept up row by row in an import's 16 MB page cache, it
    /// doubled the time of a 10x ThingBot import (970 → 1,936 s). A load cut short gets it back at the next open
    /// for writing (`restoreEventsByIP`).
    public func bulkLoad<T>(_ body: () throws -> T) throws -> T {
        guard case .sqlite(let pool) = backend,
              try pool.read({ try Bool.fetchOne($0, sql: "SELECT NOT EXISTS (SELECT 1 FROM events)") ?? false }) else {
            return try body()
        }
        try pool.write { try $0.execute(sql: "DROP INDEX IF EXISTS events_by_ip") }
        defer { try? pool.write { try $0.execute(sql: Self.eventsByIP) } }
        return try body()
    }

    /// Builds the index of events by address when a load cut short left the case without it.
    static func restoreEventsByIP(_ pool: DatabasePool) throws {
        let present = try pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'events_by_ip')") ?? false }
        if !present { try pool.write { try $0.execute(sql: Self.eventsByIP) } }
    }
}
