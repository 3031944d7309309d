import BotCensusCore
import GRDB

extension CaseStore {
    /// Every address that sent spam (a message or a connection event), with the times of its first and last
    /// event, in order of the first: the prober's targets.
    public func sendingAddresses() throws -> [(ip: IPAddress, firstSeen: Timestamp, lastSeen: Timestamp)] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT ip, min(time) AS first, max(time) AS last FROM events GROUP BY ip ORDER BY first, ip
                """)
            var out: [(IPAddress, Timestamp, Timestamp)] = []
            while let row = try rows.next() {
                let text: String = row["ip"]
                guard let ip = IPAddress(text) else { throw CorruptRow(table: "events", id: 0, reason: "ip '\(text)' does not read") }
                out.append((ip, row["first"], row["last"]))
            }
            return out
        }
    }
}
