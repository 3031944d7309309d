import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to a PostgreSQL case, used by the synchronous commands: each call blocks its thread (never
/// an event loop's) until the server has answered. One connection, so a transaction is simply BEGIN … COMMIT
/// on it; calls are serialised by a lock so a case may be shared by threads as an SQLite pool is.
final class PostgresCase: @unchecked Sendable {
    let address: CaseLocation.PostgresAddress
    private var live: PostgresConnection
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let lock = NSRecursiveLock()

    /// A value bound to a `$n` placeholder.
    enum Value: Sendable {
        case int(Int?)
        case double(Double?)
        case text(String?)
    }

    init(_ address: CaseLocation.PostgresAddress) throws {
        self.address = address
        var logger = Logger(label: "botcensus.postgres")
        logger.logLevel = .critical
        self.logger = logger
        configuration = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.user,
                                                         password: address.password, database: address.database, tls: .disable)
        do {
            live = try Self.connect(configuration, logger: logger)
        } catch {
            throw CaseStore.OpenError(path: address.description, reason: "cannot connect: \(Self.message(error))")
        }
    }

    deinit { try? live.close().wait() }

    private static func connect(_ configuration: PostgresConnection.Configuration, logger: Logger) throws -> PostgresConnection {
        try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger).wait()
    }

    /// The connection, opened again when the server closed it (a restart, a failover): a long-running writer
    /// (the trap) fails the calls made while the server is away and goes on once it is back. A transaction the
    /// loss cut short is rolled back by the server; its caller tries it again.
    private var connection: PostgresConnection {
        get throws {
            guard live.isClosed else { return live }
            // Never inside a transaction: its statements after the loss would run on their own, outside it.
            if inTransaction { throw Failure(address: address.description, message: "the connection was lost during a transaction") }
            do {
                live = try Self.connect(configuration, logger: logger)
                for statement in sessionSettings { _ = try live.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait() }
            } catch {
                throw Failure(address: address.description, message: "cannot connect: \(Self.message(error))")
            }
            return live
        }
    }

    /// The server's own message (PostgresNIO's description hides it), or the client-side failure's code.
    static func message(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
            return message + detail
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    /// A failed statement, in one line naming the case.
    struct Failure: Error, CustomStringConvertible {
        var address: String
        var message: String
        var description: String { "\(address): \(message)" }
    }

    private func query(_ sql: String, _ values: [Value]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .int(let v): if let v { binds.append(v) } else { binds.appendNull() }
            case .double(let v): if let v { binds.append(v) } else { binds.appendNull() }
            case .text(let v): if let v { binds.append(v) } else { binds.appendNull() }
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    private func failing<T>(_ body: () throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        do { return try body() } catch let error as PSQLError {
            throw Failure(address: address.description, message: Self.message(error))
        } catch let error as ChannelError {
            throw Failure(address: address.description, message: "connection lost (\(error))")
        }
    }

    /// For a transaction that sorts and joins a whole file's rows (an import's merge, the SYN join): its sorts
    /// and hashes stay in memory instead of spilling to temporary files at the server's default of 4 MB.
    static let bulkWorkMemory = "SET LOCAL work_mem = '256MB'"

    /// Settings of the session (`SET SESSION …`), made again on every new connection.
    private var sessionSettings: [String] = []

    func setForSession(_ statement: String) throws {
        lock.lock(); defer { lock.unlock() }
        try execute(statement)
        sessionSettings.append(statement)
    }

    /// Runs one statement; returns the rows it changed (INSERT, UPDATE, DELETE) or returned.
    @discardableResult
    func execute(_ sql: String, _ values: [Value] = []) throws -> Int {
        try failing { try connection.query(query(sql, values), logger: logger).wait().metadata.rows ?? 0 }
    }

    /// Statements separated by `;` (no parameters, no `;` inside them): schema and transaction control.
    /// PostgresNIO speaks the extended protocol, which takes one statement at a time.
    func executeScript(_ sql: String) throws {
        for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
            try execute(String(statement))
        }
    }

    /// Streams the rows of a query to `body`, in the order the server sends them, a batch at a time through
    /// a cursor: memory holds one batch, not the result (a case's events are millions of rows).
    func forEach(_ sql: String, _ values: [Value] = [], _ body: (PostgresRandomAccessRow) throws -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        let own = !inTransaction
        if own { try executeScript("BEGIN"); inTransaction = true }
        defer { if own { try? executeScript("COMMIT"); inTransaction = false } }
        cursors += 1
        let cursor = "botcensus_rows_\(cursors)"
        try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", values)
        while true {
            let rows = try failing { try connection.query(PostgresQuery(unsafeSQL: "FETCH 50000 FROM \(cursor)"), logger: logger).wait() }
            if rows.isEmpty { break }
            for row in rows { try body(row.makeRandomAccess()) }
        }
        try execute("CLOSE \(cursor)")
    }

    private var inTransaction = false
    private var cursors = 0

    /// All rows of a small result (or of INSERT … RETURNING, which a cursor cannot run).
    func all(_ sql: String, _ values: [Value] = []) throws -> [PostgresRandomAccessRow] {
        try failing { try connection.query(query(sql, values), logger: logger).wait().map { $0.makeRandomAccess() } }
    }

    func one(_ sql: String, _ values: [Value] = []) throws -> PostgresRandomAccessRow? { try all(sql, values).first }

    /// One transaction on the connection: committed when `body` returns, rolled back when it throws. `begin`
    /// may set its isolation and snapshot (`BEGIN ISOLATION LEVEL …; SET TRANSACTION SNAPSHOT …`).
    func transaction<T>(begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        try self.begin(begin)
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            rollback()
            throw error
        }
    }

    /// A transaction that spans calls (an import staged on one thread and merged on another, one after the
    /// other): `commit` or `rollback` ends it.
    func begin(_ statement: String = "BEGIN") throws {
        lock.lock(); defer { lock.unlock() }
        precondition(!inTransaction, "PostgresCase transactions do not nest")
        try executeScript(statement)
        inTransaction = true
    }

    /// A failed COMMIT leaves the transaction open here: the caller's `rollback` ends it.
    func commit() throws {
        lock.lock(); defer { lock.unlock() }
        try executeScript("COMMIT")
        inTransaction = false
    }

    func rollback() {
        lock.lock(); defer { lock.unlock() }
        try? executeScript("ROLLBACK")
        inTransaction = false
    }

    /// Bulk load with COPY … FROM STDIN in text format: `data` is whole lines (`CopyText`).
    func copy(into table: String, columns: [String], data: [UInt8]) throws {
        guard !data.isEmpty else { return }
        let connection = try lock.withLock { try self.connection }, logger = self.logger
        let buffer = ByteBuffer(bytes: data)
        try failing {
            try Self.blocking {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(buffer)
                }
            }
        }
    }

    /// Runs async work from synchronous code: the calling thread waits, the work runs on Swift's pool.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = BlockingResult<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }
}

/// The result a blocked thread waits for (written once by the task, read after the semaphore).
private final class BlockingResult<T>: @unchecked Sendable { var result: Result<T, any Error>? }

/// Lines of COPY's text format: tab-separated, `\N` for NULL, backslash escapes for what would break a line.
struct CopyText {
    private(set) var bytes: [UInt8] = []
    private var first = true

    /// A COPY per this many bytes: memory stays bounded whatever the size of the file or table.
    static let batchBytes = 4 << 20

    /// Column names as a quoted, comma-separated SQL list.
    static func columnList(_ columns: some Sequence<String>, prefix: String = "") -> String {
        columns.map { "\(prefix)\"\($0)\"" }.joined(separator: ", ")
    }

    var count: Int { bytes.count }
    mutating func reset() { bytes.removeAll(keepingCapacity: true); first = true }

    private mutating func separate() {
        if first { first = false } else { bytes.append(UInt8(ascii: "\t")) }
    }

    mutating func text(_ value: String?) {
        separate()
        guard let value else { bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")]); return }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0: continue    // PostgreSQL text cannot hold NUL; SQLite's can (never from botcensus's own writers)
            default: bytes.append(byte)
            }
        }
    }

    mutating func int(_ value: Int?) { if let value { separate(); bytes.append(contentsOf: String(value).utf8) } else { text(nil) } }

    /// Swift's shortest round-trip digits: PostgreSQL reads back the same double.
    mutating func double(_ value: Double?) { if let value { separate(); bytes.append(contentsOf: "\(value)".utf8) } else { text(nil) } }

    mutating func endRow() { bytes.append(UInt8(ascii: "\n")); first = true }
}
