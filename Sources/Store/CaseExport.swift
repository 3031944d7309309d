import BotCensusCore
import Foundation
import GRDB

extension CaseStore {
    /// Tables `botcensus export` can print.
    public enum ExportTable: String, CaseIterable, Sendable {
        case events, observations, syns, identities, verdicts, clocks
    }

    /// Streams one table as JSON-ready dictionaries (keys of the `export` contract), in insertion order.
    public func export(_ table: ExportTable, _ body: ([String: Any]) throws -> Void) throws {
        try pool.read { db in
            switch table {
            case .events:
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT e.*, i.path FROM events e JOIN imports i ON i.id = e.import_id ORDER BY e.time, e.id
                    """)
                while let r = try rows.next() {
                    var o: [String: Any] = ["ip": r["ip"] as String, "time": TimeFormat.rfc3339(r["time"]), "kind": r["kind"] as String,
                                            "source": "\(r["path"] as String):\(r["line"] as Int)"]
                    o["helo"] = (r["helo"] as String?) ?? NSNull()
                    o["campaign"] = (r["campaign"] as String?) ?? NSNull()
                    if let h: String = r["hostname"] { o["hostname"] = h }
                    let q: String = r["queue_id"]
                    if !q.isEmpty { o["queue_id"] = q }
                    if let s: Int64 = r["syn_id"] { o["syn_id"] = s }
                    for (column, key) in [("message_id", "message_id"), ("subject", "subject"), ("mailer", "x_mailer")] {
                        if let v: String = r[column] { o[key] = v }
                    }
                    if let sent: Double = r["sent_at"] { o["date"] = TimeFormat.rfc3339(sent) }
                    try body(o)
                }
            case .syns:
                let rows = try Row.fetchCursor(db, sql: "SELECT s.*, i.path FROM syns s JOIN imports i ON i.id = s.import_id ORDER BY s.time, s.id")
                var parsed: [String: TCPSignature] = [:]
                while let r = try rows.next() {
                    let syn = try CaseStore.syn(r, cache: &parsed)
                    let s = syn.signature
                    var o: [String: Any] = ["id": r["id"] as Int64, "src": syn.src.description, "sport": syn.sport,
                                            "time": TimeFormat.rfc3339(syn.time), "raw_sig": s.raw, "ittl": s.initialTTL,
                                            "window": s.windowSize, "options": s.optionLayout.joined(separator: ","),
                                            "quirks": s.quirks.joined(separator: ","),
                                            "source": "\(r["path"] as String):\(syn.source.line)"]
                    o["dst"] = syn.dst?.description ?? NSNull()
                    o["dport"] = syn.dport ?? NSNull()
                    // `TTL+?` (over 35 hops) names no initial TTL, but the TTL seen is still in the text.
                    var ttl = s.observedTTL
                    if ttl == nil, s.raw.contains("+?") {
                        ttl = Int(s.raw.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first?.prefix { $0 != "+" } ?? "")
                    }
                    o["ttl"] = ttl ?? NSNull()
                    o["dist"] = syn.distance ?? NSNull()
                    o["mss"] = s.mss ?? NSNull()
                    o["scale"] = s.windowScale ?? NSNull()
                    o["label"] = syn.osLabel ?? NSNull()
                    o["params"] = syn.params ?? NSNull()
                    // Only packet captures carry these; p0f logs do not.
                    o["ipid"] = syn.ipID ?? NSNull()
                    o["ts_val"] = syn.tsVal.map { Int($0) } ?? NSNull()
                    try body(o)
                }
            case .observations, .identities:
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT o.*, p.path, i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
                    FROM observations o JOIN imports p ON p.id = o.import_id LEFT JOIN identities i ON i.observation_id = o.id
                    ORDER BY o.time, o.id
                    """)
                while let r = try rows.next() {
                    let className: String? = r["class"]
                    if table == .identities && className == nil { continue }
                    var o: [String: Any] = ["ip": r["ip"] as String, "port": r["port"] as Int, "time": TimeFormat.rfc3339(r["time"]),
                                            "protocol": r["protocol"] as String, "source": "\(r["path"] as String):\(r["line"] as Int)"]
                    if table == .observations {
                        let text: String = r["fields"]
                        o["fields"] = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) ?? [:]
                    }
                    if let className {
                        var identity: [String: Any] = ["class": className, "os": r["os"] as String, "signature": r["signature"] as String,
                                                       "database": r["database"] as String, "field": r["field"] as String]
                        identity["vendor"] = (r["vendor"] as String?) ?? NSNull()
                        identity["product"] = (r["product"] as String?) ?? NSNull()
                        identity["version"] = (r["version"] as String?) ?? NSNull()
                        if table == .identities { o.merge(identity) { a, _ in a } } else { o["identity"] = identity }
                    } else {
                        o["identity"] = NSNull()
                    }
                    try body(o)
                }
            case .clocks:
                let rows = try Row.fetchCursor(db, sql: "SELECT c.*, i.path FROM tcp_clock c JOIN imports i ON i.id = c.import_id ORDER BY c.ip, c.sport, c.time")
                while let r = try rows.next() {
                    try body(["src": r["ip"] as String, "sport": r["sport"] as Int, "dst": r["dst"] as String, "dport": r["dport"] as Int,
                              "time": TimeFormat.rfc3339(r["time"]), "ts_val": r["ts_val"] as Int64, "source": r["path"] as String])
                }
            case .verdicts:
                let rows = try String.fetchCursor(db, sql: "SELECT json FROM verdicts ORDER BY ip")
                while let json = try rows.next() {
                    try body((try JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] ?? [:])
                }
            }
        }
    }
}
