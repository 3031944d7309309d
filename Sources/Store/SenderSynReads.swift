import BotCensusCore
import GRDB

extension CaseQuery {
    /// Bit `id` is set for each SYN id an event holds.
    private static func joinedSynIDs(_ db: Database) throws -> [UInt64] {
        let last = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM syns") ?? 0
        var bits = [UInt64](repeating: 0, count: max(0, last) / 64 + 1)
        let statement = try db.makeStatement(sql: "SELECT syn_id FROM events WHERE syn_id IS NOT NULL")
        defer { withExtendedLifetime(statement) {} }
        let rows = RawRows(statement, in: db)
        while try rows.next() {
            guard let id = rows.int(0), id >= 0, id / 64 < bits.count else { continue }
            bits[id / 64] |= 1 << UInt64(id % 64)
        }
        return bits
    }

    /// Every SYN a spam event was joined to, with its row id, in row order. SQLite's rows go through its own
    /// column calls (`RawRows`): 800,000 on ThingBot, where GRDB's `Row` by name cost more than SQLite's work.
    func eachSenderSyn(stacks: inout SynStackTable, _ body: (Int64, IPAddress, SenderSynRecord) throws -> Void) throws {
        let sql = CaseStore.AddressRecordsBuilder.synsSQL
        if let pg {
            try pg.forEach(sql) { row in
                let id = try row.required(row.int64("id"), "id", table: "syns")
                let stack = try stacks.stack(raw: row.required(row.string("raw_sig"), "raw_sig", table: "syns"),
                                             label: row.string("os_label"), params: row.string("params"), id: id)
                try body(id, try CaseStore.ip(row.required(row.string("ip"), "ip", table: "syns"), table: "syns", id: id), SenderSynRecord(
                    time: try row.required(row.double("time"), "time", table: "syns"),
                    sport: try row.required(row.int("sport"), "sport", table: "syns"), dst: try row.string("dst").flatMap(IPAddress.init),
                    distance: try row.int("dist"), ipID: try row.int("ipid"),
                    tsVal: try row.int64("ts_val").map { UInt32(truncatingIfNeeded: $0) }, stack: stack))
            }
            return
        }
        guard let db else { return }
        // Which SYNs an event was joined to, as a bit per SYN id: SQLite answered the semi-join with a seek
        // per SYN, 1.1 s on ThingBot where reading the joined ids and every SYN in order take 0.45 s.
        let joined = try Self.joinedSynIDs(db)
        let statement = try db.makeStatement(sql: CaseStore.AddressRecordsBuilder.allSynsSQL)
        defer { withExtendedLifetime(statement) {} }     // RawRows holds SQLite's statement, not GRDB's owner of it
        let rows = RawRows(statement, in: db)
        while try rows.next() {
            let id = Int64(rows.int(0) ?? 0)
            guard id >= 0, Int(id) < joined.count * 64, joined[Int(id) / 64] & (1 << UInt64(id % 64)) != 0 else { continue }
            guard let sport = rows.int(2) else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "sport is NULL") }
            guard let time = rows.double(4) else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "time is NULL") }
            let stack = try rows.text(8) { raw in
                guard let raw else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "raw_sig is NULL") }
                return try rows.text(5) { label in
                    try rows.text(7) { params in try stacks.stack(raw: raw, label: label, params: params, id: id) }
                }
            }
            try body(id, try rows.text(1) { try CaseStore.ip($0, table: "syns", column: "ip", id: id) }, SenderSynRecord(
                time: time, sport: sport, dst: rows.text(3) { $0.flatMap { IPAddress(bytes: UnsafeRawBufferPointer($0)) } },
                distance: rows.int(6), ipID: rows.int(9), tsVal: rows.int(10).map { UInt32(truncatingIfNeeded: $0) }, stack: stack))
        }
    }
}
