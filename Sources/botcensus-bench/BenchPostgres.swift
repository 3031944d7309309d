import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of the benchmark's own, from Debian's binaries: a new cluster in `folder`, on a free port
/// of 127.0.0.1 only, trusting local connections as the role `botcensus`, run by Debian's `postgres` user (the
/// server refuses root). Stopped by its PID (SIGINT, PostgreSQL's fast shutdown) and removed at the end; the
/// machine's own PostgreSQL is never touched.
final class BenchPostgres {
    let folder: String
    let port: Int
    let psql: String
    private let server = Process()

    init(folder: String) throws {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let bin = versions.reversed().map({ "\(root)/\($0)/bin" }).first(where: { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }),
              let psql = which("psql"), let setpriv = which("setpriv") else {
            throw BenchError("PostgreSQL is not installed (scripts/setup.sh installs it)")
        }
        guard getuid() == 0 else { throw BenchError("run as root: the benchmark's PostgreSQL server runs as Debian's postgres user") }
        self.folder = folder
        self.psql = psql
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        guard ChildRunStatus.of("/bin/chown", ["-R", "postgres", folder]) == 0 else { throw BenchError("chown postgres \(folder) failed") }
        let asPostgres = ["--reuid=postgres", "--regid=postgres", "--clear-groups", "--"]
        guard ChildRunStatus.of(setpriv, asPostgres + ["\(bin)/initdb", "-D", folder + "/data", "-U", "botcensus", "--auth=trust", "-E", "UTF8"]) == 0 else {
            throw BenchError("initdb in \(folder) failed")
        }
        port = try TrapBench.freePort()
        server.executableURL = URL(fileURLWithPath: setpriv)
        server.arguments = asPostgres + ["\(bin)/postgres", "-D", folder + "/data", "-p", "\(port)", "-k", folder, "-c", "listen_addresses=127.0.0.1"]
        server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        _ = FileManager.default.createFile(atPath: folder + "/server.log", contents: nil)
        server.standardError = FileHandle(forWritingAtPath: folder + "/server.log")
        try server.run()
        let deadline = Date().addingTimeInterval(60)
        while ChildRunStatus.of(psql, ["-h", "127.0.0.1", "-p", "\(port)", "-U", "botcensus", "-d", "postgres", "-c", "SELECT 1"]) != 0 {
            guard server.isRunning, Date() < deadline else { stop(); throw BenchError("PostgreSQL did not start (see \(folder)/server.log)") }
            usleep(100_000)
        }
    }

    func url(_ database: String) -> String { "postgresql://botcensus@127.0.0.1:\(port)/\(database)" }

    /// psql's arguments for `sql` on `database` (unaligned, tuples only, stop on the first error).
    func psqlArguments(_ database: String, _ sql: String) -> [String] {
        ["-h", "127.0.0.1", "-p", "\(port)", "-U", "botcensus", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
    }

    func stop() {
        if server.isRunning {
            kill(server.processIdentifier, SIGINT)
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// The exit status of a short helper command (initdb, chown, psql's readiness check), its output discarded.
enum ChildRunStatus {
    static func of(_ program: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
