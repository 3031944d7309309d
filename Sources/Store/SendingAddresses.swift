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
        try pool.read { db in
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
}
