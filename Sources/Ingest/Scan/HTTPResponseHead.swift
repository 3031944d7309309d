/// A raw HTTP response as scanners keep it (`HTTP/1.1 401 Unauthorized\r\nServer: …\r\n\r\n<html>…`):
/// the fields fingerprints match on, keyed as zgrab2's importer keys them.
enum HTTPResponseHead {
    static func fields(_ raw: String) -> [String: String] {
        var fields: [String: String] = [:]
        let headEnd = raw.range(of: "\r\n\r\n") ?? raw.range(of: "\n\n")
        let head = headEnd.map { raw[..<$0.lowerBound] } ?? raw[...]
        var lines = head.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).makeIterator()
        if let status = lines.next(), status.hasPrefix("HTTP/") {
            let parts = status.split(separator: " ", maxSplits: 2)
            if parts.count >= 2, let code = Int(parts[1]) { fields["http.status"] = String(code) }
        }
        while let line = lines.next() {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            guard let colon = text.firstIndex(of: ":") else { continue }
            let name = text[..<colon].lowercased()
            let value = text[text.index(after: colon)...].trimmingSpaces()
            // The first occurrence wins, as in zgrab2's first header value.
            switch name {
            case "server" where fields["http.server"] == nil: fields["http.server"] = value
            case "www-authenticate" where fields["http.www_authenticate"] == nil: fields["http.www_authenticate"] = value
            default: break
            }
        }
        if let end = headEnd, let title = HTMLTitle.extract(String(raw[end.upperBound...])) { fields["http.title"] = title }
        return fields
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
