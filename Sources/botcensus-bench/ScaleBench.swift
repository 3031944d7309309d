import Foundation

/// `botcensus-bench scale [DIR] [--factors 1,3,10] [--postgres 1,3]`: how `import` and `census` grow with the
/// world. The ThingBot scenario with its households multiplied by each factor (1x is `bench-analysis`'s world;
/// larger ones get their address pools, equally dense, in 240.0.0.0/4), simulated once in DIR, imported into a
/// new SQLite case (and, for the `--postgres` factors, into a new database of a PostgreSQL server of the
/// benchmark's own) and counted with `census --recompute --stage-times`, each command timed end to end with its
/// peak memory. Beside it, per case, the peer's figure: the 2014 method's count (distinct addresses) by the
/// database's own shell (sqlite3, psql), and the truth. Prints one table per backend: a column per factor, a
/// row per figure and per census stage.
enum ScaleBench {
    static func main(_ arguments: [String]) throws {
        var dir = NSTemporaryDirectory() + "botcensus-bench"
        var factors = [1, 3, 10]
        var postgresFactors: [Int] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--factors": factors = try list(rest.popFirst(), argument)
            case "--postgres":
                let value = rest.popFirst() ?? ""
                postgresFactors = value.isEmpty ? [] : try list(value, argument)
            default: dir = argument
            }
        }
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-scale")
        guard let sqlite = which("sqlite3") else { throw BenchError("sqlite3 is not installed (scripts/setup.sh installs it)") }
        let server = postgresFactors.isEmpty ? nil : try BenchPostgres(folder: dir + "/postgres-scale")
        defer { server?.stop() }

        var sqliteRuns: [Run] = []
        var postgresRuns: [Run] = []
        for factor in factors {
            let evidence = try world(factor, botcensus: botcensus, in: dir)
            let sqliteCase = dir + "/scale-x\(factor).db"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqliteCase + suffix) }
            benchNote("\(factor)x: botcensus import and census, SQLite")
            let truth = truthHosts(factor, in: dir)
            var sqliteRun = try run(factor, botcensus, sqliteCase, evidence, in: dir)
            sqliteRun.naive = try ChildRun.best(3, sqlite, [sqliteCase, "SELECT count(DISTINCT ip) FROM events"], in: dir)
            sqliteRun.truth = truth
            sqliteRuns.append(sqliteRun)
            if let server, postgresFactors.contains(factor) {
                let database = "scale_x\(factor)"
                _ = try PostgresBench.check(ChildRun.run(server.psql, server.psqlArguments("postgres", "DROP DATABASE IF EXISTS \(database)"), in: dir))
                _ = try PostgresBench.check(ChildRun.run(server.psql, server.psqlArguments("postgres", "CREATE DATABASE \(database)"), in: dir))
                benchNote("\(factor)x: botcensus import and census, PostgreSQL")
                var postgresRun = try run(factor, botcensus, server.url(database), evidence, in: dir)
                postgresRun.naive = try ChildRun.best(3, server.psql, server.psqlArguments(database, "SELECT count(DISTINCT ip) FROM events"), in: dir)
                postgresRun.truth = truth
                postgresRuns.append(postgresRun)
            }
        }
        print("growth with the world: the ThingBot scenario (seed 7) with its households multiplied; each command end to end")
        for (name, runs) in [("SQLite", sqliteRuns), ("PostgreSQL", postgresRuns)] where !runs.isEmpty {
            print("")
            print(table(name, runs, shell: name == "SQLite" ? "sqlite3" : "psql"))
        }
    }

    /// The infected hosts of the world of `factor` (its truth.json).
    static func truthHosts(_ factor: Int, in dir: String) -> String {
        let world = dir + (factor == 1 ? "/thingbot-7" : "/thingbot-7-x\(factor)")
        let truth = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: world + "/truth.json")))) as? [String: Any]
        return ((truth?["infected"] as? [String: Any])?["hosts"] as? Int).map(IngestBench.grouped) ?? "?"
    }

    private static func list(_ text: String?, _ flag: String) throws -> [Int] {
        guard let text, case let values = text.split(separator: ",").compactMap({ Int($0) }), !values.isEmpty, values.allSatisfy({ $0 >= 1 }) else {
            throw BenchError("\(flag) takes factors such as 1,3,10")
        }
        return values
    }

    /// The world of `factor` in DIR (simulated once), as evidence files in the order README imports them.
    static func world(_ factor: Int, botcensus: String, in dir: String) throws -> [String] {
        if factor == 1 { return try AnalysisBench.buildWorld(dir + "/thingbot-7", caseAt: nil, botcensus: botcensus, in: dir) }
        let scenario = dir + "/thingbot-x\(factor).json"
        try scaled(AnalysisBench.thingbotScenario, by: factor).write(to: URL(fileURLWithPath: scenario))
        return try AnalysisBench.buildWorld(dir + "/thingbot-7-x\(factor)", caseAt: nil, botcensus: botcensus, in: dir, scenario: scenario)
    }

    /// The scenario with `factor` times the households, each pool as dense as before: its size times the next
    /// power of two ≥ factor, laid out one after another in 240.0.0.0/4.
    static func scaled(_ path: String, by factor: Int) throws -> Data {
        guard var scenario = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any],
              let households = scenario["households"] as? Int, let pools = scenario["pools"] as? [[String: Any]] else {
            throw BenchError("\(path): not the ThingBot scenario this bench scales")
        }
        scenario["name"] = "thingbot-x\(factor)"
        scenario["households"] = households * factor
        var growth = 1, growthBits = 0
        while growth < factor { growth *= 2; growthBits += 1 }
        var next: UInt64 = 0xF000_0000
        scenario["pools"] = try pools.map { pool in
            guard let cidr = pool["cidr"] as? String, let slash = cidr.firstIndex(of: "/"), let length = Int(cidr[cidr.index(after: slash)...]) else {
                throw BenchError("\(path): a pool without a CIDR")
            }
            let newLength = length - growthBits
            let size = UInt64(1) << UInt64(32 - newLength)
            next = (next + size - 1) / size * size
            var copy = pool
            copy["cidr"] = "\(next >> 24).\(next >> 16 & 255).\(next >> 8 & 255).\(next & 255)/\(newLength)"
            next += size
            return copy
        }
        return try JSONSerialization.data(withJSONObject: scenario, options: [.prettyPrinted, .sortedKeys])
    }

    struct Run {
        var factor: Int
        var imported: BenchCensus.Timed
        var census: BenchCensus.Census
        /// The 2014 method's count in the database's shell, and the truth.
        var naive: ChildRun?
        var truth = "?"
    }

    static func run(_ factor: Int, _ botcensus: String, _ casePath: String, _ evidence: [String], in dir: String) throws -> Run {
        Run(factor: factor, imported: try BenchCensus.timed(botcensus, AnalysisBench.importArguments(casePath) + evidence, in: dir),
            census: try BenchCensus.census(botcensus, casePath, in: dir, runs: 1))
    }

    static func table(_ backend: String, _ runs: [Run], shell: String) -> String {
        func seconds(_ s: Double) -> String { String(format: "%.1f s", s) }
        var rows: [[String]] = [[backend] + runs.map { "\($0.factor)x" }]
        rows.append(["spam messages"] + runs.map { IngestBench.grouped($0.census.messages) })
        rows.append(["addresses"] + runs.map { IngestBench.grouped($0.census.addresses) })
        rows.append(["import (s, peak MiB)"] + runs.map { "\(seconds($0.imported.seconds)), \($0.imported.mib)" })
        rows.append(["import rate (messages/s)"] + runs.map { IngestBench.grouped(Int(Double($0.census.messages) / $0.imported.seconds)) })
        rows.append(["census --recompute (s, peak MiB)"] + runs.map { "\(seconds($0.census.seconds)), \($0.census.mib)" })
        // Stage lines read "attributing 101078 addresses: 1.76 s, resident 1012 MiB, peak 1011 MiB".
        let stageCount = runs.map { $0.census.stages.count }.min() ?? 0
        for i in 0..<stageCount {
            let name = runs[0].census.stages[i].split(separator: ":")[0].split(separator: " ").filter { Int($0) == nil }.joined(separator: " ")
            rows.append(["  " + name] + runs.map { stage($0.census.stages[i]) })
        }
        rows.append(["infected hosts [95%]"] + runs.map { $0.census.hosts })
        rows.append(["\(shell): distinct addresses, the 2014 method (s, hosts)"] + runs.map { r in
            r.naive.map { String(format: "%.2f s, ", $0.seconds) + $0.stdout.trimmingCharacters(in: .whitespacesAndNewlines) } ?? "–"
        })
        rows.append(["truth (truth.json)"] + runs.map(\.truth))
        return BenchTable.text(rows)
    }

    /// "reading the case: 5.95 s, resident 856 MiB, peak 856 MiB" → "5.95 s, 856".
    private static func stage(_ line: String) -> String {
        let fields = line.split(separator: ":").last.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let peak = fields.first { $0.hasPrefix("peak ") }.map { $0.dropFirst("peak ".count).replacingOccurrences(of: " MiB", with: "") }
        return [fields.first, peak].compactMap { $0 }.joined(separator: ", ")
    }
}
