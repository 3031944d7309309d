import Foundation

/// Where a case lives, as `--case` names it: an SQLite file, or a PostgreSQL database given as
/// `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB` (libpq's URL form; `postgres://` too). Without a password in
/// the URL, `PGPASSWORD` is used, as psql does.
public enum CaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
        public var user: String
        public var password: String?
        public var host: String
        public var port: Int
        public var database: String
        /// The URL without its password: what messages and the case state name.
        public var description: String { "postgresql://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }
    }

    public struct BadURL: Error, CustomStringConvertible {
        public var text: String
        public var reason: String
        public var description: String { "--case \(text): \(reason) (expected postgresql://USER@HOST[:PORT]/DB)" }
    }

    /// Where files that belong beside the case go (the trap's spool, the prober's result files): the SQLite
    /// file's own path, or `./DB` in the current folder for a PostgreSQL case (each trap or prober host keeps its own).
    public static func localStem(_ text: String) -> String {
        guard case .postgres(let address)? = try? CaseLocation(text) else { return text }
        return "./" + address.database
    }

    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(text) else { self = .sqlite(path: text); return }
        guard let url = URLComponents(string: text) else { throw BadURL(text: text, reason: "not a URL") }
        guard let user = url.user, !user.isEmpty else { throw BadURL(text: text, reason: "no user") }
        guard let host = url.host, !host.isEmpty else { throw BadURL(text: text, reason: "no host") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw BadURL(text: text, reason: "no database name") }
        if let port = url.port, !(1...65535).contains(port) { throw BadURL(text: text, reason: "port \(port) out of range") }
        if let query = url.query, !query.isEmpty { throw BadURL(text: text, reason: "parameters (?\(query)) are not supported") }
        // URLComponents keeps an IPv6 literal's brackets in `host`.
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self = .postgres(PostgresAddress(user: user.removingPercentEncoding ?? user,
                                         password: url.password?.removingPercentEncoding ?? environment["PGPASSWORD"],
                                         host: bare, port: url.port ?? 5432, database: database))
    }
}
