import BotCensusTesting
import Foundation
import Ingest
import Trap
#if canImport(Glibc)
import Glibc
#endif

/// `botcensus trap` as a user runs it: the built binary on loopback ports the kernel picks (read back from
/// the lines it prints), in its own scratch folder, stopped by SIGTERM (or SIGKILL) at the end.
final class RunningTrap: @unchecked Sendable {
    let folder: URL
    let process = Process()
    private let output = Pipe(), errors = Pipe()
    private let lock = NSLock()
    private var printed = Data()
    private var logged = Data()
    private(set) var smtpPort = 0, tlsPort = 0, v6Port = 0, metricsPort = 0
    /// The case: `case.db` in the folder, or the `--case` given (a PostgreSQL URL).
    let casePath: String
    let spoolPath: String

    /// Starts a trap with `arguments` added to the defaults (plain and implicit-TLS listeners on `address`,
    /// a plain one on ::1, metrics). Waits for its start-up lines. `caseURL`: a case of the test's own making
    /// (then the spool is `spool` in the folder).
    init(_ arguments: [String] = [], folder: URL? = nil, ipv6: Bool = true, address: String = "127.0.0.1", caseURL: String? = nil) throws {
        let folder = folder ?? temporaryDirectory("trap")
        self.folder = folder
        casePath = caseURL ?? folder.appendingPathComponent("case.db").path
        spoolPath = caseURL == nil ? casePath + ".spool" : folder.appendingPathComponent("spool").path
        process.executableURL = try botcensusBinary()
        process.arguments = ["trap", "--case", casePath, "--listen", ipv6 ? "\(address):0,[::1]:0" : "\(address):0",
                             "--tls-listen", "\(address):0", "--metrics", "127.0.0.1:0", "--hostname", "trap.test"]
            + (caseURL == nil ? [] : ["--spool", spoolPath]) + arguments
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock(); self.printed.append(data); self.lock.unlock()
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock(); self.logged.append(data); self.lock.unlock()
        }
        try process.run()
        try waitForOutput(containing: "SIGTERM or Ctrl-C stops it", seconds: 60)
        for line in stdout.split(separator: "\n") {
            let text = String(line)
            if let port = Self.port(in: text, prefix: "listening on \(address):", suffix: " (smtp)") { smtpPort = port }
            if let port = Self.port(in: text, prefix: "listening on \(address):", suffix: " (smtps, implicit TLS)") { tlsPort = port }
            if let port = Self.port(in: text, prefix: "listening on [::1]:", suffix: " (smtp)") { v6Port = port }
            if let port = Self.port(in: text, prefix: "metrics on http://127.0.0.1:", suffix: "/metrics") { metricsPort = port }
        }
    }

    private static func port(in line: String, prefix: String, suffix: String) -> Int? {
        guard line.hasPrefix(prefix), line.hasSuffix(suffix) else { return nil }
        return Int(line.dropFirst(prefix.count).dropLast(suffix.count))
    }

    var stdout: String { lock.lock(); defer { lock.unlock() }; return String(decoding: printed, as: UTF8.self) }
    var stderr: String { lock.lock(); defer { lock.unlock() }; return String(decoding: logged, as: UTF8.self) }

    func waitForOutput(containing text: String, seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !stdout.contains(text) {
            if !process.isRunning {
                throw TestFailure("trap exited (\(process.terminationStatus)) before printing '\(text)'; stdout: \(stdout); stderr: \(stderr)")
            }
            if Date() > deadline { throw TestFailure("trap did not print '\(text)' within \(seconds) s; stdout: \(stdout); stderr: \(stderr)") }
            usleep(20_000)
        }
    }

    /// SIGTERM and wait: the graceful stop. Returns the exit status.
    @discardableResult
    func stop() throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        try waitForExit(seconds: 60)
        return process.terminationStatus
    }

    /// SIGKILL: the crash.
    func crash() throws {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try waitForExit(seconds: 30)
    }

    private func waitForExit(seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline {
                // Where it hangs, for the failure's reader: every thread's stack (gdb, where installed) and its log.
                let stacks = (try? run(URL(fileURLWithPath: "/usr/bin/gdb"), ["-p", "\(process.processIdentifier)", "-batch", "-ex", "thread apply all bt 12"]))?.stdout ?? ""
                kill(process.processIdentifier, SIGKILL)
                throw TestFailure("trap did not stop within \(seconds) s; stderr: \(stderr.suffix(2000)); stacks:\n\(stacks)")
            }
            usleep(20_000)
        }
        usleep(50_000)   // the last output through the pipes
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
    }

    /// A query on the case by the sqlite3 shell (as an analyst would look), `|`-separated rows.
    func sql(_ query: String) throws -> [String] {
        let result = try run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [casePath, query])
        guard result.status == 0 else { throw TestFailure("sqlite3: \(result.stderr)") }
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }

    func count(_ query: String) throws -> Int { Int(try sql(query).first ?? "") ?? -1 }

    /// Waits until `query` counts `count` (the trap writes a message's rows just after its `250`).
    func waitForRows(_ query: String, count expected: Int, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try count(query) != expected {
            if Date() > deadline { throw TestFailure("\(query) did not reach \(expected) within \(seconds) s") }
            usleep(20_000)
        }
    }

    /// Every message the case holds, read where its row says (its own file, or a record in a segment):
    /// queue id -> bytes, the SHA-256 the case recorded and the one of the bytes now.
    func storedMessages() throws -> [String: (bytes: Data, recorded: String, actual: String)] {
        var stored: [String: (bytes: Data, recorded: String, actual: String)] = [:]
        for row in try sql("SELECT queue_id, spool, coalesce(spool_offset, ''), size, sha256 FROM trap_messages") {
            let f = row.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let bytes = try Spool.messageBytes(path: f[1], offset: Int(f[2]), size: Int(f[3]) ?? -1)
            var digest = ContentDigest()
            digest.update(bytes)
            stored[f[0]] = (bytes, f[4], digest.finalize())
        }
        return stored
    }

    /// `botcensus message QUEUE_ID`: one message as a user prints it.
    func message(_ queueID: String) throws -> String {
        let result = try botcensus(["message", "--case", casePath, queueID])
        guard result.status == 0 else { throw TestFailure("botcensus message \(queueID): \(result.stderr)") }
        return result.stdout
    }

    /// The metrics endpoint's text.
    func metrics() throws -> String {
        let client = try SMTPTestClient(port: metricsPort, greeting: false)
        try client.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return client.readAll()
    }
}

/// The Message-ID header's value of a stored message (lines end in CRLF, which Swift reads as one Character:
/// the header is cut at the CRLF's bytes, not at a Character).
func messageID(in bytes: Data) -> String? {
    for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
        if line.isEmpty { return nil }   // the end of the header
        if line.hasPrefix("Message-ID: ") { return String(line.dropFirst("Message-ID: ".count)) }
    }
    return nil
}
