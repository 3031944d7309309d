import BotCensusCore
import GRDB

extension CaseStore {
    /// Every address that sent spam (a message or a connection event), with the time of its first event, in
    /// order of that time: the prober's targets. `since` keeps only addresses first seen after it.
    public func sendingAddresses(firstSeenAfter since: Timestamp? = nil) throws -> [(ip: IPAddress, firstSeen: Timestamp)] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT ip, min(time) AS first FROM events GROUP BY ip HAVING first > ? ORDER BY first, ip
                """, arguments: [since ?? -Double.greatestFiniteMagnitude])
            var out: [(IPAddress, Timestamp)] = []
            while let row = try rows.next() {
                let text: String = row["ip"]
                guard let ip = IPAddress(text) else { throw CorruptRow(table: "events", id: 0, reason: "ip '\(text)' does not read") }
                out.append((ip, row["first"]))
            }
            return out
        }
    }
}
