import BotCensusCore
import Foundation
import GRDB

/// Inserts one import's records inside its transaction. Records the case already holds (an overlapping
/// file) are skipped by the tables' unique keys; `inserted` counts what was new.
public final class ImportWriter {
    /// SQLite: rows go straight into the case's tables. PostgreSQL: into the import's COPY staging.
    private let db: Database!
    private let staging: PostgresStaging?
    let importID: Int64
    public private(set) var inserted = 0
    // Identical events within one second of one file get ordinals 0, 1, …; only the current second is kept.
    private var ordinalSecond: Timestamp = -.infinity
    private var ordinals: [OrdinalKey: Int] = [:]
    private struct OrdinalKey: Hashable {
        var ip: IPAddress
        var kind: SpamEvent.Kind
        var queue: String?
        var session: String?
    }

    /// SQLite: the page cache (KiB) the file's first SYN raises the writer's to (`CaseStore.importCacheKiB`).
    private var synCacheKiB: Int?

    init(db: Database, importID: Int64, synCacheKiB: Int? = nil) {
        self.db = db
        self.staging = nil
        self.importID = importID
        self.synCacheKiB = synCacheKiB
    }

    /// PostgreSQL: the import's id is given at the merge (`mergeStaged`), once the file is read.
    init(staging: PostgresStaging) {
        self.db = nil
        self.staging = staging
        self.importID = 0
    }

    /// PostgreSQL: the staged rows go in as import `importID`'s; `inserted` counts the new ones.
    func mergeStaged(importID: Int64) throws {
        if let staging { inserted = try staging.merge(importID: importID) }
    }

    /// PostgreSQL: the rows still in memory go to the server's staging.
    func flushStaged() throws { try staging?.flush() }

    /// `synID`: the event's SYN when the writer knows it already (the trap); importers leave it to the join.
    public func insert(_ e: SpamEvent, synID: Int64? = nil) throws {
        if e.time != ordinalSecond { ordinalSecond = e.time; ordinals.removeAll(keepingCapacity: true) }
        let ordinalKey = OrdinalKey(ip: e.ip, kind: e.kind, queue: e.queueID, session: e.session)
        let ordinal = ordinals[ordinalKey, default: 0]
        ordinals[ordinalKey] = ordinal + 1
        let ip = e.ip.description, queue = e.queueID ?? e.messageID ?? "", session = e.session ?? ""
        var key = EventKey(ip: ip, time: e.time, kind: e.kind.rawValue, queue: queue, session: session, ordinal: ordinal)
        if let staging {
            // Unique keys decide at the merge; a 64-bit key taken by another event (never seen yet) is not probed past.
            try staging.row("events") { c in
                c.int(Int(key.value)); c.text(ip); c.double(e.time); c.text(e.kind.rawValue); c.text(queue); c.text(session)
                c.int(ordinal); c.text(e.hostname); c.text(e.helo); c.text(e.campaign); c.text(e.messageID); c.text(e.subject)
                c.text(e.mailer); c.double(e.sentAt); c.int(e.source.line); c.int(synID.map { Int($0) })
            }
            return
        }
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO events (dedup, ip, time, kind, queue_id, session, ordinal, hostname, helo, campaign, message_id,
                                          subject, mailer, sent_at, import_id, line, syn_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        while true {
            var insert = RawInsert(statement, in: db)
            insert.int(Int(key.value)); insert.text(ip); insert.double(e.time); insert.text(e.kind.rawValue)
            insert.text(queue); insert.text(session); insert.int(ordinal); insert.text(e.hostname)
            insert.text(e.helo); insert.text(e.campaign); insert.text(e.messageID); insert.text(e.subject); insert.text(e.mailer)
            insert.double(e.sentAt); insert.int(Int(importID)); insert.int(e.source.line); insert.int(synID.map { Int($0) })
            if try insert.run() == 1 { inserted += 1; return }
            // The key is taken: by this very event (an overlapping file adds nothing) or, rarely, by another;
            // or no row holds it and the message is one the case has from another source (same MTA queue id).
            switch try holder(of: key, ip: ip, time: e.time, kind: e.kind.rawValue, queue: queue, session: session, ordinal: ordinal) {
            case .thisEvent, .nobody: return
            case .another: key.probe()
            }
        }
    }

    private enum KeyHolder { case thisEvent, another, nobody }

    private func holder(of key: EventKey, ip: String, time: Double, kind: String, queue: String, session: String, ordinal: Int) throws -> KeyHolder {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT ip, time, kind, queue_id, session, ordinal FROM events WHERE dedup = ?"),
                                   arguments: [key.value])
        guard let row else { return .nobody }
        let same = row[0] == ip && row[1] == time && row[2] == kind && row[3] == queue && row[4] == session && row[5] == ordinal
        return same ? .thisEvent : .another
    }

    public func insert(_ s: SynRecord) throws {
        if let staging {
            try staging.row("syns") { c in
                c.text(s.src.description); c.int(s.sport); c.text(s.dst?.description); c.int(s.dport); c.double(s.time)
                c.text(s.osLabel); c.int(s.distance); c.text(s.params); c.text(s.signature.raw); c.int(s.ipID)
                c.int(s.tsVal.map { Int($0) }); c.int(s.source.line)
            }
            return
        }
        if let kib = synCacheKiB {
            // SYNs are keyed by address first: every row lands at a random place of their key.
            try db.execute(sql: "PRAGMA cache_size = -\(kib)")
            synCacheKiB = nil
        }
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO syns (ip, sport, dst, dport, time, os_label, dist, params, raw_sig, ipid, ts_val, import_id, line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var row = RawInsert(statement, in: db)
        row.text(s.src.description); row.int(s.sport); row.text(s.dst?.description); row.int(s.dport); row.double(s.time)
        row.text(s.osLabel); row.int(s.distance); row.text(s.params); row.text(s.signature.raw); row.int(s.ipID)
        row.int(s.tsVal.map { Int($0) }); row.int(Int(importID)); row.int(s.source.line)
        inserted += try row.run()
    }

    public func insert(_ c: TCPClockSample) throws {
        if let staging {
            try staging.row("tcp_clock") { row in
                row.text(c.src.description); row.int(c.sport); row.text(c.dst.description); row.int(c.dport); row.double(c.time)
                row.int(Int(c.tsVal))
            }
            return
        }
        var row = RawInsert(try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO tcp_clock (ip, sport, dst, dport, time, ts_val, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """), in: db)
        row.text(c.src.description); row.int(c.sport); row.text(c.dst.description); row.int(c.dport); row.double(c.time)
        row.int(Int(c.tsVal)); row.int(Int(importID))
        inserted += try row.run()
    }

    public func insert(_ o: ServiceObservation, identity: DeviceIdentity?) throws {
        let fields = String(decoding: try JSONSerialization.data(withJSONObject: o.fields, options: [.sortedKeys]), as: UTF8.self)
        if let staging {
            let seq = try staging.observation { c in
                c.text(o.ip.description); c.int(o.port); c.double(o.time); c.text(o.proto); c.text(fields); c.int(o.source.line)
            }
            guard let identity else { return }
            try staging.row("identities", seq: seq) { c in
                c.text(identity.deviceClass.rawValue); c.text(identity.vendor); c.text(identity.product); c.text(identity.version)
                c.text(identity.os.rawValue); c.text(identity.signature); c.text(identity.database); c.text(identity.field)
            }
            return
        }
        let statement = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO observations (ip, port, time, protocol, fields, import_id, line) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [o.ip.description, o.port, o.time, o.proto, fields, importID, o.source.line])
        guard db.changesCount > 0 else { return }
        inserted += 1
        guard let identity else { return }
        let observationID = db.lastInsertedRowID
        try db.cachedStatement(sql: """
            INSERT INTO identities (observation_id, class, vendor, product, version, os, signature, database, field)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [observationID, identity.deviceClass.rawValue, identity.vendor, identity.product,
                                     identity.version, identity.os.rawValue, identity.signature, identity.database, identity.field])
    }
}
