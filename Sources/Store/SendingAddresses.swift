import BotCensusCore
import GRDB

extension CaseStore {
    /// Every address that sent spam (a message or a connection event), with the times of its first and last
    /// event, in order of the first: the prober's targets.
    public func sendingAddresses() throws -> [(ip: IPAddress, firstSeen: Timestamp, lastSeen: Timestamp)] {
        try newSendingAddresses(afterEvent: 0).senders
    }

    /// The senders of the events added after row `afterEvent` (their first and last time among those events),
    /// and the last event row read: `probe --follow` asks this every second and reads only what is new.
    public func newSendingAddresses(afterEvent: Int64) throws -> (senders: [(ip: IPAddress, firstSeen: Timestamp, lastSeen: Timestamp)], lastEvent: Int64) {
        if let pg = postgres {
            // Several writers: a row id is taken at insert and seen at commit, so a transaction still open may
            // commit ids below the highest one seen now. The next look reads again from `postgresLookback` ids
            // back (a sender read twice is the same sender: the caller merges by address).
            let from = afterEvent > 0 ? max(0, afterEvent - Self.postgresLookback) : 0
            var out: [(IPAddress, Timestamp, Timestamp)] = []
            var last = afterEvent
            try pg.forEach("SELECT ip, min(time) AS first, max(time) AS last, max(id) AS top FROM events WHERE id > $1 GROUP BY ip ORDER BY first, ip",
                           [.int(Int(from))]) { row in
                let text = try row["ip"].decode(String.self)
                guard let ip = IPAddress(text) else { throw CorruptRow(table: "events", id: 0, reason: "ip '\(text)' does not read") }
                out.append((ip, try row["first"].decode(Double.self), try row["last"].decode(Double.self)))
                last = max(last, try row["top"].decode(Int64.self))
            }
            return (out, last)
        }
        return try pool.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM events") ?? 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT ip, min(time) AS first, max(time) AS last FROM events WHERE id > ? AND id <= ? GROUP BY ip ORDER BY first, ip
                """, arguments: [afterEvent, last])
            var out: [(IPAddress, Timestamp, Timestamp)] = []
            while let row = try rows.next() {
                let text: String = row["ip"]
                guard let ip = IPAddress(text) else { throw CorruptRow(table: "events", id: 0, reason: "ip '\(text)' does not read") }
                out.append((ip, row["first"], row["last"]))
            }
            return (out, max(last, afterEvent))
        }
    }

    /// How far back (in event ids) `newSendingAddresses` reads again on PostgreSQL: more than the rows one
    /// writer's transaction adds at once (a trap's round, an import's merge of one file's new events).
    static let postgresLookback: Int64 = 200_000
}
