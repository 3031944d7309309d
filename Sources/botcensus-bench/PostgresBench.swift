import Foundation

/// `botcensus-bench postgres [DIR]`: the seed-7 ThingBot world (as `bench-analysis` builds it, in DIR) imported
/// and counted as users run it, into a new SQLite case and into a new database of a PostgreSQL server of the
/// benchmark's own, each timed end to end with its peak memory; beside them the floor of the server's own work:
/// `psql \copy` of the same events (a CSV from the SQLite case) into a table with the events table's indexes, and
/// the 2014 method's figure (distinct addresses) from each database's shell. Then where each census spent its
/// time (`--stage-times`), and whether the two backends gave the same census.
enum PostgresBench {
    static func main(_ arguments: [String]) throws {
        let dir = arguments.first ?? NSTemporaryDirectory() + "botcensus-bench"
        let world = dir + "/thingbot-7"
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-postgres")
        guard let sqlite = which("sqlite3") else { throw BenchError("sqlite3 is not installed (scripts/setup.sh installs it)") }
        let evidence = try AnalysisBench.buildWorld(world, caseAt: nil, botcensus: botcensus, in: dir)
        let server = try BenchPostgres(folder: dir + "/postgres")
        defer { server.stop() }

        // Both imports start from nothing: a new SQLite file, a new database.
        let sqliteCase = dir + "/postgres-bench.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqliteCase + suffix) }
        try check(ChildRun.run(server.psql, server.psqlArguments("postgres", "CREATE DATABASE thingbot"), in: dir))
        let pgCase = server.url("thingbot")
        benchNote("botcensus import into SQLite")
        let sqliteImport = try BenchCensus.timed(botcensus, AnalysisBench.importArguments(sqliteCase) + evidence, in: dir)
        benchNote("botcensus import into PostgreSQL")
        let pgImport = try BenchCensus.timed(botcensus, AnalysisBench.importArguments(pgCase) + evidence, in: dir)
        let records = try recordCount(sqlite, sqliteCase, in: dir)

        // The server loading the same events with COPY alone, into the events table's indexes.
        let columns = "id, dedup, ip, time, kind, queue_id, session, ordinal, hostname, helo, campaign, message_id, subject, mailer, sent_at, line, syn_id, import_id"
        let csv = dir + "/postgres-bench-events.csv"
        defer { try? FileManager.default.removeItem(atPath: csv) }
        _ = try TimedChild.run(sqlite, ["-csv", sqliteCase, "SELECT \(columns) FROM events ORDER BY id"], stdout: csv, dir: dir)
        try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", "CREATE TABLE copy_floor (LIKE events INCLUDING INDEXES)"), in: dir))
        benchNote("psql \\copy of the same events")
        let copyFloor = try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", "\\copy copy_floor (\(columns)) FROM '\(csv)' CSV"), in: dir))
        try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", "DROP TABLE copy_floor"), in: dir))
        // The server's floor: the same rows into a table without indexes, then each of the events table's keys
        // built in one sorted pass (what a bulk merge does at best, docs/POSTGRES.md).
        try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", "CREATE TABLE copy_bare (LIKE events)"), in: dir))
        let bareCopy = try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", "\\copy copy_bare (\(columns)) FROM '\(csv)' CSV"), in: dir))
        let indexes = try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", """
            SELECT replace(replace(indexdef, 'ON public.events ', 'ON public.copy_bare '), 'INDEX ' || indexname || ' ', 'INDEX ' || indexname || '_bare ')
            FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'events' ORDER BY indexname
            """), in: dir)).stdout.split(separator: "\n").filter { !$0.isEmpty }
        let keys = try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", (["SET maintenance_work_mem = '256MB'"] + indexes).joined(separator: ";\n")), in: dir))
        try check(ChildRun.run(server.psql, server.psqlArguments("thingbot", "DROP TABLE copy_bare"), in: dir))
        let events = try check(ChildRun.run(sqlite, [sqliteCase, "SELECT count(*) FROM events"], in: dir)).stdout.trimmed

        benchNote("botcensus census on both, three runs each")
        let sqliteCensus = try BenchCensus.census(botcensus, sqliteCase, in: dir)
        let pgCensus = try BenchCensus.census(botcensus, pgCase, in: dir)
        let sqliteNaive = try ChildRun.best(3, sqlite, [sqliteCase, "SELECT count(DISTINCT ip) FROM events"], in: dir)
        let pgNaive = try ChildRun.best(3, server.psql, server.psqlArguments("thingbot", "SELECT count(DISTINCT ip) FROM events"), in: dir)

        func rate(_ n: Int, _ seconds: Double) -> String { IngestBench.grouped(Int(Double(n) / seconds)) + "/s" }
        let rows: [[String]] = [
            ["", "seconds", "peak MiB", "what"],
            ["botcensus import → SQLite", String(format: "%.1f", sqliteImport.seconds), "\(sqliteImport.mib)", "\(rate(records, sqliteImport.seconds)) records"],
            ["botcensus import → PostgreSQL", String(format: "%.1f", pgImport.seconds), "\(pgImport.mib)", "\(rate(records, pgImport.seconds)) records"],
            ["psql \\copy of the events alone, indexes kept up", String(format: "%.1f", copyFloor.seconds), "–",
             "\(rate(Int(events) ?? 0, copyFloor.seconds)) events"],
            ["  without indexes, then the \(indexes.count) keys built", String(format: "%.1f", bareCopy.seconds + keys.seconds), "–",
             String(format: "\\copy %.1f s + keys %.1f s: the server's floor", bareCopy.seconds, keys.seconds)],
            ["botcensus census --recompute, SQLite", String(format: "%.1f", sqliteCensus.seconds), "\(sqliteCensus.mib)", sqliteCensus.hosts + " infected hosts"],
            ["botcensus census --recompute, PostgreSQL", String(format: "%.1f", pgCensus.seconds), "\(pgCensus.mib)",
             pgCensus.json == sqliteCensus.json ? "the same census" : "DIFFERENT census"],
            ["sqlite3: distinct addresses (the 2014 method)", String(format: "%.2f", sqliteNaive.seconds), "–", sqliteNaive.stdout.trimmed],
            ["psql: distinct addresses (the 2014 method)", String(format: "%.2f", pgNaive.seconds), "–", pgNaive.stdout.trimmed],
        ]
        print("SQLite and PostgreSQL: ThingBot world, seed 7 — \(IngestBench.grouped(records)) records (\(IngestBench.grouped(Int(events) ?? 0)) spam events, SYNs, observations)")
        print("")
        print(BenchTable.text(rows))
        print("")
        print("where each census's fastest run spent its time (--stage-times):")
        for (name, run) in [("SQLite", sqliteCensus), ("PostgreSQL", pgCensus)] {
            print("  \(name):")
            for stage in run.stages { print("    " + stage) }
        }
    }

    /// Every record the import wrote: spam events, SYNs (with their clocks' rows) and observations.
    static func recordCount(_ sqlite: String, _ casePath: String, in dir: String) throws -> Int {
        let sql = "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM syns) + (SELECT count(*) FROM observations)"
        return Int(try check(ChildRun.run(sqlite, [casePath, sql], in: dir)).stdout.trimmed) ?? 0
    }

    @discardableResult
    static func check(_ r: ChildRun) throws -> ChildRun { try AnalysisBench.check(r) }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
