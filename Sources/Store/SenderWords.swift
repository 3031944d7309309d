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
        let list = String(decoding: try JSONSerialization.data(withJSONObject: ips.map(\.description)), as: UTF8.self)
        return try pool.read { db in
            var out: [IPAddress: SenderWords] = [:]
            let events = try Row.fetchCursor(db, sql: """
                SELECT ip, CAST(helo AS BLOB) AS helo, CAST(hostname AS BLOB) AS hostname, CAST(subject AS BLOB) AS subject, count(*) FROM events
                WHERE ip IN (SELECT value FROM json_each(?)) AND (helo IS NOT NULL OR hostname IS NOT NULL OR subject IS NOT NULL)
                GROUP BY ip, helo, hostname, subject
                """, arguments: [list])
            while let row = try events.next() {
                let ip = try CaseStore.ip(row[0], table: "events", id: 0)
                let n: Int = row[4]
                var w = out[ip] ?? SenderWords()
                // Read as blobs (`fullText`): GRDB's text stops at a NUL, and what follows one must show too.
                if let helo = CaseStore.fullText(row, "helo") { w.helos[helo, default: 0] += n }
                if let name = CaseStore.fullText(row, "hostname") { w.hostnames[name, default: 0] += n }
                if let subject = CaseStore.fullText(row, "subject") { w.subjects[subject, default: 0] += n }
                out[ip] = w
            }
            let observations = try Row.fetchCursor(db, sql: """
                SELECT id, ip, port, protocol, fields FROM observations WHERE ip IN (SELECT value FROM json_each(?)) ORDER BY ip, port, time
                """, arguments: [list])
            while let row = try observations.next() {
                let ip = try CaseStore.ip(row[1], table: "observations", id: row[0])
                let text: String = row[4]
                guard let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else {
                    throw CorruptRow(table: "observations", id: row[0], reason: "banner fields are not a JSON object of strings")
                }
                out[ip, default: SenderWords()].services.append((row[2], row[3], fields))
            }
            return out
        }
    }
}
