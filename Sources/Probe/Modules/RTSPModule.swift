import Foundation

/// rtsp (RFC 2326): `OPTIONS` (the `Public` methods and `Server`), then `DESCRIBE` (an SDP, or the realm a
/// camera asks credentials for). Cameras and NVRs answer here when their web UI is hidden.
public struct RTSPModule: ProbeModule {
    public let name = "rtsp"
    public let defaultPorts = [554, 8554]

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let url = "rtsp://\(context.authority)/"
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        try await connection.send("OPTIONS \(url) RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: \(HTTPExchange.userAgent)\r\n\r\n")
        let options = try await HTTPExchange.readResponse(connection, bodyExpected: false)
        guard options.version.hasPrefix("RTSP/") else { throw ProbeError(.protocolError, "not an RTSP response") }
        await connection.consume(Int.max)
        var result: [(String, ProbeJSON)] = [("options", Self.json(options))]
        var fields: [String: String] = [:]
        if let server = options.header("server") { fields["rtsp.server"] = server }
        let methods = (options.header("public") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        result.append(("methods", .array(methods.map(ProbeJSON.string))))
        try await connection.send("DESCRIBE \(url) RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\nUser-Agent: \(HTTPExchange.userAgent)\r\n\r\n")
        if let describe = try? await HTTPExchange.readResponse(connection) {
            result.append(("describe", Self.json(describe)))
            if fields["rtsp.server"] == nil, let server = describe.header("server") { fields["rtsp.server"] = server }
            if let auth = describe.header("www_authenticate") { fields["rtsp.www_authenticate"] = auth }
        }
        result.append(("server", fields["rtsp.server"].map(ProbeJSON.string) ?? .null))
        return ModuleResult(result: .object(result), fields: fields)
    }

    static func json(_ response: HTTPResponse) -> ProbeJSON {
        .object([("status_line", .string(response.statusLine)), ("status_code", .int(response.statusCode)),
                 ("headers", .object(response.headers.map { ($0.0, .array($0.1.map(ProbeJSON.string))) })),
                 ("body", .bytes(response.body))])
    }
}
