import Foundation

/// ssh: the server's identification string (RFC 4253 §4.2) and the algorithm lists of its KEXINIT (§7.1),
/// which name the SSH implementation and its age better than the version string alone. We send our own
/// identification and stop after the server's KEXINIT: no key exchange, no authentication.
public struct SSHModule: ProbeModule {
    public let name = "ssh"
    public let defaultPorts = [22, 2222]

    public init() {}

    static let listNames = ["kex_algorithms", "host_key_algorithms", "client_to_server_ciphers", "server_to_client_ciphers",
                            "client_to_server_macs", "server_to_client_macs", "client_to_server_compression",
                            "server_to_client_compression", "client_to_server_languages", "server_to_client_languages"]

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        // Servers may send lines before the identification (RFC 4253 §4.2); skip up to a few.
        var identification = ""
        for _ in 0..<8 {
            let line = try await connection.readLine()
            if line.hasPrefix("SSH-") { identification = line; break }
        }
        guard !identification.isEmpty else { throw ProbeError(.protocolError, "no SSH identification string") }
        try await connection.send("SSH-2.0-botcensus_probe\r\n")
        var result: [(String, ProbeJSON)] = [("server_id", Self.serverID(identification))]
        if let kex = try? await Self.readKexInit(connection) { result.append(("server_key_exchange", kex)) }
        return ModuleResult(result: .object(result))
    }

    /// zgrab2's `server_id`: raw, version, software, comment.
    static func serverID(_ raw: String) -> ProbeJSON {
        let body = raw.dropFirst(4)
        let dash = body.firstIndex(of: "-")
        let version = dash.map { String(body[..<$0]) } ?? String(body)
        let rest = dash.map { body[body.index(after: $0)...] } ?? ""
        let space = rest.firstIndex(of: " ")
        let software = space.map { String(rest[..<$0]) } ?? String(rest)
        let comment = space.map { String(rest[rest.index(after: $0)...]) }
        return .object([("raw", .string(raw)), ("version", .string(version)), ("software", .string(software)),
                        ("comment", comment.map(ProbeJSON.string) ?? .null)])
    }

    /// The first binary packet, which every server sends unasked after the identification: SSH_MSG_KEXINIT.
    static func readKexInit(_ connection: ProbeConnection) async throws -> ProbeJSON {
        let bytes = try await connection.read { b in
            guard b.count >= 5 else { return false }
            let length = Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
            return length > 35000 || b.count >= 4 + length
        }
        let length = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard length <= 35000, bytes.count >= 4 + length, length > 1 else { throw ProbeError(.protocolError, "bad SSH packet length") }
        let padding = Int(bytes[4])
        let payload = Array(bytes[5..<(4 + length - padding)])
        guard payload.first == 20, payload.count > 17 else { throw ProbeError(.protocolError, "first packet is not KEXINIT") }
        var at = 17   // message number and 16-byte cookie
        var lists: [(String, ProbeJSON)] = []
        for name in listNames {
            guard at + 4 <= payload.count else { break }
            let n = Int(payload[at]) << 24 | Int(payload[at + 1]) << 16 | Int(payload[at + 2]) << 8 | Int(payload[at + 3])
            at += 4
            guard at + n <= payload.count else { break }
            let text = String(decoding: payload[at..<(at + n)], as: UTF8.self)
            lists.append((name, .array(text.split(separator: ",").map { .string(String($0)) })))
            at += n
        }
        if at < payload.count { lists.append(("first_kex_follows", .bool(payload[at] != 0))) }
        return .object(lists)
    }
}
