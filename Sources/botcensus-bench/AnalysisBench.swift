import Foundation

/// `botcensus-bench analysis [DIR]`: attribution and census on the reduced-scale ThingBot world (seed 7:
/// ~1.65 M spam events from ~100 k addresses), timed as `botcensus census` runs them (read the case, fit the
/// model, attribute every address, store the verdicts, count), with peak memory from `/usr/bin/time -v`;
/// and the seconds and memory of each step (`--stage-times`); beside it the 2014 method's figure (distinct addresses) from the sqlite3 shell on the same case. The
/// world and its case are built once in DIR and reused.
enum AnalysisBench {
    static func main(_ arguments: [String]) throws {
        let dir = arguments.first ?? NSTemporaryDirectory() + "botcensus-bench"
        let world = dir + "/thingbot-7"
        let casePath = world + "/case.db"
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-analysis")
        try buildWorld(world, caseAt: casePath, botcensus: botcensus, in: dir)
        guard let sqlite = which("sqlite3") else { throw BenchError("sqlite3 is not installed (scripts/setup.sh installs it)") }
        let events = try check(ChildRun.run(sqlite, [casePath, "SELECT COUNT(*) FROM events"], in: dir)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        benchNote("botcensus census, three runs")
        let best = try BenchCensus.census(botcensus, casePath, in: dir)
        // The analysis is stored with the case: a second census (or attribute, evaluate) reads it back.
        let stored = try BenchCensus.timed(botcensus, ["census", "--case", casePath, "--format", "json"], in: dir)
        let naive = try ChildRun.best(3, sqlite, [casePath, "SELECT COUNT(DISTINCT ip) FROM events"], in: dir)
        let truth = ((try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: world + "/truth.json")))) as? [String: Any])?["infected"] as? [String: Any]

        let rows: [[String]] = [
            ["", "seconds", "peak MiB", "infected hosts"],
            ["botcensus census (attribute + census)", String(format: "%.1f", best.seconds), "\(best.mib)", best.hosts],
            ["botcensus census again (stored analysis)", String(format: "%.1f", stored.seconds), "\(stored.mib)",
             stored.run.stdout == best.json ? "the same census" : "DIFFERENT census"],
            ["sqlite3: distinct addresses (the 2014 method)", String(format: "%.1f", naive.seconds), "–",
             naive.stdout.trimmingCharacters(in: .whitespacesAndNewlines)],
            ["truth (truth.json)", "–", "–", "\(truth?["hosts"] ?? "?")"],
        ]
        print("attribution and census: ThingBot world, seed 7 — \(events) spam events from \(best.addresses) addresses, \(best.messages) messages")
        print("")
        print(BenchTable.text(rows))
        print("")
        print("where the fastest run's time went (botcensus census --recompute --stage-times):")
        for stage in best.stages { print("  " + stage) }
    }

    /// The seed-7 world of `scenario` (ThingBot unless named) in `world`, simulated once (and imported into the
    /// SQLite case `casePath` when given); returns its evidence files.
    @discardableResult
    static func buildWorld(_ world: String, caseAt casePath: String?, botcensus: String, in dir: String,
                           scenario: String = thingbotScenario) throws -> [String] {
        if !FileManager.default.fileExists(atPath: world + "/truth.json") {
            try FileManager.default.createDirectory(atPath: world, withIntermediateDirectories: true)
            benchNote("simulating \(URL(fileURLWithPath: scenario).lastPathComponent) (seed 7) into \(world)")
            try check(ChildRun.run(botcensus, ["simulate", scenario, "--out", world, "--seed", "7"], in: dir))
        }
        if let casePath, !FileManager.default.fileExists(atPath: casePath) {
            benchNote("importing \(try evidence(in: world).count) files into \(casePath)")
            try check(ChildRun.run(botcensus, importArguments(casePath) + (try evidence(in: world)), in: dir))
        }
        return try evidence(in: world)
    }

    /// scenarios/thingbot.json of this checkout.
    static var thingbotScenario: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/thingbot.json").path
    }

    /// A simulated world's evidence files, in the order README imports them.
    static func evidence(in world: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: world).sorted()
            .filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0.hasSuffix(".zgrab2.jsonl") }.map { world + "/" + $0 }
    }

    /// `botcensus import` as README gives it for the world, before the files.
    static func importArguments(_ casePath: String) -> [String] {
        ["import", "--case", casePath, "--db", "own", "--year", "2026", "--timezone", "utc"]
    }

    @discardableResult
    static func check(_ r: ChildRun) throws -> ChildRun {
        guard r.status == 0 else { throw BenchError("a child failed (\(r.status)): \(r.stderr.suffix(2000))") }
        return r
    }

}
