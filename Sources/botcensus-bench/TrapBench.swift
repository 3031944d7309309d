import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `make bench-trap`: the trap as operators run it (the release `botcensus trap`, writing its case and spool
/// with an fsync before every 250) beside Postfix's `smtp-sink` (which keeps nothing), under the same
/// `smtp-source` load, one connection per message. While the load runs, a sampler sends its own messages on
/// fresh connections and times each from the end of DATA to the 250 (the accept latency a sender waits).
enum TrapBench {
    struct Row {
        var server: String
        var messages: Int
        var seconds: Double
        var latencies: [Double]
    }

    /// Two loads: 20 parallel sessions (a modest trap), and 100 (Postfix's default smtpd process limit, the
    /// concurrency a public trap is sized for). Group commit shares a durable round among the messages that
    /// end together, so the trap's rate depends on the load's parallelism where smtp-sink's does not: both are
    /// printed, never only the kinder one.
    /// `BENCH_TRAP_SESSIONS=20` runs one load only (for a quick look while tuning; the README's table is both).
    static let loads = ProcessInfo.processInfo.environment["BENCH_TRAP_SESSIONS"].map { $0.split(separator: ",").compactMap { Int($0) } } ?? [20, 100]

    static func main(_ arguments: [String]) throws {
        let dir = arguments.first ?? "/tmp/botcensus-bench"
        let messages = Int(arguments.dropFirst().first ?? "") ?? 20_000
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let source = which("smtp-source") ?? ["/usr/sbin/smtp-source"].first(where: FileManager.default.isExecutableFile),
              let sink = which("smtp-sink") ?? ["/usr/sbin/smtp-sink"].first(where: FileManager.default.isExecutableFile) else {
            throw BenchError("smtp-source and smtp-sink not found (apt-get install postfix; scripts/setup.sh does)")
        }
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-trap")
        var table = [["sessions", "server", "messages/s", "accept latency p50", "p99", "samples", "keeps"]]
        var ratios: [String] = []
        var work = 0
        defer { for n in 0..<work { try? FileManager.default.removeItem(atPath: dir + "/trap-bench-\(n + 1)") } }
        for sessions in loads {
            var rows: [Row] = []
            for round in 0..<2 {
                benchNote("\(sessions) sessions, round \(round + 1): smtp-sink")
                rows.append(try runSink(sink, source: source, messages: messages, sessions: sessions, dir: dir))
                benchNote("\(sessions) sessions, round \(round + 1): botcensus trap")
                work += 1
                rows.append(try runTrap(botcensus, source: source, messages: messages, sessions: sessions, dir: dir,
                                        work: dir + "/trap-bench-\(work)"))
            }
            // The better of the two rounds of each server (the machine's noise only ever slows a run down).
            var best: [String: Row] = [:]
            for row in rows where best[row.server].map({ row.seconds < $0.seconds }) ?? true { best[row.server] = row }
            for name in ["smtp-sink", "botcensus trap"] {
                guard let r = best[name] else { continue }
                let sorted = r.latencies.sorted()
                table.append(["\(sessions)", name, grouped(Int((Double(r.messages) / r.seconds).rounded())), ms(percentile(sorted, 0.5)),
                              ms(percentile(sorted, 0.99)), "\(sorted.count)",
                              name == "smtp-sink" ? "nothing (discards)" : "every message fsynced before its 250, case rows after"])
            }
            if let trap = best["botcensus trap"], let sinkRow = best["smtp-sink"] {
                let ratio = (Double(trap.messages) / trap.seconds) / (Double(sinkRow.messages) / sinkRow.seconds)
                ratios.append(String(format: "%.2fx with %d sessions", ratio, sessions))
            }
        }
        // Spools are removed only at the end (the defer above): on ext4 without a journal, creating files right
        // after tens of thousands were deleted makes the kernel scan for recently freed inodes.
        print("SMTP acceptance: smtp-source -s SESSIONS -m \(grouped(messages)) -l 1024 (a new connection per message), 127.0.0.1, \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
        print(BenchTable.text(table))
        print("\nbotcensus trap at " + ratios.joined(separator: ", ") + " smtp-sink's rate (target: at least 0.5x)")
    }

    static func runSink(_ sink: String, source: String, messages: Int, sessions: Int, dir: String) throws -> Row {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sink)
        // -u: smtp-sink drops root privileges to this user once its socket is open.
        process.arguments = (getuid() == 0 ? ["-u", "nobody"] : []) + ["-c", "127.0.0.1:\(port)", "1024"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGTERM); process.waitUntilExit() }
        try waitForPort(port)
        return try load(server: "smtp-sink", port: port, source: source, messages: messages, sessions: sessions, dir: dir)
    }

    static func runTrap(_ botcensus: String, source: String, messages: Int, sessions: Int, dir: String, work: String) throws -> Row {
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let outPath = work + "/trap.out"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: botcensus)
        process.arguments = ["trap", "--case", work + "/case.db", "--listen", "127.0.0.1:0", "--hostname", "trap.bench",
                             "--log-level", "warning", "--per-ip", "200"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = FileHandle.nullDevice
        try process.run()
        var port = 0
        let deadline = Date().addingTimeInterval(60)
        while port == 0 {
            guard Date() < deadline, process.isRunning else { throw BenchError("botcensus trap did not start: \(try String(contentsOfFile: outPath, encoding: .utf8))") }
            usleep(50_000)
            let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where line.hasPrefix("listening on 127.0.0.1:") {
                port = Int(line.dropFirst("listening on 127.0.0.1:".count).prefix { $0.isNumber }) ?? 0
            }
        }
        let row = try load(server: "botcensus trap", port: port, source: source, messages: messages, sessions: sessions, dir: dir)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let summary = (try? String(contentsOfFile: outPath, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
        benchNote(summary)
        // Every message the load and the sampler saw accepted is in the case.
        let expected = messages + row.latencies.count
        guard summary.contains(" \(expected) messages") else {
            throw BenchError("the trap's case does not hold the \(expected) accepted messages: \(summary)")
        }
        return row
    }

    /// smtp-source's run, timed from start to exit, with the latency sampler running beside it.
    static func load(server: String, port: Int, source: String, messages: Int, sessions: Int, dir: String) throws -> Row {
        let sampler = LatencySampler(port: port)
        sampler.start()
        let run = try TimedChild.run(source, ["-s", "\(sessions)", "-m", "\(messages)", "-l", "1024", "-f", "bot@bench.example",
                                              "-t", "victim@trap.bench", "-M", "bench.example", "127.0.0.1:\(port)"], dir: dir)
        let latencies = sampler.stop()
        guard run.status == 0 else { throw BenchError("smtp-source against \(server) failed (\(run.status)): \(run.stderr.suffix(1000))") }
        return Row(server: server, messages: messages, seconds: run.seconds, latencies: latencies)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f ms", seconds * 1000) }
    static func grouped(_ n: Int) -> String { IngestBench.grouped(n) }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw BenchError("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func waitForPort(_ port: Int) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let client = try? BenchSMTPClient(port: port) { _ = client; return }
            usleep(50_000)
        }
        throw BenchError("nothing listens on 127.0.0.1:\(port)")
    }
}

/// Sends one message at a time on a fresh connection until stopped, timing each from the `.` to the 250.
final class LatencySampler: @unchecked Sendable {
    let port: Int
    private let lock = NSLock()
    private var running = true
    private var samples: [Double] = []
    private let done = DispatchSemaphore(value: 0)

    init(port: Int) { self.port = port }

    func start() {
        Thread.detachNewThread { [self] in
            while isRunning {
                if let latency = try? deliverOne() {
                    lock.lock(); samples.append(latency); lock.unlock()
                }
                usleep(5_000)
            }
            done.signal()
        }
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    func stop() -> [Double] {
        lock.lock(); running = false; lock.unlock()
        done.wait()
        lock.lock(); defer { lock.unlock() }
        return samples
    }

    private func deliverOne() throws -> Double {
        let c = try BenchSMTPClient(port: port)
        for command in ["EHLO sampler.example", "MAIL FROM:<s@sampler.example>", "RCPT TO:<v@trap.bench>", "DATA"] {
            let reply = try c.ask(command)
            guard reply.hasPrefix("2") || reply.hasPrefix("3") else { throw BenchError("sampler: \(command): \(reply)") }
        }
        try c.send("Subject: latency sample\r\n\r\n" + String(repeating: "x", count: 1000) + "\r\n")
        let start = DispatchTime.now().uptimeNanoseconds
        let reply = try c.ask(".")
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard reply.hasPrefix("250") else { throw BenchError("sampler: end of data: \(reply)") }
        _ = try? c.ask("QUIT")
        return seconds
    }
}

/// The smallest blocking SMTP client, for the sampler.
final class BenchSMTPClient {
    let fd: CInt
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: CInt = 1
        setsockopt(fd, CInt(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<CInt>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { close(fd); throw BenchError("connect: \(errno)") }
        _ = try reply()
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw BenchError("send: \(errno)") }
            offset += n
        }
    }

    func ask(_ command: String) throws -> String {
        try send(command + "\r\n")
        return try reply()
    }

    /// The last line of the next reply.
    func reply() throws -> String {
        while true {
            while let lf = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<lf], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                buffer.removeFirst(lf + 1)
                if line.count < 4 || Array(line.utf8)[3] != UInt8(ascii: "-") { return line }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw BenchError("connection closed") }
            buffer += chunk[..<n]
        }
    }
}
