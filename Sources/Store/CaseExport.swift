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
        if let pg = postgres {
            try exportRows(table, body) { sql, each in try pg.forEach(sql) { try each($0) } }
            return
        }
        try pool.read { db in
            if table == .events { return try exportEvents(db: db, body) }
            try exportRows(table, body) { sql, each in
                let rows = try Row.fetchCursor(db, sql: sql)
                while let row = try rows.next() { try each(row) }
            }
        }
    }

    /// Every table but SQLite's events, from rows of either backend read by column name.
    private func exportRows(_ table: ExportTable, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void,
                            rows: (String, (any CaseRow) throws -> Void) throws -> Void) throws {
        try withoutActuallyEscaping(body) { try exportRows(table, escaping: $0, rows: rows) }
    }

    private func exportRows(_ table: ExportTable, escaping body: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void,
                            rows: (String, (any CaseRow) throws -> Void) throws -> Void) throws {
        var paths: [Int64: String] = [:]
        try rows("SELECT id, path FROM imports") { paths[try $0.int64("id") ?? 0] = try $0.string("path") }
        func source(_ importID: Int64?, _ line: Int?) -> String {
            let path = paths[importID ?? 0] ?? "?"
            return line.map { "\(path):\($0)" } ?? path
        }
        var j = JSONLine()
        switch table {
        case .events:
            try rows("""
                SELECT campaign, sent_at, helo, hostname, ip, kind, message_id, queue_id, import_id, line, subject,
                       syn_id, time, mailer, session
                FROM events ORDER BY dedup
                """) { r in
                let queue = try r.string("queue_id"), session = try r.string("session")
                j.begin()
                j.string("campaign", try r.string("campaign")); j.time("date", try r.double("sent_at")); j.string("helo", try r.string("helo"))
                j.string("hostname", try r.string("hostname")); j.string("ip", try r.string("ip")); j.string("kind", try r.string("kind"))
                j.string("message_id", try r.string("message_id")); j.string("queue_id", queue?.isEmpty ?? true ? nil : queue)
                j.string("session", session?.isEmpty ?? true ? nil : session)
                j.string("source", source(try r.int64("import_id"), try r.int("line"))); j.string("subject", try r.string("subject"))
                j.int("syn_id", try r.int("syn_id")); j.time("time", try r.double("time") ?? 0); j.string("x_mailer", try r.string("mailer"))
                j.end()
                try j.withBytes(body)
            }
        case .syns:
            var parsed: [String: TCPSignature] = [:]
            try rows("SELECT * FROM syns ORDER BY time, id") { r in
                let syn = try CaseStore.syn(r, cache: &parsed)
                let s = syn.signature
                // `TTL+?` (over 35 hops) names no initial TTL, but the TTL seen is still in the text.
                var ttl = s.observedTTL
                if ttl == nil, s.raw.contains("+?") {
                    ttl = Int(s.raw.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first?.prefix { $0 != "+" } ?? "")
                }
                j.begin()
                j.int("dist", syn.distance); j.int("dport", syn.dport); j.string("dst", syn.dst?.description)
                j.int64("id", try r.int64("id") ?? 0); j.int("ipid", syn.ipID); j.int("ittl", s.initialTTL); j.string("label", syn.osLabel)
                j.int("mss", s.mss); j.string("options", s.optionLayout.joined(separator: ",")); j.string("params", syn.params)
                j.string("quirks", s.quirks.joined(separator: ",")); j.string("raw_sig", s.raw); j.int("scale", s.windowScale)
                j.string("source", source(try r.int64("import_id"), syn.source.line)); j.int("sport", syn.sport)
                j.string("src", syn.src.description); j.time("time", syn.time); j.int("ts_val", syn.tsVal.map { Int($0) })
                j.int("ttl", ttl); j.string("window", s.windowSize)
                j.end()
                try j.withBytes(body)
            }
        case .observations, .identities:
            try rows("""
                SELECT o.ip, o.port, o.time, o.protocol, o.import_id, o.line, o.fields,
                       i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
                FROM observations o LEFT JOIN identities i ON i.observation_id = o.id
                ORDER BY o.time, o.id
                """) { r in
                let className = try r.string("class")
                if table == .identities && className == nil { return }
                let ip = try r.string("ip"), port = try r.int("port"), proto = try r.string("protocol")
                let src = source(try r.int64("import_id"), try r.int("line")), time = try r.double("time")
                j.begin()
                if table == .identities {
                    j.string("class", className); j.string("database", try r.string("database")); j.string("field", try r.string("field"))
                    j.string("ip", ip); j.string("os", try r.string("os")); j.int("port", port); j.string("product", try r.string("product"))
                    j.string("protocol", proto); j.string("signature", try r.string("signature")); j.string("source", src)
                    j.time("time", time); j.string("vendor", try r.string("vendor")); j.string("version", try r.string("version"))
                } else {
                    j.raw("fields", json: try r.string("fields") ?? "{}")
                    if className == nil { j.key("identity"); j.null() } else {
                        let identity = (database: try r.string("database"), field: try r.string("field"), os: try r.string("os"),
                                        product: try r.string("product"), signature: try r.string("signature"),
                                        vendor: try r.string("vendor"), version: try r.string("version"))
                        j.object("identity") { j in
                            j.string("class", className); j.string("database", identity.database); j.string("field", identity.field)
                            j.string("os", identity.os); j.string("product", identity.product); j.string("signature", identity.signature)
                            j.string("vendor", identity.vendor); j.string("version", identity.version)
                        }
                    }
                    j.string("ip", ip); j.int("port", port); j.string("protocol", proto); j.string("source", src)
                    j.time("time", time)
                }
                j.end()
                try j.withBytes(body)
            }
        case .clocks:
            try rows("SELECT dport, dst, import_id, ip, sport, time, ts_val FROM tcp_clock ORDER BY ip, sport, time") { r in
                j.begin()
                j.int("dport", try r.int("dport")); j.string("dst", try r.string("dst")); j.string("source", source(try r.int64("import_id"), nil))
                j.int("sport", try r.int("sport")); j.string("src", try r.string("ip")); j.time("time", try r.double("time"))
                j.int64("ts_val", try r.int64("ts_val") ?? 0)
                j.end()
                try j.withBytes(body)
            }
        case .verdicts:
            // Stored as the contract's JSON (sorted keys) when the verdicts were computed; printed in address order.
            var stored: [(ip: IPAddress?, json: String)] = []
            try rows("SELECT ip, json FROM verdicts") { stored.append((IPAddress(try $0.string("ip") ?? ""), try $0.string("json") ?? "")) }
            stored.sort { a, b in
                guard let x = a.ip, let y = b.ip else { return a.ip != nil && b.ip == nil }
                return x < y
            }
            var line: [UInt8] = []
            for verdict in stored {
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: verdict.json.utf8)
                line.append(10)
                try line.withUnsafeBufferPointer(body)
            }
        }
    }

    /// SQLite's events, the hottest export (millions of rows): SQLite's column bytes straight into the line.
    private func exportEvents(db: Database, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let paths = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, path FROM imports").map {
            ($0[0] as Int64, $0[1] as String)
        })
        var j = JSONLine()
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
