import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of the test's own (Debian's binaries): a new cluster in a scratch folder, listening on
/// a free port of 127.0.0.1 only, trusting local connections as the role `botcensus`. The server is this
/// test's own child (as root, exec'd by setpriv as Debian's `postgres` user), stopped by its PID when released.
/// Nothing of the machine's own PostgreSQL is touched.
public final class PrivatePostgres {
    /// Debian's server binaries (postgresql-NN), or nil when PostgreSQL is not installed.
    public static var binaries: String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }
    /// PostgreSQL is here, or CI must have it (its setup installs it): these tests never skip there.
    public static var testsRun: Bool { binaries != nil || TestEnvironment.inCI }

    public let folder: URL
    public let port: Int
    private let bin: String
    private var server: BackgroundProcess?
    private var data: String { folder.appendingPathComponent("data").path }

    public init() throws {
        guard let bin = Self.binaries else { throw TestFailure("PostgreSQL is not installed (scripts/setup.sh installs it)") }
        self.bin = bin
        folder = temporaryDirectory("postgres")
        port = try Self.freePort()
        // The server refuses to run as root: then it runs as Debian's `postgres` user, in a folder it owns.
        if TestEnvironment.isRoot {
            let chown = try run(try tool("chown"), ["-R", "postgres", folder.path])
            guard chown.status == 0 else { throw TestFailure("chown: \(chown.stderr)") }
            chmod(folder.path, 0o755)
        }
        let initdb = try asServerUser("\(bin)/initdb", ["-D", data, "-U", "botcensus", "--auth=trust", "-E", "UTF8", "--no-sync"])
        guard initdb.status == 0 else { throw TestFailure("initdb: \(initdb.stderr)") }
        try start()
    }

    /// Starts the server (again, after `stop`: the same cluster and port).
    public func start() throws {
        // The postmaster in the foreground, output into files: `pg_ctl start` leaves a server holding what
        // Foundation's Process watches, and its waitUntilExit never returns.
        let serverArguments = ["-D", data, "-p", "\(port)", "-k", folder.path, "-c", "listen_addresses=127.0.0.1"]
        let server = TestEnvironment.isRoot
            ? try BackgroundProcess(try tool("setpriv"), ["--reuid=postgres", "--regid=postgres", "--clear-groups", "--", "\(bin)/postgres"] + serverArguments,
                                    in: folder)
            : try BackgroundProcess(URL(fileURLWithPath: "\(bin)/postgres"), serverArguments, in: folder)
        self.server = server
        try server.wait(until: { try run(try tool("psql"), ["-h", "127.0.0.1", "-p", "\(port)", "-U", "botcensus", "-d", "postgres", "-c", "SELECT 1"]).status == 0 },
                        seconds: 60, what: "PostgreSQL accepting connections")
    }

    /// SIGINT: PostgreSQL's fast shutdown (sessions ended, a checkpoint, then exit); waits for it.
    public func stop() throws {
        if let server, server.process.isRunning {
            kill(server.process.processIdentifier, SIGINT)
            _ = try server.waitForExit(seconds: 60)
        }
        server = nil
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// `--case` for database `name` of this server.
    public func url(_ name: String) -> String { "postgresql://botcensus@127.0.0.1:\(port)/\(name)" }

    /// A new empty database; returns its `--case` URL.
    public func createDatabase(_ name: String) throws -> String {
        let psql = try run(try tool("psql"), ["-h", "127.0.0.1", "-p", "\(port)", "-U", "botcensus", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                                              "-c", "CREATE DATABASE \(name)"])
        guard psql.status == 0 else { throw TestFailure("CREATE DATABASE \(name): \(psql.stderr)") }
        return url(name)
    }

    /// One SQL query's single value, through psql (what a DBA would see).
    public func value(_ database: String, _ sql: String) throws -> String {
        let psql = try run(try tool("psql"), ["-h", "127.0.0.1", "-p", "\(port)", "-U", "botcensus", "-d", database, "-At", "-v", "ON_ERROR_STOP=1",
                                              "-c", sql])
        guard psql.status == 0 else { throw TestFailure("\(sql): \(psql.stderr)") }
        return psql.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func asServerUser(_ program: String, _ arguments: [String]) throws -> CommandResult {
        // setpriv execs the program itself (runuser forks and waits, and Foundation's Process has been seen
        // never to notice runuser's exit after pg_ctl left a server running).
        if TestEnvironment.isRoot {
            return try run(try tool("setpriv"), ["--reuid=postgres", "--regid=postgres", "--clear-groups", "--", program] + arguments, in: folder)
        }
        return try run(URL(fileURLWithPath: program), arguments, in: folder)
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw TestFailure("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
