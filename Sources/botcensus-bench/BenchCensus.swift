import Foundation

/// A botcensus command as the benchmarks time it: a child under `/usr/bin/time -v`, its wall seconds and peak
/// resident memory; and `census --recompute --stage-times` with what its JSON and stage lines say.
enum BenchCensus {
    struct Timed { var seconds: Double; var mib: Int; var run: ChildRun }

    static func timed(_ botcensus: String, _ arguments: [String], in dir: String) throws -> Timed {
        let r = try AnalysisBench.check(ChildRun.run("/usr/bin/time", ["-v", botcensus] + arguments, in: dir))
        return Timed(seconds: r.seconds, mib: (r.timeField("Maximum resident set size (kbytes)").flatMap { Int($0) } ?? 0) / 1024, run: r)
    }

    struct Census {
        var seconds: Double
        var mib: Int
        var json: String
        /// "49172 [47447–49736]": the estimate and its 95% interval.
        var hosts: String
        var messages: Int
        var addresses: Int
        /// `--stage-times` lines without their "stage " prefix.
        var stages: [String]
    }

    /// The fastest of `runs` `census --recompute --stage-times` runs.
    static func census(_ botcensus: String, _ casePath: String, in dir: String, runs: Int = 3) throws -> Census {
        var best: Census?
        for _ in 0..<runs {
            let t = try timed(botcensus, ["census", "--recompute", "--stage-times", "--case", casePath, "--format", "json"], in: dir)
            let json = ((try? JSONSerialization.jsonObject(with: Data(t.run.stdout.utf8))) as? [String: Any]) ?? [:]
            let estimate = json["estimate"] as? [String: Any] ?? [:]
            let run = Census(seconds: t.seconds, mib: t.mib, json: t.run.stdout,
                             hosts: "\(estimate["hosts"] ?? "?") [\(estimate["hosts_low"] ?? "?")–\(estimate["hosts_high"] ?? "?")]",
                             messages: json["messages"] as? Int ?? 0, addresses: json["addresses"] as? Int ?? 0,
                             stages: t.run.stderr.split(separator: "\n").filter { $0.hasPrefix("stage ") }.map { String($0.dropFirst("stage ".count)) })
            if best == nil || run.seconds < best!.seconds { best = run }
        }
        return best!
    }
}
