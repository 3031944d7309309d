import BotCensusCore
import Foundation
import Ingest

/// `botcensus-bench ingest [DIR] [--log-mib N] [--packets N] [--no-import] [--profile log|pcap]`: evidence
/// parsing beside the usual tools, on the same files in one run. It generates (or reuses, in DIR) a Postfix
/// log and a pcap, then prints one table: botcensus's Postfix parser against mawk extracting the same client addresses,
/// botcensus's capture reader against tcpdump's SYN filter (each pair must give the same count), and the
/// full `botcensus import` of both files into a case, with its peak resident memory from `/usr/bin/time -v`.
/// Parsing figures are the best of three runs on a warm page cache, one process (one core) each; each
/// import runs once.
enum IngestBench {
    static func main(_ arguments: [String]) throws {
        var dir = NSTemporaryDirectory() + "botcensus-bench"
        var logMiB = 2048, packets = 1_000_000, runImport = true
        var profile: String?
        var args = arguments[...]
        while let a = args.popFirst() {
            switch a {
            case "--profile": profile = args.popFirst()
            case "--log-mib": logMiB = Int(args.popFirst() ?? "") ?? logMiB
            case "--packets": packets = Int(args.popFirst() ?? "") ?? packets
            case "--no-import": runImport = false
            default: dir = a
            }
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let files = try Inputs.prepare(dir: dir, logBytes: logMiB << 20, packets: packets)
        if let profile {
            // Only botcensus's own parsing, ten times, for a profiler (perf, valgrind) to look at.
            for _ in 0..<10 {
                let t = profile == "pcap" ? try readCapture(files.pcap, hashing: false) : try parsePostfix(files.log, hashing: false)
                print(String(format: "%.3f s, %d records", t.seconds, t.count))
            }
            return
        }
        var rows: [Row] = []

        benchNote("parsing \(files.log) (botcensus, then mawk)")
        let parse = try bestOf(3) { try parsePostfix(files.log, hashing: false) }
        let parseHashed = try bestOf(3) { try parsePostfix(files.log, hashing: true) }
        let awk = try mawkCount(files.log, dir: dir)
        let logSize = Double(files.logBytes)
        let sameClients = parse.count == awk.count && parse.count == files.clientLines
        rows.append(Row(what: "Postfix log: parse", size: mib(files.logBytes), ours: mbps(logSize / parse.seconds),
                        reference: "mawk " + mbps(logSize / awk.seconds), ratio: awk.seconds / parse.seconds,
                        agree: "\(sameClients ? "yes" : "NO") (\(grouped(parse.count)) vs \(grouped(awk.count)) client addresses)"))
        rows.append(Row(what: "  + SHA-256 of the file", size: "", ours: mbps(logSize / parseHashed.seconds),
                        reference: "mawk " + mbps(logSize / awk.seconds), ratio: awk.seconds / parseHashed.seconds, agree: ""))

        benchNote("reading \(files.pcap) (botcensus, then tcpdump)")
        let read = try bestOf(3) { try readCapture(files.pcap, hashing: false) }
        let readHashed = try bestOf(3) { try readCapture(files.pcap, hashing: true) }
        let dump = try tcpdumpCount(files.pcap, dir: dir)
        let sameSyns = read.count == dump.count && read.count == files.syns
        rows.append(Row(what: "pcap: SYNs to mail ports", size: "\(grouped(files.packets)) pk", ours: rate(Double(read.count) / read.seconds, "SYNs"),
                        reference: "tcpdump " + rate(Double(dump.count) / dump.seconds, "SYNs"), ratio: dump.seconds / read.seconds,
                        agree: "\(sameSyns ? "yes" : "NO") (\(grouped(read.count)) vs \(grouped(dump.count)) SYNs; \(grouped(read.extra)) clock samples)"))
        rows.append(Row(what: "  + SHA-256 of the file", size: mib(files.pcapBytes), ours: rate(Double(readHashed.count) / readHashed.seconds, "SYNs"),
                        reference: "tcpdump " + rate(Double(dump.count) / dump.seconds, "SYNs"), ratio: dump.seconds / readHashed.seconds, agree: ""))

        if runImport {
            // `--db own`: a log or a capture holds no banners, and the default also loads nmap's 11,917 probe
            // patterns (a fixed cost, whatever the input): the last row shows the import with the default.
            let runs: [(String, Int, String, [String])] = [
                (files.log, files.logBytes, "import log into a case", ["--db", "own"]),
                (files.pcap, files.pcapBytes, "import pcap into a case", ["--db", "own"]),
                (files.log, files.logBytes, "  same log, default --db", []),
            ]
            for (file, size, what, extra) in runs {
                benchNote("botcensus import \(extra.joined(separator: " ")) \(file) (one run; mostly SQLite inserts)")
                let r = try importFile(file, dir: dir, extra: extra)
                rows.append(Row(what: what, size: mib(size), ours: mbps(Double(size) / r.seconds),
                                reference: String(format: "%.0f s wall", r.seconds), ratio: nil,
                                agree: "peak RSS \(r.peakMiB) MiB; \(r.summary)"))
            }
        }

        print("\nIngest: the same files for botcensus and the reference tool, one process each, parsing best of 3 (release build)")
        print("log \(files.log): \(mib(files.logBytes)), \(grouped(files.logLines)) lines; pcap \(files.pcap): \(mib(files.pcapBytes)), \(grouped(files.packets)) packets\n")
        let headers = ["input", "size", "botcensus", "reference", "botcensus/ref", "same answer"]
        let table = [headers] + rows.map { [$0.what, $0.size, $0.ours, $0.reference, $0.ratio.map { String(format: "%.2fx", $0) } ?? "", $0.agree] }
        print(BenchTable.text(table))
        if !sameClients || !sameSyns { throw BenchError("the counts differ (see the table)") }
    }

    struct Row {
        var what: String, size: String, ours: String, reference: String
        var ratio: Double?
        var agree: String
    }

    struct Timed {
        var seconds: Double
        var count: Int
        var extra = 0
    }

    // MARK: botcensus, in process

    /// LineReader + PostfixLogFormat, as `import` runs them, with a sink that only counts the events.
    static func parsePostfix(_ path: String, hashing: Bool) throws -> Timed {
        let facts = FileFacts(path: path, modified: LineReader.modificationTime(path) ?? 0)
        var parser = PostfixLogFormat(options: ImportOptions(year: 2026), file: facts)
        var clients = 0, errors = 0
        let seconds = try timed {
            try LineReader(path: path, hashing: hashing).forEachLine { line, number in
                do {
                    _ = try parser.parse(line: line, number: number) { evidence in
                        if case .event = evidence { clients += 1 }
                    }
                } catch {
                    errors += 1
                }
            }
        }
        if errors > 0 { throw BenchError("\(path): \(errors) lines were not read") }
        return Timed(seconds: seconds, count: clients)
    }

    /// The capture format as `import` runs it: SYN records and clock samples, counted.
    static func readCapture(_ path: String, hashing: Bool) throws -> Timed {
        var format = PcapCaptureFormat(options: ImportOptions(), file: FileFacts(path: path, modified: 0))
        format.hashesContent = hashing
        var syns = 0, clocks = 0, bad = 0
        let seconds = try timed {
            _ = try format.read(emit: { evidence in
                switch evidence {
                case .syn: syns += 1
                case .clock: clocks += 1
                default: break
                }
            }, bad: { _, _ in bad += 1 })
        }
        if bad > 0 { throw BenchError("\(path): \(bad) packets were not read") }
        return Timed(seconds: seconds, count: syns, extra: clocks)
    }

    // MARK: reference tools and the import, as child processes

    /// mawk printing how many client addresses it extracted from the same three kinds of line.
    static func mawkCount(_ log: String, dir: String) throws -> Timed {
        guard let mawk = which("mawk") else { throw BenchError("mawk is not installed (scripts/setup.sh installs it)") }
        let script = dir + "/postfix-clients.awk"
        try mawkScript.write(toFile: script, atomically: true, encoding: .utf8)
        let r = try ChildRun.best(3, mawk, ["-f", script, log], in: dir)
        guard let n = Int(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw BenchError("mawk printed '\(r.stdout)'") }
        return Timed(seconds: r.seconds, count: n)
    }

    /// The client addresses botcensus reads, for classic syslog lines (`$5` is the program tag).
    static let mawkScript = #"""
        $5 ~ /^postfix[^\/]*\/smtpd\[/ {
            if ($6 == "connect" && $7 == "from") s = $8
            else if ($7 ~ /^client=/) s = $7
            else next
            i = index(s, "["); j = index(s, "]")
            if (i > 0 && j > i) { a = substr(s, i + 1, j - i - 1); sub(/^IPv6:/, "", a); n++ }
            next
        }
        $5 ~ /^postfix[^\/]*\/postscreen\[/ && $6 == "CONNECT" && $7 == "from" {
            j = index($8, "]"); a = substr($8, 2, j - 2); n++
        }
        END { print n + 0 }
        """#

    /// tcpdump printing one line per packet with the SYN flag.
    static func tcpdumpCount(_ pcap: String, dir: String) throws -> Timed {
        guard let tcpdump = which("tcpdump") ?? (FileManager.default.isExecutableFile(atPath: "/usr/sbin/tcpdump") ? "/usr/sbin/tcpdump" : nil) else {
            throw BenchError("tcpdump is not installed (scripts/setup.sh installs it)")
        }
        let r = try ChildRun.best(3, tcpdump, ["-nr", pcap, "tcp[tcpflags] & tcp-syn != 0"], in: dir)
        return Timed(seconds: r.seconds, count: r.lineCount)
    }

    /// `botcensus import` into a fresh case under `/usr/bin/time -v`: wall time, peak resident set, summary.
    static func importFile(_ file: String, dir: String, extra: [String]) throws -> (seconds: Double, peakMiB: Int, summary: String) {
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-ingest")
        let casePath = dir + "/bench-case.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: casePath + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: casePath + suffix) } }
        let r = try ChildRun.run("/usr/bin/time", ["-v", botcensus, "import", "--case", casePath, "--timezone", "utc", "--year", "2026"] + extra + [file], in: dir)
        guard r.status == 0 else { throw BenchError("botcensus import failed (\(r.status)): \(r.stderr.suffix(2000))") }
        guard let kib = r.timeField("Maximum resident set size (kbytes)").flatMap({ Int($0) }) else {
            throw BenchError("no peak resident size in /usr/bin/time's report")
        }
        let summary = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (r.seconds, kib / 1024, summary.replacingOccurrences(of: "case \(casePath): ", with: ""))
    }

    // MARK: helpers

    static func bestOf(_ n: Int, _ body: () throws -> Timed) throws -> Timed {
        var best = try body()
        for _ in 1..<n {
            let t = try body()
            if t.seconds < best.seconds { best = t }
        }
        return best
    }

    static func timed(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func mbps(_ bytesPerSecond: Double) -> String { String(format: "%.1f MB/s", bytesPerSecond / 1e6) }
    static func mib(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1048576) }
    static func rate(_ perSecond: Double, _ unit: String) -> String {
        perSecond >= 1e6 ? String(format: "%.2f M %@/s", perSecond / 1e6, unit) : String(format: "%.0f k %@/s", perSecond / 1e3, unit)
    }
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
