import BotCensusCore

extension CaseStore {
    /// The span of the case's spam events and how many of each kind: what a timeline is laid over.
    public func spamSpan() throws -> (first: Timestamp, last: Timestamp, messages: Int, connections: Int)? {
        try read { q in
            guard let row = try q.one("""
                SELECT min(time) AS first, max(time) AS last, sum(kind = 'message') AS messages, sum(kind <> 'message') AS connections FROM events
                """, postgres: """
                SELECT min(time) AS first, max(time) AS last, count(*) FILTER (WHERE kind = 'message') AS messages,
                       count(*) FILTER (WHERE kind <> 'message') AS connections FROM events
                """), let first = try row.double("first"), let last = try row.double("last") else { return nil }
            return (first, last, try row.int("messages") ?? 0, try row.int("connections") ?? 0)
        }
    }

    /// Spam events of `kind` per address and time bucket (`bucket` counts widths of `bucketSeconds` from
    /// `origin`), grouped in the database: one row per address and bucket, however many events.
    public func spamPerBucket(kind: SpamEvent.Kind, origin: Timestamp, bucketSeconds: Double) throws -> [(ip: IPAddress, bucket: Int, events: Int)] {
        try read { q in
            var out: [(IPAddress, Int, Int)] = []
            // SQLite's CAST truncates toward zero; PostgreSQL's rounds, so it truncates first.
            try q.each("""
                SELECT ip, CAST((time - ?) / ? AS INTEGER) AS bucket, count(*) AS events FROM events WHERE kind = ? GROUP BY ip, bucket
                """, postgres: """
                SELECT ip, trunc((time - $1) / $2)::bigint AS bucket, count(*) AS events FROM events WHERE kind = $3 GROUP BY ip, bucket
                """, [.double(origin), .double(bucketSeconds), .text(kind.rawValue)]) { row in
                out.append((try CaseStore.ip(row.string("ip") ?? "", table: "events", id: 0), try row.int("bucket") ?? 0, try row.int("events") ?? 0))
            }
            return out
        }
    }
}
