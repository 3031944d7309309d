import BotCensusTesting
import Foundation
import Testing

/// A large import into PostgreSQL drops a table's keys, adds the rows and builds the keys again; events are written
/// already joined to their SYNs (the captures and p0f logs go first). Against SQLite on the same files: a batch
/// without duplicates goes in that way (its keys are new ones), a batch with duplicates falls back to the
/// row-by-row merge, which skips them as SQLite does; the case's keys and the answers are the same.
@Suite(.serialized, .enabled(if: PrivatePostgres.testsRun, "PostgreSQL is not installed (scripts/setup.sh installs it)"))
struct BulkMergeTests {
    static let sessions = 10_000

    /// A Postfix log of `sessions` spam sessions (a connect and a message each: 20,000 events) and the p0f log of
    /// their SYNs; `duplicates` repeats that many SYN lines, and reuses that many queue ids of the same address.
    static func writeEvidence(in dir: URL, name: String, hour: Int, duplicates: Int) throws -> [String] {
        var postfix = "", p0f = ""
        postfix.reserveCapacity(sessions * 400)
        for i in 0..<sessions {
            let ip = "198.18.\(i / 250).\(i % 250 + 1)", second = i % 3600, port = 1024 + i % 60_000
            let stamp = String(format: "%02d:%02d:%02d", hour, second / 60, second % 60)
            let queue = String(format: "Q%02d%08d", hour, duplicates > 0 && i >= sessions - duplicates ? i - duplicates : i)
            let client = duplicates > 0 && i >= sessions - duplicates ? "198.18.\((i - duplicates) / 250).\((i - duplicates) % 250 + 1)" : ip
            postfix += """
                Feb  2 \(stamp) trap1 postfix/smtpd[\(2000 + i % 999)]: connect from unknown[\(ip)]
                Feb  2 \(stamp) trap1 postfix/smtpd[\(2000 + i % 999)]: \(queue): client=unknown[\(client)]
                Feb  2 \(stamp) trap1 postfix/cleanup[900]: \(queue): message-id=<\(i).\(hour)@example.net>
                Feb  2 \(stamp) trap1 postfix/smtpd[\(2000 + i % 999)]: disconnect from unknown[\(ip)] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5

                """
            let line = "[2026/02/02 \(stamp)] mod=syn|cli=\(ip)/\(port)|srv=192.0.2.25/25|subj=cli|os=Linux 2.2.x-3.x|dist=\(i % 20)|params=generic|"
                + "raw_sig=4:\(64 - i % 20)+\(i % 20):0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"
            p0f += line
            if i < duplicates { p0f += line }
        }
        let log = dir.appendingPathComponent("\(name).postfix.log").path, syns = dir.appendingPathComponent("\(name).p0f.log").path
        try postfix.write(toFile: log, atomically: true, encoding: .utf8)
        try p0f.write(toFile: syns, atomically: true, encoding: .utf8)
        return [log, syns]    // the log first, as a user may name them: the import reads the SYNs first
    }

    static let options = ["--db", "own", "--year", "2026", "--timezone", "utc"]

    /// The case's keys and indexes, as the catalog describes them (names and definitions, not their storage).
    static func keys(_ server: PrivatePostgres, _ database: String) throws -> String {
        try server.value(database, """
            SELECT string_agg(d, E'\\n' ORDER BY d) FROM (
              SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace) k
            """)
    }

    /// Where the SYNs' index by address and the events' key of messages are stored: new files when built again.
    static func keyFiles(_ server: PrivatePostgres, _ database: String) throws -> String {
        try server.value(database, "SELECT string_agg(relfilenode::text, ' ' ORDER BY relname) FROM pg_class WHERE relname IN ('syns_by_ip_time', 'events_one_per_queue_id')")
    }

    /// The exported SYNs without their ids, and each event's SYN named by its source (file and line) instead of its id.
    static func withoutIDs(_ answers: [String: String]) throws -> [String: String] {
        func objects(_ text: String) throws -> [[String: Any]] {
            try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        }
        func lines(_ objects: [[String: Any]]) throws -> String {
            try objects.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }.joined(separator: "\n")
        }
        var out = answers
        var source: [Int: Any] = [:]
        var syns = try objects(answers["syns"] ?? "")
        for i in syns.indices {
            if let id = syns[i]["id"] as? Int { source[id] = syns[i]["source"] }
            syns[i]["id"] = nil
        }
        var events = try objects(answers["events"] ?? "")
        for i in events.indices { events[i]["syn_id"] = (events[i]["syn_id"] as? Int).flatMap { source[$0] } }
        out["syns"] = try lines(syns)
        out["events"] = try lines(events)
        return out
    }

    @Test func largeImportsGoInWithTheirKeysBuiltAfterAndDuplicatesAsInSQLite() throws {
        let server = try PrivatePostgres()
        let dir = temporaryDirectory("pg-bulk")
        let clean = try Self.writeEvidence(in: dir, name: "clean", hour: 1, duplicates: 0)
        let doubled = try Self.writeEvidence(in: dir, name: "doubled", hour: 2, duplicates: 40)
        let sqlite = dir.appendingPathComponent("bulk.db").path
        let pg = try server.createDatabase("bulk"), fresh = try server.createDatabase("fresh")
        // A case with its schema and a few rows; then the keys as a new case has them.
        let start = [PostgresCaseTests.demoFiles[2]]
        _ = try PostgresCaseTests.importFiles(start, into: sqlite)
        _ = try PostgresCaseTests.importFiles(start, into: pg)
        _ = try PostgresCaseTests.importFiles(start, into: fresh)
        let before = try Self.keyFiles(server, "bulk").split(separator: " ")

        // Without duplicates: 10,000 SYNs and 20,000 events, each more than the table held.
        let a = try PostgresCaseTests.importFiles(clean, into: sqlite, extra: Self.options)
        let b = try PostgresCaseTests.importFiles(clean, into: pg, extra: Self.options)
        #expect(a.stdout.replacingOccurrences(of: sqlite, with: "X") == b.stdout.replacingOccurrences(of: pg, with: "X"))
        let lines = b.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix(clean[1] + ": p0f:") == true, "the SYNs went in first: \(b.stdout)")
        #expect(b.stdout.contains("20000 records (20000 new)"), "\(b.stdout)")
        let rebuilt = try Self.keyFiles(server, "bulk").split(separator: " ")
        #expect(rebuilt.count == 2 && zip(rebuilt, before).allSatisfy { $0 != $1 }, "the keys were built after the rows")
        #expect(try server.value("bulk", "SELECT count(*) FROM events WHERE syn_id IS NOT NULL") == "20000")
        #expect(try Self.keys(server, "bulk") == (try Self.keys(server, "fresh")))
        for table in ["events", "syns"] {
            #expect(try botcensus(["export", table, "--case", sqlite]).stdout == (try botcensus(["export", table, "--case", pg]).stdout), "\(table): the same ids")
        }

        // With duplicates: the keys' build fails, the batch goes row by row and skips them, as SQLite's import does.
        let c = try PostgresCaseTests.importFiles(doubled, into: sqlite, extra: Self.options)
        let d = try PostgresCaseTests.importFiles(doubled, into: pg, extra: Self.options)
        #expect(c.stdout.replacingOccurrences(of: sqlite, with: "X") == d.stdout.replacingOccurrences(of: pg, with: "X"))
        #expect(d.stdout.contains("10040 records (10000 new)"), "the repeated SYN lines: \(d.stdout)")
        #expect(d.stdout.contains("20000 records (19960 new)"), "the reused queue ids: \(d.stdout)")
        #expect(try Self.keyFiles(server, "bulk").split(separator: " ") == rebuilt, "row by row, the keys were kept up")
        #expect(try Self.keys(server, "bulk") == (try Self.keys(server, "fresh")))
        // PostgreSQL's sequence gave each skipped duplicate an id too: the same answers, the ids apart.
        PostgresCaseTests.expectSame(try Self.withoutIDs(PostgresCaseTests.answers(sqlite)), try Self.withoutIDs(PostgresCaseTests.answers(pg)), "bulk")

        // Files read while the one before merges (PostgreSQL's second connection): one already in the case, one
        // nothing reads, one new; each says so in its turn, and only the new one adds anything, as in SQLite.
        let unreadable = dir.appendingPathComponent("notes.postfix.log").path
        try "this is not a mail log\nnor is this\n".write(toFile: unreadable, atomically: true, encoding: .utf8)
        let events = try server.value("bulk", "SELECT count(*) FROM events")
        let mixed = [doubled[0], unreadable, PostgresCaseTests.demoFiles[0]]
        let e = try botcensus(["import", "--case", sqlite, "--format", "postfix"] + Self.options + mixed)
        let f = try botcensus(["import", "--case", pg, "--format", "postfix"] + Self.options + mixed)
        #expect(e.status == 1 && f.status == 1, "\(f.stderr)")
        #expect(e.stdout.replacingOccurrences(of: sqlite, with: "X") == f.stdout.replacingOccurrences(of: pg, with: "X"))
        let when = /at \d{4}-\d\d-\d\dT[0-9:.]+Z/
        #expect(e.stderr.replacing(when, with: "at T") == f.stderr.replacing(when, with: "at T"), "\(e.stderr) | \(f.stderr)")
        #expect(f.stderr.contains("doubled.postfix.log: already imported") && f.stderr.contains("notes.postfix.log not imported"), "\(f.stderr)")
        #expect(f.stdout.contains("688 records (688 new)"), "\(f.stdout)")
        #expect(try server.value("bulk", "SELECT count(*) FROM events") == "\(Int(events)! + 688)")
    }
}
