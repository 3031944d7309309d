import BotCensusTesting
import Foundation
import Testing

/// `--case postgresql://…` on a PostgreSQL server of the test's own: the same evidence imported into SQLite
/// and into PostgreSQL gives the same verdicts, census and exports, byte for byte; `case copy` moves a case
/// both ways losing nothing; bad URLs and foreign databases are refused in one line; the HTML report is the same.
@Suite(.serialized, .enabled(if: PrivatePostgres.testsRun, "PostgreSQL is not installed (scripts/setup.sh installs it)"))
struct PostgresCaseTests {
    static let demo = packageRoot.appendingPathComponent("Sources/Workflow/Resources/demo")
    static var demoFiles: [String] { ["postfix.log", "p0f.log", "zgrab2.jsonl"].map { demo.appendingPathComponent($0).path } }

    /// What a case answers, as a user reads it: verdicts, census, and every exported table.
    static func answers(_ casePath: String, recompute: Bool = false) throws -> [String: String] {
        var out: [String: String] = [:]
        func take(_ name: String, _ arguments: [String]) throws {
            let r = try botcensus(arguments + ["--case", casePath])
            guard r.status == 0 else { throw TestFailure("\(arguments.joined(separator: " ")) on \(casePath): \(r.stderr)") }
            out[name] = r.stdout
        }
        try take("attribute", ["attribute", "--format", "jsonl"] + (recompute ? ["--recompute"] : []))
        try take("census", ["census", "--format", "json"])
        for table in ["events", "syns", "observations", "identities", "clocks", "verdicts"] { try take(table, ["export", table]) }
        return out
    }

    static func expectSame(_ a: [String: String], _ b: [String: String], _ what: String) {
        #expect(a.keys.sorted() == b.keys.sorted())
        for key in a.keys.sorted() {
            #expect(a[key] == b[key], "\(what): \(key) differs")
        }
    }

    static func importFiles(_ files: [String], into casePath: String, extra: [String] = []) throws -> CommandResult {
        let r = try botcensus(["import", "--case", casePath] + extra + files)
        guard r.status == 0 else { throw TestFailure("import into \(casePath): \(r.stderr)") }
        return r
    }

    @Test func demoImportedIntoPostgreSQLAnswersAsInSQLite() throws {
        let server = try PrivatePostgres()
        let dir = temporaryDirectory("pg-demo")
        let sqlite = dir.appendingPathComponent("demo.db").path
        let pg = try server.createDatabase("demo")
        let sqliteImport = try Self.importFiles(Self.demoFiles, into: sqlite)
        let pgImport = try Self.importFiles(Self.demoFiles, into: pg)
        // The same counts per file (688 events, 339 SYNs, 21 observations, all new).
        #expect(sqliteImport.stdout.replacingOccurrences(of: "case \(sqlite)", with: "case X")
                == pgImport.stdout.replacingOccurrences(of: "case \(pg)", with: "case X"))
        #expect(pgImport.stdout.contains("688 records (688 new)"), "\(pgImport.stdout)")
        #expect(try server.value("demo", "SELECT count(*) FROM events") == "688")
        #expect(try server.value("demo", "SELECT count(*) FROM events WHERE syn_id IS NOT NULL")
                == (try run(try tool("sqlite3"), [sqlite, "SELECT count(*) FROM events WHERE syn_id IS NOT NULL"]).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)))
        // The load into the new case built the events' indexes after the rows; an open for writing builds
        // again what a load cut short left out.
        let eventIndexes = "SELECT count(*) FROM pg_indexes WHERE indexname IN ('events_by_ip', 'events_by_campaign')"
        #expect(try server.value("demo", eventIndexes) == "2")
        // The import left the planner statistics of what it loaded.
        #expect(try server.value("demo", "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('events', 'syns') AND last_analyze IS NOT NULL") == "2")
        _ = try server.value("demo", "DROP INDEX events_by_ip")
        #expect(try server.value("demo", eventIndexes) == "1")
        let fromSQLite = try Self.answers(sqlite), fromPostgres = try Self.answers(pg)
        #expect(try server.value("demo", eventIndexes) == "2")
        Self.expectSame(fromSQLite, fromPostgres, "demo")
        #expect(fromPostgres["attribute"]?.split(separator: "\n").count == 40)
        // The analysis stored in PostgreSQL is read back as computed; recomputing gives it again.
        Self.expectSame(fromPostgres, try Self.answers(pg, recompute: true), "recomputed")

        // A file imported again adds nothing; an overlapping file adds only what is new, as in SQLite.
        let again = try botcensus(["import", "--case", pg, Self.demoFiles[0]])
        let againSQLite = try botcensus(["import", "--case", sqlite, Self.demoFiles[0]])
        #expect(again.status == againSQLite.status && again.stderr.contains("already imported (as ") && again.stderr.contains("nothing added"), "\(again.stderr)")
        let lines = try String(contentsOfFile: Self.demoFiles[0], encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let overlap = dir.appendingPathComponent("overlap.log").path
        try (lines.prefix(1200).joined(separator: "\n") + "\n" + lines.prefix(1200).suffix(10).joined(separator: "\n") + "\n")
            .write(toFile: overlap, atomically: true, encoding: .utf8)
        let a = try Self.importFiles([overlap], into: sqlite), b = try Self.importFiles([overlap], into: pg)
        let counts = { (r: CommandResult) in r.stdout.split(separator: "\n").first { $0.contains("overlap.log") }.map { String($0.split(separator: ":", maxSplits: 1)[1]) } }
        #expect(counts(a) != nil && counts(a) == counts(b), "\(a.stdout) | \(b.stdout)")
        #expect(try server.value("demo", "SELECT count(*) FROM events") == "688")
    }

    /// A simulated ThingBot world, two of the proof worlds (Tests/ProofTests) and a stress world.
    @Test(arguments: [("thingbot-small.json", 5), ("proof/world-00.json", 0), ("proof/world-11.json", 11), ("stress-family/world-02.json", 2)])
    func simulatedWorldGivesTheSameCensusOnPostgreSQL(scenario: String, seed: Int) throws {
        let server = try PrivatePostgres()
        let dir = temporaryDirectory("pg-world")
        let world = dir.appendingPathComponent("world").path
        let sim = try botcensus(["simulate", packageRoot.appendingPathComponent("scenarios/\(scenario)").path, "--out", world, "--seed", "\(seed)"])
        guard sim.status == 0 else { throw TestFailure("simulate: \(sim.stderr)") }
        let files = try FileManager.default.contentsOfDirectory(atPath: world)
            .filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0 == "scan.zgrab2.jsonl" }.sorted().map { "\(world)/\($0)" }
        let options = ["--db", "own", "--year", "2026", "--timezone", "utc"]
        let sqlite = dir.appendingPathComponent("world.db").path
        let pg = try server.createDatabase("world")
        _ = try Self.importFiles(files, into: sqlite, extra: options)
        _ = try Self.importFiles(files, into: pg, extra: options)
        let fromSQLite = try Self.answers(sqlite), fromPostgres = try Self.answers(pg)
        Self.expectSame(fromSQLite, fromPostgres, scenario)
        #expect((fromPostgres["clocks"]?.count ?? 0) > 0, "the pcaps' TCP clocks are in the case")
        // Scored against the world's truth, the PostgreSQL case is the SQLite case.
        let truth = "\(world)/truth.json"
        let scoreSQLite = try botcensus(["evaluate", "--case", sqlite, "--truth", truth, "--format", "json"])
        let scorePostgres = try botcensus(["evaluate", "--case", pg, "--truth", truth, "--format", "json"])
        #expect(scoreSQLite.status == 0 && scorePostgres.stdout == scoreSQLite.stdout, "\(scorePostgres.stderr)")
    }

    @Test func caseCopyMovesACaseBothWaysLosingNothing() throws {
        let server = try PrivatePostgres()
        let dir = temporaryDirectory("pg-copy")
        let sqlite = dir.appendingPathComponent("demo.db").path
        _ = try Self.importFiles(Self.demoFiles, into: sqlite)
        let original = try Self.answers(sqlite)
        let pg = try server.createDatabase("copied")
        let there = try botcensus(["case", "copy", sqlite, pg])
        #expect(there.status == 0 && there.stdout.contains("events 688"), "\(there.stdout)\(there.stderr)")
        Self.expectSame(original, try Self.answers(pg), "SQLite to PostgreSQL")
        // New rows continue after the copied ids.
        #expect(try server.value("copied", "SELECT nextval(pg_get_serial_sequence('events', 'id')) > (SELECT max(id) FROM events)") == "t")
        let back = dir.appendingPathComponent("back.db").path
        let home = try botcensus(["case", "copy", pg, back])
        #expect(home.status == 0, "\(home.stderr)")
        Self.expectSame(original, try Self.answers(back), "PostgreSQL to SQLite")
        // Every table's rows came back as they were, ids included.
        for table in ["imports", "events", "syns", "observations", "identities", "verdicts", "analysis"] {
            let a = try run(try tool("sqlite3"), [sqlite, "SELECT * FROM \(table) ORDER BY 1"]).stdout
            let b = try run(try tool("sqlite3"), [back, "SELECT * FROM \(table) ORDER BY 1"]).stdout
            #expect(a == b && !a.isEmpty, "\(table)")
        }
        // A destination that holds a case is refused, and left as it was.
        let refused = try botcensus(["case", "copy", sqlite, pg])
        #expect(refused.status == 1 && refused.stderr.contains("already holds a case"), "\(refused.stderr)")
        #expect(try server.value("copied", "SELECT count(*) FROM events") == "688")
    }

    @Test func whatCannotBeDoneIsSaidInOneLineAndTheReportIsTheSame() throws {
        let server = try PrivatePostgres()
        let dir = temporaryDirectory("pg-errors")
        // No server there.
        let closed = try botcensus(["census", "--case", "postgresql://botcensus@127.0.0.1:1/none"])
        #expect(closed.status == 1 && closed.stderr.contains("postgresql://botcensus@127.0.0.1:1/none: cannot connect"), "\(closed.stderr)")
        // A URL without a database.
        let bad = try botcensus(["census", "--case", "postgresql://botcensus@127.0.0.1"])
        #expect(bad.status == 1 && bad.stderr.contains("no database name"), "\(bad.stderr)")
        // A database with no case: reading commands never create one.
        let empty = try server.createDatabase("empty")
        let none = try botcensus(["census", "--case", empty])
        #expect(none.status == 1 && none.stderr.contains("no botcensus case in this database"), "\(none.stderr)")
        #expect(try server.value("empty", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0")
        // A database that holds other tables is not taken over.
        let other = try server.createDatabase("other")
        _ = try server.value("other", "CREATE TABLE mine (x int)")
        let taken = try botcensus(["import", "--case", other, Self.demoFiles[0]])
        #expect(taken.status == 1 && taken.stderr.contains("holds other tables"), "\(taken.stderr)")
        // The HTML report of a PostgreSQL case is the SQLite one's, but for the case's name and the time it was made.
        let pg = try server.createDatabase("pgreportcase")
        let sqlite = dir.appendingPathComponent("pgreportcase.db").path
        _ = try Self.importFiles(Self.demoFiles, into: pg)
        _ = try Self.importFiles(Self.demoFiles, into: sqlite)
        func page(_ casePath: String, _ name: String) throws -> String {
            let out = dir.appendingPathComponent(name).path
            let r = try botcensus(["report", "--case", casePath, "--out", out])
            guard r.status == 0 else { throw TestFailure("report --case \(casePath): \(r.stderr)") }
            return try String(contentsOfFile: out, encoding: .utf8)
                // The time is said twice, in the header and the footer; two runs may fall in different seconds.
                .replacingOccurrences(of: #"(Report made|Made by botcensus [^ ]+ at) [0-9TZ:-]+"#, with: "$1 T", options: .regularExpression)
        }
        let fromSQLite = try page(sqlite, "a.html").replacingOccurrences(of: sqlite, with: "CASE").replacingOccurrences(of: "pgreportcase.db", with: "CASE")
        let fromPostgres = try page(pg, "b.html").replacingOccurrences(of: pg, with: "CASE").replacingOccurrences(of: "pgreportcase", with: "CASE")
        #expect(fromSQLite.count > 100_000 && fromSQLite == fromPostgres, "the report of the PostgreSQL case differs")
    }
}
