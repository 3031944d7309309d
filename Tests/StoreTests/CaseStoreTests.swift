import BotCensusCore
import BotCensusTesting
import Foundation
import GRDB
import Testing
@testable import Store

func temporaryCase() -> String {
    temporaryDirectory("store").appendingPathComponent("case.db").path
}

let t0 = TimeFormat.timestamp(year: 2026, month: 1, day: 6, hour: 3, minute: 0, second: 0)
let ip = IPAddress("203.0.113.7")!

func event(_ t: Double, _ kind: SpamEvent.Kind = .connection, queue: String? = nil, line: Int = 1) -> SpamEvent {
    SpamEvent(ip: ip, time: t, kind: kind, queueID: queue, source: SourceRef(file: "f", line: line))
}

func syn(_ t: Double, sport: Int) -> SynRecord {
    SynRecord(src: ip, sport: sport, dst: nil, dport: 25, time: t, osLabel: nil, distance: 14, params: nil,
              signature: try! TCPSignature(parsing: "4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0"),
              source: SourceRef(file: "f", line: 1))
}

func counts(_ hash: String) -> CaseStore.ImportCounts {
    CaseStore.ImportCounts(format: "test", lines: 1, records: 1, badLines: 0, sha256: hash)
}

@Suite struct CaseStoreTests {
    @Test func importCacheGrowsWithTheCaseAndItsFile() {
        let mib = 1024 * 1024
        #expect(CaseStore.importCacheKiB(caseBytes: 0, fileBytes: 10 * mib) == 16 * 1024, "a small import keeps 16 MiB")
        #expect(CaseStore.importCacheKiB(caseBytes: 800 * mib, fileBytes: 400 * mib) == 300 * 1024, "a quarter of case and file")
        #expect(CaseStore.importCacheKiB(caseBytes: 8_000 * mib, fileBytes: 3_000 * mib) == 512 * 1024, "at most 512 MiB")
    }

    @Test func schemaIsVersionedAndWAL() throws {
        let path = temporaryCase()
        let store = try CaseStore(path: path)
        let (mode, migrations, tables) = try store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!,
             try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
        }
        #expect(mode == "wal")
        #expect(migrations == ["v1: evidence, identities, verdicts", "v2: raw-mail facts, packet facts, TCP clock samples",
                               "v3: session in the event key", "v4: stored analysis",
                               "v5: trap sessions and messages; one event per MTA queue id",
                               "v6: trap messages in spool segments", "v7: events by address again"])
        // One address's events are read through its index (the timeline; the analysis's per-address counts).
        let plan = try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT max(time) FROM events WHERE ip = '192.0.2.1' AND time <= 5")
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("events_by_ip") }, "\(plan)")
        for table in ["events", "syns", "observations", "identities", "verdicts", "imports", "trap_sessions", "trap_messages"] { #expect(tables.contains(table)) }
        // Opening again migrates nothing and keeps data.
        _ = try CaseStore(path: path)
    }

    @Test func sameContentTwiceAddsNothing() throws {
        let store = try CaseStore(path: temporaryCase())
        let first = try store.importFile(path: "a.log") { w in
            try w.insert(event(t0)); try w.insert(event(t0 + 1, .message, queue: "Q1"))
            return counts("hash-a")
        }
        #expect(first == 2)
        #expect(throws: CaseStore.AlreadyImported.self) {
            try store.importFile(path: "copy-of-a.log") { w in
                try w.insert(event(t0 + 99))
                return counts("hash-a")
            }
        }
        let totals = try store.totals()
        #expect(totals.events == 2)
        #expect(totals.imports == 1)
    }

    @Test func failedImportLeavesTheCaseAsItWas() throws {
        struct Boom: Error {}
        let store = try CaseStore(path: temporaryCase())
        _ = try store.importFile(path: "a.log") { w in try w.insert(event(t0)); return counts("a") }
        let before = try store.totals()
        #expect(throws: Boom.self) {
            try store.importFile(path: "b.log") { w in
                try w.insert(event(t0 + 5)); try w.insert(syn(t0 + 5, sport: 4000))
                throw Boom()
            }
        }
        #expect(try store.totals() == before)
    }

    @Test func overlappingFilesAddOnlyNewRecordsButSameSecondRepeatsStay() throws {
        let store = try CaseStore(path: temporaryCase())
        // Two connections in one second from one address are two events.
        let n1 = try store.importFile(path: "a.log") { w in
            try w.insert(event(t0)); try w.insert(event(t0)); try w.insert(event(t0 + 1))
            return counts("a")
        }
        #expect(n1 == 3)
        // A rotated log that repeats the same lines and adds one.
        let n2 = try store.importFile(path: "b.log") { w in
            try w.insert(event(t0)); try w.insert(event(t0)); try w.insert(event(t0 + 1)); try w.insert(event(t0 + 2))
            return counts("b")
        }
        #expect(n2 == 1)
        #expect(try store.totals().events == 4)
    }

    @Test func eventsJoinTheNearestSYNWithinTheWindow() throws {
        let store = try CaseStore(path: temporaryCase())
        _ = try store.importFile(path: "log") { w in
            try w.insert(event(t0)); try w.insert(event(t0 + 1000))
            return counts("log")
        }
        _ = try store.importFile(path: "p0f") { w in
            try w.insert(syn(t0 - 30, sport: 1)); try w.insert(syn(t0 + 2, sport: 2)); try w.insert(syn(t0 + 500, sport: 3))
            return counts("p0f")
        }
        #expect(try store.joinSyns(window: 120) == 1)
        let joined = try store.pool.read { db in try Int.fetchAll(db, sql: "SELECT s.sport FROM events e JOIN syns s ON s.id = e.syn_id") }
        #expect(joined == [2])
        let records = try store.addressRecords()
        #expect(records.count == 1)
        #expect(records[0].senderSyns.map(\.sport) == [2], "only SYNs joined to spam are sender SYNs")
        #expect(records[0].connections == 2)
    }

    @Test func verdictsRoundTrip() throws {
        let store = try CaseStore(path: temporaryCase())
        let v = Verdict(ip: ip, firstSeen: "a", lastSeen: "b", messages: 3, connections: 3, verdict: .stale, naiveClass: .camera,
                        senderClass: .pc, confidence: 0.9, classProbabilities: ["pc": 0.9, "unknown": 0.1],
                        exposedDeviceSentProbability: 0.05,
                        hostsBehindIP: .init(estimate: 1, low: 1, high: 2, method: "syn-signatures", senders: 1),
                        exposedDevices: [], senderOS: .init(family: .windows, label: nil, quality: "inferred"), evidence: [])
        try store.replaceVerdicts([v])
        #expect(try store.verdicts() == [v])
        try store.replaceVerdicts([])
        #expect(try store.verdicts().isEmpty)
    }

    /// The analysis reads counts and a few spam times per address, not every event: the first and last, and the
    /// ones either side of each observation and of the scan window's ends, so the nearest spam to any of those
    /// is the one all events give. Addresses only scanned are not senders.
    @Test func addressRecordsCarryCountsAndTheSpamTimesNearObservations() throws {
        let store = try CaseStore(path: temporaryCase())
        let other = IPAddress("203.0.113.9")!
        _ = try store.importFile(path: "log") { w in
            for (i, dt) in [0.0, 100, 200, 300, 400].enumerated() {
                try w.insert(event(t0 + dt, i % 2 == 0 ? .message : .connection, queue: i % 2 == 0 ? "Q\(i)" : nil, line: i + 1))
            }
            for (port, t) in [(80, t0 + 250), (23, t0 + 390)] {
                try w.insert(ServiceObservation(ip: ip, port: port, time: t, proto: "http", fields: [:], source: SourceRef(file: "s", line: port)),
                             identity: nil)
            }
            try w.insert(ServiceObservation(ip: other, port: 80, time: t0 + 50, proto: "http", fields: [:], source: SourceRef(file: "s", line: 9)),
                         identity: nil)
            return counts("log")
        }
        let records = try store.addressRecords()
        #expect(records.map(\.ip) == [ip])
        #expect(records[0].messages == 3 && records[0].connections == 2)
        #expect(records[0].observations.map(\.0.port) == [80, 23])
        // First and last (0, 400); either side of 250 (200, 300) and of 390 (300, 400); the window is 250...390.
        #expect(records[0].spamTimes == [0, 200, 300, 400].map { t0 + $0 })
    }

    /// A new case is loaded first and its index of events by address built once after; a load cut short gets
    /// the index back at the next open for writing.
    @Test func aBulkLoadBuildsTheEventIndexAfterAndAnOpenRestoresIt() throws {
        let path = temporaryCase()
        let store = try CaseStore(path: path)
        func indexed() throws -> Bool {
            try store.pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'events_by_ip')") ?? false }
        }
        var duringLoad = true
        try store.bulkLoad {
            _ = try store.importFile(path: "log") { w in try w.insert(event(t0)); return counts("log") }
            duringLoad = try indexed()
        }
        #expect(!duringLoad)
        #expect(try indexed())
        // A case with events keeps its index through the next load.
        try store.bulkLoad { duringLoad = try indexed() }
        #expect(duringLoad)
        try store.pool.write { try $0.execute(sql: "DROP INDEX events_by_ip") }
        _ = try CaseStore(path: path)
        #expect(try indexed())
    }

    /// A value no botcensus wrote (a hand-edited or damaged case) is an error naming the row, never `unknown`.
    @Test func corruptStoredRowsAreErrors() throws {
        let store = try CaseStore(path: temporaryCase())
        _ = try store.importFile(path: "a.log") { w in
            try w.insert(event(t0))
            let o = ServiceObservation(ip: ip, port: 80, time: t0, proto: "http", fields: ["http.server": "x"], source: SourceRef(file: "f", line: 1))
            try w.insert(o, identity: DeviceIdentity(deviceClass: .camera, vendor: nil, product: nil, version: nil, os: .embeddedLinux,
                                                     signature: "s", database: "own", field: "http.server"))
            return counts("a")
        }
        #expect(try store.addressRecords().count == 1)
        try store.pool.write { db in try db.execute(sql: "UPDATE identities SET class = 'toaster'") }
        #expect(throws: CaseStore.CorruptRow.self) { try store.addressRecords() }
        try store.pool.write { db in try db.execute(sql: "UPDATE identities SET class = 'camera'; UPDATE observations SET fields = '[1]'") }
        #expect(throws: CaseStore.CorruptRow.self) { try store.addressRecords() }
    }

    /// Two different events whose keys collide both stay, and each is still recognised when imported again.
    @Test func eventKeyCollisionsAreProbedPast() throws {
        let store = try CaseStore(path: temporaryCase())
        let a = event(t0), b = event(t0, .message, queue: "Q9")
        _ = try store.importFile(path: "a.log") { w in try w.insert(a); return counts("a") }
        // Give A the key B will compute: B's insert meets another event under its key.
        let keyOfB = EventKey(ip: ip.description, time: t0, kind: "message", queue: "Q9", session: "", ordinal: 0).value
        try store.pool.write { db in try db.execute(sql: "UPDATE events SET dedup = ?", arguments: [keyOfB]) }
        #expect(try store.importFile(path: "b.log") { w in try w.insert(b); return counts("b") } == 1)
        #expect(try store.importFile(path: "c.log") { w in try w.insert(b); try w.insert(a); return counts("c") } == 1,
                "B is found past the collision; A (moved off its own key) is new under it")
        #expect(try store.totals().events == 3)
    }

    /// A case written before v3 keeps its events, each given its key.
    @Test func eventsOfAnOlderCaseAreMigrated() throws {
        let path = temporaryCase()
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v2: raw-mail facts, packet facts, TCP clock samples")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO imports (id, path, sha256, format, imported_at, lines, records, inserted, bad_lines) VALUES (1, 'old.log', 'h', 'postfix', 0, 2, 2, 2, 0)")
            try db.execute(sql: "INSERT INTO events (ip, time, kind, queue_id, ordinal, import_id, line) VALUES ('203.0.113.7', ?, 'connection', '', 0, 1, 1), ('203.0.113.7', ?, 'connection', '', 1, 1, 2)",
                           arguments: [t0, t0])
        }
        let store = try CaseStore(path: path)
        #expect(try store.totals().events == 2)
        // The same two lines imported again add nothing.
        #expect(try store.importFile(path: "again.log") { w in try w.insert(event(t0)); try w.insert(event(t0)); return counts("h2") } == 0)
    }
}
