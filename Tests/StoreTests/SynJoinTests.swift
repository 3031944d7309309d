import BotCensusCore
import GRDB
import Testing
@testable import Store

/// The SQLite case's SYN join (`SynTimelines`, a binary search per event) gives what SQLite's own ranking of
/// every candidate in the window gave before it, on a case built to hold ties: repeated seconds, SYNs as far
/// before an event as others after it, addresses with many SYNs, none, or one just outside the window.
struct SynJoinTests {
    /// The join as SQL, kept as the oracle: the nearest SYN of the address in the window, the lower id on a tie.
    static let oracle = """
        WITH candidates AS (
            SELECT e.id AS event_id, s.id AS syn_id, abs(s.time - e.time) AS gap
            FROM events e JOIN syns s ON s.ip = e.ip AND s.time BETWEEN e.time - ?1 AND e.time + ?1
            WHERE e.syn_id IS NULL),
        best AS (
            SELECT event_id, syn_id, row_number() OVER (PARTITION BY event_id ORDER BY gap, syn_id) AS rank FROM candidates)
        SELECT event_id, syn_id FROM best WHERE rank = 1
        """

    static func joined(_ store: CaseStore) throws -> [Int64: Int64] {
        try store.pool.read { db in
            var map: [Int64: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, syn_id FROM events WHERE syn_id IS NOT NULL") { map[row[0]] = row[1] }
            return map
        }
    }

    @Test func theNearestSYNIsTheOneSQLiteRanksFirst() throws {
        let store = try CaseStore(path: temporaryCase())
        var random = SplitMix64(seed: 12)
        let window = 120.0
        let addresses = (0..<40).map { IPAddress("198.51.100.\($0)")! }
        // Times on a coarse grid (half seconds) so that ties in time and in gap are common.
        func time() -> Double { t0 + Double(Int.random(in: 0..<2_000, using: &random)) / 2 }
        _ = try store.importFile(path: "log") { w in
            for n in 0..<3_000 {
                let e = SpamEvent(ip: addresses[Int.random(in: 0..<30, using: &random)], time: time(), kind: .connection,
                                  session: "s\(n)", source: SourceRef(file: "log", line: n + 1))
                try w.insert(e)
            }
            return counts("log")
        }
        func synFile(_ name: String, count: Int) throws {
            _ = try store.importFile(path: name) { w in
                for n in 0..<count {
                    // Addresses 30…39 send SYNs but no spam; some SYNs sit exactly one window away.
                    let t = n % 50 == 0 ? t0 + window : time()
                    var s = syn(t, sport: 1024 + n)
                    s.src = addresses[Int.random(in: 0..<40, using: &random)]
                    try w.insert(s)
                }
                return counts(name)
            }
        }
        try synFile("p0f-1", count: 600)
        let expected = try store.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: Self.oracle, arguments: [window]).map { ($0[0] as Int64, $0[1] as Int64) })
        }
        let count = try store.joinSyns(window: window)
        #expect(count == expected.count && count > 1_000)
        // The join writes without SQLite's reference checks, then the writer checks them again.
        #expect(try store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1)
        #expect(try Self.joined(store) == expected)

        // More SYNs later: events joined before keep theirs, the others join as the oracle says.
        try synFile("p0f-2", count: 900)
        let before = try Self.joined(store)
        let added = try store.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: Self.oracle, arguments: [window]).map { ($0[0] as Int64, $0[1] as Int64) })
        }
        #expect(!added.isEmpty)
        _ = try store.joinSyns(window: window)
        #expect(try Self.joined(store) == before.merging(added) { old, _ in old })
    }

    @Test func aTieInGapGoesToTheLowerId() {
        var timelines = SynTimelines()
        // Two SYNs 10 s before the event and one 10 s after; the ids say which is lowest.
        timelines.add(ip: "192.0.2.1", time: 90, id: 7)
        timelines.add(ip: "192.0.2.1", time: 90, id: 9)
        timelines.add(ip: "192.0.2.1", time: 110, id: 4)
        timelines.add(ip: "192.0.2.2", time: 100, id: 1)
        timelines.close()
        #expect(timelines.nearest(ip: "192.0.2.1", time: 100, window: 120) == 4)
        #expect(timelines.nearest(ip: "192.0.2.1", time: 91, window: 120) == 7)
        #expect(timelines.nearest(ip: "192.0.2.1", time: 100, window: 9.5) == nil)
        #expect(timelines.nearest(ip: "192.0.2.1", time: 100, window: 10) == 4)
        #expect(timelines.nearest(ip: "192.0.2.3", time: 100, window: 120) == nil)
        #expect(timelines.nearest(ip: "192.0.2.2", time: 100, window: 0) == 1)
    }
}
