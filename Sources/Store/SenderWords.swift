import BotCensusCore
import Foundation
import GRDB

/// What an address's evidence says in the sender's and the scanned devices' own words: HELO names, reverse
/// DNS names and subjects with how often each came, and the banner fields of every service that answered.
/// Attacker-written, all of it: whoever shows it escapes it.
public struct SenderWords: Sendable {
    public var helos: [String: Int] = [:]
    public var hostnames: [String: Int] = [:]
    public var subjects: [String: Int] = [:]
    public var services: [(port: Int, proto: String, fields: [String: String])] = []
    public init() {}
}

extension CaseStore {
    /// The words of `ips` (a report's table: a thousand addresses, not the case): one pass over the events
    /// of those addresses, one indexed read of their observations.
    public func senderWords(of ips: [IPAddress]) throws -> [IPAddress: SenderWords] {
        guard !ips.isEmpty else { return [:] }
        // The addresses as one value: a JSON array for SQLite's json_each, a comma list for PostgreSQL's
        // string_to_array (an address holds no comma).
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ips.map(\.description)), as: UTF8.self)
        let commas = ips.map(\.description).joined(separator: ",")
        return try read { q in
            let list: PostgresCase.Value = .text(q.isSQLite ? json : commas)
            let among = q.isSQLite ? "ip IN (SELECT value FROM json_each(?))" : "ip = ANY(string_to_array($1, ','))"
            var out: [IPAddress: SenderWords] = [:]
            try q.each("""
                SELECT ip, \(Self.textColumn("helo", q)), \(Self.textColumn("hostname", q)), \(Self.textColumn("subject", q)), count(*) AS n
                FROM events WHERE \(among) AND (helo IS NOT NULL OR hostname IS NOT NULL OR subject IS NOT NULL)
                GROUP BY ip, helo, hostname, subject
                """, postgres: nil, [list]) { row in
                let ip = try CaseStore.ip(row.string("ip") ?? "", table: "events", id: 0)
                let n = try row.int("n") ?? 0
                var w = out[ip] ?? SenderWords()
                if let helo = try row.fullText("helo") { w.helos[helo, default: 0] += n }
                if let name = try row.fullText("hostname") { w.hostnames[name, default: 0] += n }
                if let subject = try row.fullText("subject") { w.subjects[subject, default: 0] += n }
                out[ip] = w
            }
            try q.each("SELECT id, ip, port, protocol, fields FROM observations WHERE \(among) ORDER BY ip, port, time", [list]) { row in
                let id = try row.int64("id") ?? 0
                let ip = try CaseStore.ip(row.string("ip") ?? "", table: "observations", id: id)
                let text = try row.string("fields") ?? ""
                guard let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else {
                    throw CorruptRow(table: "observations", id: id, reason: "banner fields are not a JSON object of strings")
                }
                out[ip, default: SenderWords()].services.append((try row.int("port") ?? 0, try row.string("protocol") ?? "", fields))
            }
            return out
        }
    }
}
