import BotCensusCore
import GRDB

/// The SYNs spam events were joined to, by sending address, each address's in row order; SYNs of one stack
/// (signature, label, parameters) share one `SynStack`, parsed once.
struct SenderSyns {
    private var byAddress: [IPAddress: [SenderSynRecord]] = [:]
    private var stacks: [StackKey: SynStack] = [:]

    /// A stack's identity: signature, label and parameters.
    private struct StackKey: Hashable { var raw: String; var osLabel: String?; var params: String? }

    init(_ q: CaseQuery) throws {
        try q.eachSenderSyn { try add($0) }
    }

    private mutating func add(_ row: CaseStore.SenderSynRow) throws {
        let key = StackKey(raw: row.raw, osLabel: row.osLabel, params: row.params)
        let stack: SynStack
        if let known = stacks[key] { stack = known } else {
            let signature: TCPSignature
            do { signature = try TCPSignature(parsing: row.raw) } catch {
                throw CaseStore.CorruptRow(table: "syns", id: row.id, reason: "\(error)")
            }
            stack = SynStack(signature: signature, osLabel: row.osLabel, params: row.params)
            stacks[key] = stack
        }
        byAddress[row.ip, default: []].append(SenderSynRecord(time: row.time, sport: row.sport, dst: row.dst, distance: row.distance,
                                                              ipID: row.ipID, tsVal: row.tsVal, stack: stack))
    }

    /// The SYNs of `ip`, handed over (each address's are taken once, so they are not held twice).
    mutating func take(_ ip: IPAddress) -> [SenderSynRecord] {
        byAddress.removeValue(forKey: ip) ?? []
    }
}

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
