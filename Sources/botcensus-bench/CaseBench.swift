import BotCensusCore
import Foundation

/// `make bench-case`: the case commands as users run them (release binary, child processes), beside the
/// sqlite3 shell. A Postfix log of issue 9's shape — 700,000 connections from addresses in 198.18.0.0/15,
/// a `connect`, a `client=` and a `disconnect` line each (2.1 M lines), bursts of one to four connections of
/// one address in one second on different smtpd processes — is generated once in DIR. Then `botcensus import`
/// into a fresh case (wall time, peak resident memory, and whether every connection and message counts), and
/// `botcensus export events` beside `sqlite3 -json CASE 'select * from events'` on that case (best of 3).
enum CaseBench {
    static let connections = 700_000

    static func main(_ arguments: [String]) throws {
        let dir = arguments.first ?? "/tmp/botcensus-bench"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let log = dir + "/sessions.postfix.log"
        if !FileManager.default.fileExists(atPath: log) {
            benchNote("writing \(log) (\(connections) connections)")
            try writeLog(log)
        }
        let size = (try FileManager.default.attributesOfItem(atPath: log)[.size] as? NSNumber)?.intValue ?? 0
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-case")
        guard let sqlite3 = which("sqlite3") else { throw BenchError("sqlite3 is not installed (scripts/setup.sh installs it)") }

        // Import, under /usr/bin/time -v for the peak resident set.
        let casePath = dir + "/bench-sessions.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: casePath + suffix) }
        let imported = try ChildRun.run("/usr/bin/time", ["-v", botcensus, "import", "--case", casePath, "--timezone", "utc",
                                                           "--year", "2026", log], in: dir)
        guard imported.status == 0 else { throw BenchError("botcensus import failed (\(imported.status)): \(imported.stderr.suffix(2000))") }
        let peak = (imported.timeField("Maximum resident set size (kbytes)").flatMap { Int($0) } ?? 0) / 1024
        let expected = 2 * connections
        let events = Int(imported.stdout.split(separator: "\n").last?.split(separator: " ").dropFirst(2).first ?? "") ?? -1

        // Export beside the sqlite3 shell, on the same table.
        let ours = try TimedChild.best(3, botcensus, ["export", "events", "--case", casePath], stdout: dir + "/events.jsonl", dir: dir)
        let theirs = try TimedChild.best(3, sqlite3, ["-json", casePath, "select * from events"], stdout: dir + "/events.sqlite3.json", dir: dir)
        let ourRows = try countLines(dir + "/events.jsonl")
        let theirRows = try countLines(dir + "/events.sqlite3.json")

        func rate(_ n: Int, _ s: Double) -> String { IngestBench.rate(Double(n) / s, "rows") }
        print("input: \(IngestBench.grouped(2_100_000)) Postfix log lines, \(IngestBench.mib(size)), \(IngestBench.grouped(connections)) connections\n")
        print(BenchTable.text([
            ["command", "wall", "rate", "peer", "peer rate", "botcensus/peer", "same answer"],
            ["botcensus import", String(format: "%.2f s", imported.seconds),
             IngestBench.rate(Double(max(events, 0)) / imported.seconds, "events") + ", " + IngestBench.mbps(Double(size) / imported.seconds),
             "", "", "",
             "\(events == expected ? "yes" : "NO"): \(IngestBench.grouped(events)) of \(IngestBench.grouped(expected)) events; peak RSS \(peak) MiB"],
            ["botcensus export events", String(format: "%.2f s", ours.seconds), rate(ourRows, ours.seconds),
             String(format: "sqlite3 -json %.2f s", theirs.seconds), rate(theirRows, theirs.seconds),
             String(format: "%.2fx", theirs.seconds / ours.seconds),
             "\(ourRows == theirRows ? "yes" : "NO"): \(IngestBench.grouped(ourRows)) vs \(IngestBench.grouped(theirRows)) rows"],
        ]))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: casePath + suffix) }
        try? FileManager.default.removeItem(atPath: dir + "/events.jsonl")
        try? FileManager.default.removeItem(atPath: dir + "/events.sqlite3.json")
    }


    /// Objects in a file of one JSON object per line (`[{…},` … `{…}]` from sqlite3 counts the same way):
    /// lines whose first byte, after an opening `[`, is `{`.
    static func countLines(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BenchError("\(path): cannot read") }
        defer { try? handle.close() }
        var count = 0, column = 0, bracket = false
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for b in chunk {
                if b == 10 { column = 0; bracket = false; continue }
                if column == 0 && b == UInt8(ascii: "[") { bracket = true } else if b == UInt8(ascii: "{") && (column == 0 || (column == 1 && bracket)) { count += 1 }
                column += 1
            }
        }
        return count
    }

    static func writeLog(_ path: String) throws {
        guard let out = ByteWriter(path: path) else { throw BenchError("\(path): cannot create") }
        var rng = SplitMix64(seed: 9)
        var clock = PostfixLogGenerator.SyslogClock()
        var written = 0, queue = 0x100000
        while written < connections {
            let a = rng.next()
            let ip = (18 + Int(a & 1), Int(a >> 8 & 255), 1 + Int(a >> 16 % 254))
            clock.advance(Int(rng.next() % 2))
            // Bots open several connections a second; postfix hands each to its own smtpd process.
            let burst = [1, 1, 1, 2, 3, 4][Int(rng.next() % 6)]
            let firstPID = 10_000 + Int(rng.next() % 8)
            for k in 0..<burst where written < connections {
                let pid = firstPID + k * 8
                queue += 1
                func client() {
                    out.text("unknown[198."); out.decimal(ip.0); out.byte(46); out.decimal(ip.1); out.byte(46); out.decimal(ip.2); out.byte(93)
                }
                clock.header(out); out.text("smtpd["); out.decimal(pid); out.text("]: connect from "); client(); out.byte(10)
                clock.header(out); out.text("smtpd["); out.decimal(pid); out.text("]: "); out.hex(queue); out.text(": client="); client(); out.byte(10)
                clock.header(out); out.text("smtpd["); out.decimal(pid); out.text("]: disconnect from "); client()
                out.text(" ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5\n")
                written += 1
                try out.flushIfFull()
            }
        }
        try out.flush()
    }
}
