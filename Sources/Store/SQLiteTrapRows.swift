import BotCensusCore
import Foundation
import GRDB

/// The trap's rows in an SQLite case, inside one write transaction. SQLite's own binds: GRDB's argument
/// arrays cost more than the insert itself at the trap's rate.
struct SQLiteTrapRows {
    let db: Database

    /// The trap's `imports` row; the trap checkpoints on its own clock (`checkpoint`), not inside whichever
    /// commit crosses 1,000 pages.
    static func start(_ pool: DatabasePool, record: ImportRecord) throws -> Int64 {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0")
        }
        return try pool.write { db in
            var record = record
            try record.insert(db)
            guard let id = record.id else { throw CaseStore.CorruptRow(table: "imports", id: 0, reason: "insert gave no row id") }
            return id
        }
    }

    static func checkpoint(_ pool: DatabasePool) throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// One transaction; `durably`: `synchronous = FULL` for it, so it is on disk when this returns.
    static func transaction(_ pool: DatabasePool, durably: Bool, _ body: (SQLiteTrapRows) throws -> Void) throws {
        if durably { try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } }
        defer { if durably { try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } } }
        try pool.write { db in try body(SQLiteTrapRows(db: db)) }
    }

    /// A session's SYN (when it has one and is no relay's), its TSval as a clock sample and its connection
    /// event; returns the SYN's row and how many rows were new.
    func firstSight(_ s: TrapSession, trapName: String, importID: Int64) throws -> (synID: Int64?, added: Int) {
        let writer = ImportWriter(db: db, importID: importID)
        var synID: Int64?
        if let syn = s.syn, !s.fromTrustedRelay {
            let before = writer.inserted
            try writer.insert(syn)
            synID = writer.inserted > before ? db.lastInsertedRowID
                : try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM syns WHERE ip = ? AND sport = ? AND time = ? AND raw_sig = ?"),
                                     arguments: [syn.src.description, syn.sport, syn.time, syn.signature.raw])
            if let ts = syn.tsVal, let dst = syn.dst, let dport = syn.dport {
                try writer.insert(TCPClockSample(src: syn.src, sport: syn.sport, dst: dst, dport: dport, time: syn.time,
                                                 tsVal: ts, source: syn.source))
            }
        }
        if !s.fromTrustedRelay {
            try writer.insert(SpamEvent(ip: s.peer, time: s.started, kind: .connection, helo: s.helo, session: s.id,
                                        source: SourceRef(file: "trap:\(trapName)", line: 0)), synID: synID)
        }
        return (synID, writer.inserted)
    }

    /// The session's row; an update only adds to what the row says.
    func upsert(_ s: TrapSession, trapName: String, importID: Int64, synID: Int64?) throws {
        var row = RawInsert(try db.cachedStatement(sql: """
            INSERT INTO trap_sessions (id, trap, import_id, ip, port, local, local_port, started, ended, helo, tls, auth, syn_id,
                                       syn_status, commands, messages, close_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET ended = coalesce(excluded.ended, ended), helo = coalesce(excluded.helo, helo),
                tls = coalesce(excluded.tls, tls), auth = coalesce(excluded.auth, auth), commands = max(excluded.commands, commands),
                messages = max(excluded.messages, messages), close_reason = coalesce(excluded.close_reason, close_reason)
            """), in: db)
        row.text(s.id); row.text(trapName); row.int(Int(importID)); row.text(s.peer.description); row.int(s.peerPort)
        row.text(s.local.description); row.int(s.localPort); row.double(s.started); row.double(s.ended); row.text(s.helo)
        row.text(s.tls); row.text(s.authAttempts.isEmpty ? nil : JSONStringArray.encode(s.authAttempts)); row.int(synID.map { Int($0) })
        row.text(s.synStatus); row.int(s.commands); row.int(s.messages); row.text(s.closeReason)
        _ = try row.run()
    }

    func synOfSession(_ id: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT syn_id FROM trap_sessions WHERE id = ?"), arguments: [id])
    }

    /// A message's event (or the one the case has already from the trusted relay's log) and its envelope row;
    /// returns how many events were new.
    func insert(_ m: TrapMessage, synID: Int64?, importID: Int64) throws -> Int {
        let writer = ImportWriter(db: db, importID: importID)
        try writer.insert(m.event, synID: synID)
        let eventID: Int64
        if writer.inserted == 1 {
            eventID = db.lastInsertedRowID
        } else {
            // The case has this message already: the trusted relay's log, imported first. One event, and the
            // envelope and spool file point at it.
            guard let known = try Int64.fetchOne(db, sql: """
                SELECT id FROM events WHERE kind = 'message' AND queue_id = ? AND ip = ? AND message_id IS NOT queue_id
                """, arguments: [m.event.queueID ?? "", m.event.ip.description]) else {
                throw CaseStore.CorruptRow(table: "events", id: 0, reason: "message \(m.queueID) was neither added nor found")
            }
            eventID = known
        }
        var row = RawInsert(try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO trap_messages (event_id, queue_id, session_id, mail_from, rcpt_to, size, spool, spool_offset, sha256, received)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """), in: db)
        row.int(Int(eventID)); row.text(m.queueID); row.text(m.sessionID); row.text(m.mailFrom)
        row.text(JSONStringArray.encode(m.recipients)); row.int(m.size); row.text(m.spoolPath); row.int(m.spoolOffset)
        row.text(m.sha256); row.double(m.received)
        _ = try row.run()
        return writer.inserted
    }

    func count(_ n: Int, importID: Int64) throws {
        try db.cachedStatement(sql: "UPDATE imports SET records = records + ?, inserted = inserted + ? WHERE id = ?")
            .execute(arguments: [n, n, importID])
    }
}
