import GRDB

extension CaseStore {
    /// Events read per round of the join: the updates wait until their round's read is done (SQLite leaves
    /// a read of a table undefined while it is written), so memory stays bounded on any case.
    static let synJoinRound = 65_536

    /// The SYN join in an SQLite case, inside the caller's write transaction: every event without a SYN
    /// gets the nearest SYN of its address within `window` seconds (`SynTimelines`). Returns how many
    /// events hold a SYN.
    static func joinSyns(_ db: Database, window: Double) throws -> Int {
        var timelines = SynTimelines()
        // The covering index syns_by_ip_time gives the SYNs grouped by address, in time order.
        let syns = try db.makeStatement(sql: "SELECT ip, time, id FROM syns ORDER BY ip, time")
        let synRows = RawRows(syns, in: db)
        while try synRows.next() {
            let id = Int64(synRows.int(2) ?? 0)
            guard let time = synRows.double(1) else { throw CorruptRow(table: "syns", id: id, reason: "time is NULL") }
            timelines.add(ip: try synRows.text(0) { try ipText($0, table: "syns", id: id) }, time: time, id: id)
        }
        timelines.close()
        withExtendedLifetime(syns) {}
        if !timelines.isEmpty {
            let events = try db.makeStatement(sql: "SELECT id, ip, time FROM events WHERE syn_id IS NULL AND id > ? ORDER BY id LIMIT ?")
            let update = try db.makeStatement(sql: "UPDATE events SET syn_id = ? WHERE id = ?")
            var after: Int64 = -1
            var joins: [(event: Int64, syn: Int64)] = []
            joins.reserveCapacity(synJoinRound)
            while true {
                try events.setArguments([after, synJoinRound])
                let rows = RawRows(events, in: db)
                var read = 0
                while try rows.next() {
                    read += 1
                    let id = Int64(rows.int(0) ?? 0)
                    after = id
                    guard let time = rows.double(2) else { throw CorruptRow(table: "events", id: id, reason: "time is NULL") }
                    let ip = try rows.text(1) { try ipText($0, table: "events", id: id) }
                    if let syn = timelines.nearest(ip: ip, time: time, window: window) { joins.append((id, syn)) }
                }
                for join in joins {
                    var row = RawInsert(update, in: db)
                    row.int(Int(join.syn)); row.int(Int(join.event))
                    _ = try row.run()
                }
                joins.removeAll(keepingCapacity: true)
                if read < synJoinRound { break }
            }
            withExtendedLifetime(events) {}
        }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE syn_id IS NOT NULL") ?? 0
    }

    private static func ipText(_ bytes: UnsafeBufferPointer<UInt8>?, table: String, id: Int64) throws -> String {
        guard let bytes else { throw CorruptRow(table: table, id: id, reason: "ip is NULL") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
