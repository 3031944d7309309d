import BotCensusCore
import GRDB

extension CaseStore {
    /// The span of the case's spam events and how many of each kind: what a timeline is laid over.
    public func spamSpan() throws -> (first: Timestamp, last: Timestamp, messages: Int, connections: Int)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT min(time), max(time), sum(kind = 'message'), sum(kind <> 'message') FROM events
                """), let first: Double = row[0], let last: Double = row[1] else { return nil }
            return (first, last, row[2] ?? 0, row[3] ?? 0)
        }
    }

    /// Spam events of `kind` per address and time bucket (`bucket` counts widths of `bucketSeconds` from
    /// `origin`), grouped in SQLite: one row per address and bucket, however many events.
    public func spamPerBucket(kind: SpamEvent.Kind, origin: Timestamp, bucketSeconds: Double) throws -> [(ip: IPAddress, bucket: Int, events: Int)] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT ip, CAST((time - ?) / ? AS INTEGER) AS bucket, count(*) FROM events WHERE kind = ? GROUP BY ip, bucket
                """, arguments: [origin, bucketSeconds, kind.rawValue])
            var out: [(IPAddress, Int, Int)] = []
            while let row = try rows.next() {
                out.append((try CaseStore.ip(row[0], table: "events", id: 0), row[1], row[2]))
            }
            return out
        }
    }
}
