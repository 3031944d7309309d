import BotCensusCore
import Foundation

/// http: `GET /`, following up to three redirects that stay on the probed address (another host is never
/// contacted), then `GET /favicon.ico` for Shodan's favicon hash. zgrab2's `http` result: `response` (the
/// last), `redirect_response_chain` (the earlier ones); plus `favicon`.
public struct HTTPModule: ProbeModule {
    public let name = "http"
    public let defaultPorts = [80, 8080, 81, 8000, 8081, 8888]
    static let maxRedirects = 3

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        try await HTTPModule.walk(context, scheme: "http") { try await context.connect() }
    }

    /// GET / and its redirects, then the favicon, each on a fresh connection from `open` (plain or TLS).
    static func walk(_ context: ProbeContext, scheme: String, open: () async throws -> ProbeConnection) async throws -> ModuleResult {
        var path = "/"
        var chain: [ProbeJSON] = []
        var response: HTTPResponse?
        var request = ProbeJSON.null
        for hop in 0...maxRedirects {
            let connection = try await open()
            defer { Task { await connection.close() } }
            request = HTTPExchange.requestJSON("GET", path: path, authority: context.authority, scheme: scheme)
            let current = try await HTTPExchange.fetch(connection, path: path, authority: context.authority)
            response = current
            guard (300...399).contains(current.statusCode), hop < maxRedirects,
                  let location = current.header("location"), let next = sameHostPath(location, context: context, scheme: scheme) else { break }
            chain.append(current.json(request: request))
            path = next
        }
        guard let last = response else { throw ProbeError(.protocolError, "no response") }
        var result: [(String, ProbeJSON)] = [("response", last.json(request: request))]
        if !chain.isEmpty { result.append(("redirect_response_chain", .array(chain))) }
        if let icon = try? await favicon(context, scheme: scheme, open: open) { result.append(("favicon", icon)) }
        return ModuleResult(result: .object(result), protocolName: scheme)
    }

    /// A redirect target on the probed address and port, as a path; nil for anything else.
    static func sameHostPath(_ location: String, context: ProbeContext, scheme: String) -> String? {
        if location.hasPrefix("/") { return location }
        guard let url = URL(string: location), let host = url.host else {
            return location.contains("://") ? nil : "/" + location
        }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        guard url.scheme == scheme, IPAddress(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) == context.ip,
              port == context.port else { return nil }
        let path = url.path.isEmpty ? "/" : url.path
        return url.query.map { path + "?" + $0 } ?? path
    }

    static func favicon(_ context: ProbeContext, scheme: String, open: () async throws -> ProbeConnection) async throws -> ProbeJSON? {
        let connection = try await open()
        defer { Task { await connection.close() } }
        let icon = try await HTTPExchange.fetch(connection, path: "/favicon.ico", authority: context.authority)
        guard icon.statusCode == 200, !icon.body.isEmpty else { return nil }
        return .object([("hash", .int(Int(FaviconHash.shodan(icon.body)))), ("size", .int(icon.body.count)),
                        ("content_type", icon.header("content_type").map(ProbeJSON.string) ?? .null)])
    }
}
