/// SMTP and FTP replies (RFC 5321 §4.2, RFC 959 §4.2): lines `NNN-text` continue, `NNN text` ends.
enum ReplyReading {
    /// Reads one whole reply; returns its code and text (lines joined with CRLF, as zgrab2 keeps banners).
    static func read(_ connection: ProbeConnection) async throws -> (code: Int, text: String) {
        var lines: [String] = []
        while lines.count < 100 {
            let line = try await connection.readLine()
            lines.append(line)
            let bytes = Array(line.utf8)
            if bytes.count >= 3, bytes.prefix(3).allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes.count == 3 || bytes[3] != UInt8(ascii: "-") {
                return (Int(String(line.prefix(3))) ?? 0, lines.joined(separator: "\r\n") + "\r\n")
            }
        }
        throw ProbeError(.protocolError, "reply of over 100 lines")
    }
}
