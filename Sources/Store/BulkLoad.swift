import GRDB

extension CaseStore {
    /// The index of events by address (the analysis's per-address counts, one address's timeline).
    static let eventsByIP = "CREATE INDEX IF NOT EXISTS events_by_ip ON events(ip, time, kind)"

    /// Runs `body`, a load of evidence files. Into a case with no events yet, the events' indexes that no
    /// unique key needs are dropped first and built once after: kept up row by row (in an SQLite import's
    /// 16 MB page cache, in PostgreSQL's shared buffers, its WAL and the SYN join's new row versions) they
    /// doubled the time of a 10x ThingBot import into SQLite (970 → 1,936 s). A load cut short gets them
    /// back at the next open for writing (`restoreEventsByIP`, `PostgresSchema.restoreEventIndexes`).
    public func bulkLoad<T>(_ body: () throws -> T) throws -> T {
        switch backend {
        case .sqlite(let pool):
            guard try pool.read({ try Bool.fetchOne($0, sql: "SELECT NOT EXISTS (SELECT 1 FROM events)") ?? false }) else {
                return try body()
            }
            try pool.write { try $0.execute(sql: "DROP INDEX IF EXISTS events_by_ip") }
            defer { try? pool.write { try $0.execute(sql: Self.eventsByIP) } }
            return try body()
        case .postgres(let pg):
            guard try pg.one("SELECT NOT EXISTS (SELECT 1 FROM events) AS empty")?["empty"].decode(Bool.self) ?? false else {
                return try body()
            }
            try pg.executeScript("DROP INDEX IF EXISTS events_by_ip; DROP INDEX IF EXISTS events_by_campaign")
            defer { try? PostgresSchema.restoreEventIndexes(pg) }
            return try body()
        }
    }

    /// Builds the index of events by address when a load cut short left the case without it.
    static func restoreEventsByIP(_ pool: DatabasePool) throws {
        let present = try pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'events_by_ip')") ?? false }
        if !present { try pool.write { try $0.execute(sql: Self.eventsByIP) } }
    }
}

extension CaseStore {
    /// After an import: PostgreSQL plans the analysis's reads from its table statistics, which autovacuum
    /// brings up to date only a while after a load; a census run at once was planned for the empty tables.
    /// SQLite's plans follow the indexes alone.
    public func refreshStatistics() throws {
        guard let pg = postgres else { return }
        try pg.execute("ANALYZE")
    }
}
