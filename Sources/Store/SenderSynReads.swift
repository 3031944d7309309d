import BotCensusCore
import GRDB

extension CaseQuery {
    /// Every SYN a spam event was joined to, in row order. SQLite's rows go through its own column calls
    /// (`RawRows`): 800,000 on ThingBot, where GRDB's `Row` by name cost more than SQLite's work.
    func eachSenderSyn(_ body: (CaseStore.SenderSynRow) throws -> Void) throws {
        let sql = CaseStore.AddressRecordsBuilder.synsSQL
        if let pg {
            try pg.forEach(sql) { row in
                let id = try row.required(row.int64("id"), "id", table: "syns")
                try body(CaseStore.SenderSynRow(
                    id: id, ip: try CaseStore.ip(row.required(row.string("ip"), "ip", table: "syns"), table: "syns", id: id),
                    sport: try row.required(row.int("sport"), "sport", table: "syns"), dst: try row.string("dst").flatMap(IPAddress.init),
                    time: try row.required(row.double("time"), "time", table: "syns"), osLabel: try row.string("os_label"),
                    distance: try row.int("dist"), params: try row.string("params"),
                    raw: try row.required(row.string("raw_sig"), "raw_sig", table: "syns"), ipID: try row.int("ipid"),
                    tsVal: try row.int64("ts_val").map { UInt32(truncatingIfNeeded: $0) }))
            }
            return
        }
        guard let db else { return }
        let statement = try db.makeStatement(sql: sql)
        defer { withExtendedLifetime(statement) {} }     // RawRows holds SQLite's statement, not GRDB's owner of it
        let rows = RawRows(statement, in: db)
        func text(_ column: Int32) -> String? { rows.text(column) { $0.map { String(decoding: $0, as: UTF8.self) } } }
        while try rows.next() {
            let id = Int64(rows.int(0) ?? 0)
            guard let sport = rows.int(2) else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "sport is NULL") }
            guard let time = rows.double(4) else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "time is NULL") }
            guard let raw = text(8) else { throw CaseStore.CorruptRow(table: "syns", id: id, reason: "raw_sig is NULL") }
            try body(CaseStore.SenderSynRow(
                id: id, ip: try rows.text(1) { try CaseStore.ip($0, table: "syns", column: "ip", id: id) }, sport: sport,
                dst: rows.text(3) { $0.flatMap { IPAddress(bytes: UnsafeRawBufferPointer($0)) } }, time: time,
                osLabel: text(5), distance: rows.int(6), params: text(7), raw: raw, ipID: rows.int(9),
                tsVal: rows.int(10).map { UInt32(truncatingIfNeeded: $0) }))
        }
    }
}
