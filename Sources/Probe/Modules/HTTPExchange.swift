import Foundation
import Ingest
import NIOCore

/// One HTTP/1.1 request and its response over a probe connection (plain or TLS): the response head, and the
/// body by Content-Length, chunked encoding or the connection's end, cut at the read limit.
struct HTTPResponse: Sendable {
    var statusCode: Int
    var statusLine: String
    var version: String
    /// Header names lowercased with `-` as `_`, values in order (zgrab2's form).
    var headers: [(String, [String])]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first { $0.0 == name }?.1.first }

    /// zgrab2's `response` object.
    func json(request: ProbeJSON) -> ProbeJSON {
        .object([
            ("status_line", .string(statusLine)),
            ("status_code", .int(statusCode)),
            ("protocol", .object([("name", .string(version))])),
            ("headers", .object(headers.map { ($0.0, .array($0.1.map(ProbeJSON.string))) })),
            ("body", .bytes(body)),
            ("body_sha256", .string(ContentDigest.hex(body))),
            ("content_length", .int(body.count)),
            ("request", request),
        ])
    }
}

enum HTTPExchange {
    static let userAgent = "Mozilla/5.0 (compatible; botcensus-probe)"

    static func request(_ method: String, path: String, authority: String) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: \(authority)\r\nUser-Agent: \(userAgent)\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    }

    static func requestJSON(_ method: String, path: String, authority: String, scheme: String) -> ProbeJSON {
        .object([("method", .string(method)), ("url", .object([("scheme", .string(scheme)), ("host", .string(authority)), ("path", .string(path))]))])
    }

    static func fetch(_ connection: ProbeConnection, method: String = "GET", path: String, authority: String) async throws -> HTTPResponse {
        try await connection.send(request(method, path: path, authority: authority))
        return try await readResponse(connection, bodyExpected: method != "HEAD")
    }

    static func readResponse(_ connection: ProbeConnection, bodyExpected: Bool = true) async throws -> HTTPResponse {
        let raw = try await connection.read { headEnd($0) != nil }
        guard let end = headEnd(raw) else {
            throw ProbeError(.protocolError, "no complete HTTP response head")
        }
        var response = try parseHead(Array(raw[..<end]))
        let bodyStart = end
        guard bodyExpected, response.statusCode >= 200, response.statusCode != 204, response.statusCode != 304 else { return response }
        if let length = response.header("content_length").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
            let all = try await connection.read { $0.count >= bodyStart + length }
            response.body = Array(all[bodyStart..<min(all.count, bodyStart + length)])
        } else if response.version.hasPrefix("RTSP/") {
            return response   // RTSP bodies always carry Content-Length (RFC 2326 §12.14)
        } else if response.header("transfer_encoding")?.lowercased().contains("chunked") == true {
            let all = try await connection.read { chunkedEnd(Array($0[bodyStart...])) }
            response.body = dechunk(Array(all[bodyStart...]))
        } else {
            // Until the peer closes (Connection: close) or the read timeout.
            let all = try await connection.read { _ in false }
            response.body = Array(all[bodyStart...])
        }
        return response
    }

    /// The index just past the blank line ending the head.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 3..<bytes.count where bytes[i] == 10 {
            if bytes[i - 1] == 10 { return i + 1 }
            if bytes[i - 1] == 13 && bytes[i - 2] == 10 { return i + 1 }
        }
        return nil
    }

    static func parseHead(_ head: [UInt8]) throws -> HTTPResponse {
        // On bytes: as Characters, CR LF is one grapheme and would not split at "\n".
        var lines = head.split(separator: 10).map { line in
            String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
        }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ProbeError(.protocolError, "empty response") }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") || parts[0].hasPrefix("RTSP/"), let code = Int(parts[1]) else {
            throw ProbeError(.protocolError, "not an HTTP status line: \(statusLine.prefix(80))")
        }
        var headers: [(String, [String])] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let i = headers.firstIndex(where: { $0.0 == name }) { headers[i].1.append(value) } else { headers.append((name, [value])) }
        }
        return HTTPResponse(statusCode: code, statusLine: parts.dropFirst().joined(separator: " "), version: parts[0], headers: headers, body: [])
    }

    static func chunkedEnd(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while true {
            guard let lf = bytes[i...].firstIndex(of: 10) else { return false }
            let sizeText = String(decoding: bytes[i..<lf], as: UTF8.self).split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard let size = Int(sizeText, radix: 16) else { return true }   // malformed: take what is there
            if size == 0 { return true }
            i = lf + 1 + size + 2
            if i >= bytes.count { return false }
        }
    }

    static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < bytes.count, let lf = bytes[i...].firstIndex(of: 10) {
            let sizeText = String(decoding: bytes[i..<lf], as: UTF8.self).split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard let size = Int(sizeText, radix: 16), size > 0 else { break }
            let start = lf + 1, end = min(bytes.count, start + size)
            out += bytes[start..<end]
            i = end + 2
        }
        return out
    }
}
