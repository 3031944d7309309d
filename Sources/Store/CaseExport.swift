import BotCensusCore
import Foundation
import GRDB

extension CaseStore {
    /// Tables `botcensus export` can print.
    public enum ExportTable: String, CaseIterable, Sendable {
        case events, observations, syns, identities, verdicts, clocks
    }

    /// Streams one table as JSON Lines (the `export` contract: every key on every line, `null` when unknown,
    /// keys sorted), one line per call of `body`, ordered by time (events: to the second). Rows are read by column position and
    /// written as bytes: no dictionary per row.
    public func export(_ table: ExportTable, lines body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try pool.read { db in
            let paths = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, path FROM imports").map {
                ($0[0] as Int64, $0[1] as String)
            })
            func source(_ importID: Int64, _ line: Int?) -> String {
                let path = paths[importID] ?? "?"
                return line.map { "\(path):\($0)" } ?? path
            }
            var j = JSONLine()
            switch table {
            case .events:
                // The hottest export (millions of rows): SQLite's column bytes straight into the line. In time
                // order to the second (so JSONLine formats each second's text once), by
                // walking the event key's index (its high bits are the second): no sort of a million rows.
                let statement = try db.makeStatement(sql: """
                    SELECT campaign, sent_at, helo, hostname, ip, kind, message_id, queue_id, import_id, line, subject,
                           syn_id, time, mailer, session
                    FROM events ORDER BY dedup
                    """)
                let rows = RawRows(statement, in: db)
                var lastImport = -1
                var prefix: [UInt8] = []
                while try rows.next() {
                    j.begin()
                    rows.text(0) { j.string("campaign", bytes: $0) }
                    j.time("date", rows.double(1))
                    rows.text(2) { j.string("helo", bytes: $0) }
                    rows.text(3) { j.string("hostname", bytes: $0) }
                    rows.text(4) { j.string("ip", bytes: $0) }
                    rows.text(5) { j.string("kind", bytes: $0) }
                    rows.text(6) { j.string("message_id", bytes: $0) }
                    rows.text(7) { j.string("queue_id", bytes: ($0?.isEmpty ?? true) ? nil : $0) }
                    rows.text(14) { j.string("session", bytes: ($0?.isEmpty ?? true) ? nil : $0) }
                    let importID = rows.int(8) ?? 0
                    if importID != lastImport {
                        lastImport = importID
                        prefix = Array((paths[Int64(importID)] ?? "?").utf8) + [UInt8(ascii: ":")]
                    }
                    j.string("source", prefix: prefix, number: rows.int(9) ?? 0)
                    rows.text(10) { j.string("subject", bytes: $0) }
                    j.int("syn_id", rows.int(11))
                    j.time("time", rows.double(12) ?? 0)
                    rows.text(13) { j.string("x_mailer", bytes: $0) }
                    j.end()
                    try j.withBytes(body)
                }
            case .syns:
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM syns ORDER BY time, id")
                var parsed: [String: TCPSignature] = [:]
                while let r = try rows.next() {
                    let syn = try CaseStore.syn(r, cache: &parsed)
                    let s = syn.signature
                    // `TTL+?` (over 35 hops) names no initial TTL, but the TTL seen is still in the text.
                    var ttl = s.observedTTL
                    if ttl == nil, s.raw.contains("+?") {
                        ttl = Int(s.raw.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first?.prefix { $0 != "+" } ?? "")
                    }
                    j.begin()
                    j.int("dist", syn.distance); j.int("dport", syn.dport); j.string("dst", syn.dst?.description)
                    j.int64("id", r["id"]); j.int("ipid", syn.ipID); j.int("ittl", s.initialTTL); j.string("label", syn.osLabel)
                    j.int("mss", s.mss); j.string("options", s.optionLayout.joined(separator: ",")); j.string("params", syn.params)
                    j.string("quirks", s.quirks.joined(separator: ",")); j.string("raw_sig", s.raw); j.int("scale", s.windowScale)
                    j.string("source", source(r["import_id"], syn.source.line)); j.int("sport", syn.sport)
                    j.string("src", syn.src.description); j.time("time", syn.time); j.int("ts_val", syn.tsVal.map { Int($0) })
                    j.int("ttl", ttl); j.string("window", s.windowSize)
                    j.end()
                    try j.withBytes(body)
                }
            case .observations, .identities:
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT o.ip, o.port, o.time, o.protocol, o.import_id, o.line, o.fields,
                           i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
                    FROM observations o LEFT JOIN identities i ON i.observation_id = o.id
                    ORDER BY o.time, o.id
                    """)
                while let r = try rows.next() {
                    let className: String? = r[7]
                    if table == .identities && className == nil { continue }
                    func identity(_ j: inout JSONLine) {
                        j.string("class", className); j.string("database", r[13]); j.string("field", r[14]); j.string("os", r[11])
                        j.string("product", r[9]); j.string("signature", r[12]); j.string("vendor", r[8]); j.string("version", r[10])
                    }
                    j.begin()
                    if table == .identities {
                        j.string("class", className); j.string("database", r[13]); j.string("field", r[14]); j.string("ip", r[0])
                        j.string("os", r[11]); j.int("port", r[1]); j.string("product", r[9]); j.string("protocol", r[3])
                        j.string("signature", r[12]); j.string("source", source(r[4], r[5])); j.time("time", r[2])
                        j.string("vendor", r[8]); j.string("version", r[10])
                    } else {
                        j.raw("fields", json: r[6])
                        if className == nil { j.key("identity"); j.null() } else { j.object("identity", identity) }
                        j.string("ip", r[0]); j.int("port", r[1]); j.string("protocol", r[3]); j.string("source", source(r[4], r[5]))
                        j.time("time", r[2])
                    }
                    j.end()
                    try j.withBytes(body)
                }
            case .clocks:
                let rows = try Row.fetchCursor(db, sql: "SELECT dport, dst, import_id, ip, sport, time, ts_val FROM tcp_clock ORDER BY ip, sport, time")
                while let r = try rows.next() {
                    j.begin()
                    j.int("dport", r[0]); j.string("dst", r[1]); j.string("source", source(r[2], nil)); j.int("sport", r[4])
                    j.string("src", r[3]); j.time("time", r[5]); j.int64("ts_val", r[6])
                    j.end()
                    try j.withBytes(body)
                }
            case .verdicts:
                // Stored as the contract's JSON (sorted keys) when the verdicts were computed, in address order.
                let rows = try String.fetchCursor(db, sql: "SELECT json FROM verdicts ORDER BY rowid")
                var line: [UInt8] = []
                while let json = try rows.next() {
                    line.removeAll(keepingCapacity: true)
                    line.append(contentsOf: json.utf8)
                    line.append(10)
                    try line.withUnsafeBufferPointer(body)
                }
            }
        }
    }

    /// The same lines as dictionaries (tests and small tools; the command prints bytes).
    public func export(_ table: ExportTable, _ body: ([String: Any]) throws -> Void) throws {
        try export(table, lines: { bytes in
            guard let object = try JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any] else {
                throw CorruptRow(table: table.rawValue, id: 0, reason: "export line is not a JSON object")
            }
            try body(object)
        })
    }
}
