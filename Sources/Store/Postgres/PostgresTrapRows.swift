import BotCensusCore
import Foundation

/// The trap's rows in a PostgreSQL case, inside one transaction on the case's connection. Many traps may
/// write one case at once: each has its own `imports` row and session ids (`NAME-QUEUEID`), its queue ids
/// carry that import's id, and every insert lets the unique keys decide (`ON CONFLICT DO NOTHING`), so a
/// record written twice — a restart reading its spool back — is still one row.
struct PostgresTrapRows: TrapRows {
    let pg: PostgresCase

    static func start(_ pg: PostgresCase, record: ImportRecord) throws -> Int64 {
        guard let id = try pg.one("""
            INSERT INTO imports (path, sha256, format, imported_at, lines, records, inserted, bad_lines)
            VALUES ($1, $2, $3, $4, 0, 0, 0, 0) RETURNING id
            """, [.text(record.path), .text(record.sha256), .text(record.format), .double(record.importedAt)])?["id"].decode(Int64.self) else {
            throw CaseStore.CorruptRow(table: "imports", id: 0, reason: "insert gave no row id")
        }
        return id
    }

    static func isCommitted(_ pg: PostgresCase, queueID: String) throws -> Bool {
        try pg.one("SELECT EXISTS (SELECT 1 FROM trap_messages WHERE queue_id = $1) AS e", [.text(queueID)])?["e"].decode(Bool.self) ?? false
    }

    static func location(_ pg: PostgresCase, queueID: String) throws -> (spool: String, offset: Int?, size: Int, sha256: String)? {
        guard let row = try pg.one("SELECT spool, spool_offset, size, sha256 FROM trap_messages WHERE queue_id = $1", [.text(queueID)]) else {
            return nil
        }
        return (try row["spool"].decode(String.self), try row["spool_offset"].decode(Int?.self), try row["size"].decode(Int.self),
                try row["sha256"].decode(String.self))
    }

    /// One transaction; unless `durably`, its commit does not wait for the WAL flush (`synchronous_commit = off`:
    /// the spool record is the durable form, as SQLite's `synchronous = NORMAL` for the trap).
    static func transaction(_ pg: PostgresCase, durably: Bool, _ body: (PostgresTrapRows) throws -> Void) throws {
        try pg.transaction {
            if !durably { try pg.execute("SET LOCAL synchronous_commit TO off") }
            try body(PostgresTrapRows(pg: pg))
        }
    }

    func firstSight(_ s: TrapSession, trapName: String, importID: Int64) throws -> (synID: Int64?, added: Int) {
        guard !s.fromTrustedRelay else { return (nil, 0) }
        var added = 0
        var synID: Int64?
        if let syn = s.syn {
            let ip = syn.src.description
            if let id = try pg.one("""
                INSERT INTO syns (ip, sport, dst, dport, time, os_label, dist, params, raw_sig, ipid, ts_val, import_id, line)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING id
                """, [.text(ip), .int(syn.sport), .text(syn.dst?.description), .int(syn.dport), .double(syn.time), .text(syn.osLabel),
                      .int(syn.distance), .text(syn.params), .text(syn.signature.raw), .int(syn.ipID), .int(syn.tsVal.map { Int($0) }),
                      .int(Int(importID)), .int(syn.source.line)])?["id"].decode(Int64.self) {
                synID = id
                added += 1
            } else {
                synID = try pg.one("SELECT id FROM syns WHERE ip = $1 AND sport = $2 AND time = $3 AND raw_sig = $4",
                                   [.text(ip), .int(syn.sport), .double(syn.time), .text(syn.signature.raw)])?["id"].decode(Int64.self)
            }
            if let ts = syn.tsVal, let dst = syn.dst, let dport = syn.dport {
                added += try pg.execute("""
                    INSERT INTO tcp_clock (ip, sport, dst, dport, time, ts_val, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT DO NOTHING
                    """, [.text(ip), .int(syn.sport), .text(dst.description), .int(dport), .double(syn.time), .int(Int(ts)), .int(Int(importID))])
            }
        }
        let event = SpamEvent(ip: s.peer, time: s.started, kind: .connection, helo: s.helo, session: s.id,
                              source: SourceRef(file: "trap:\(trapName)", line: 0))
        if try insertEvent(event, synID: synID, importID: importID) != nil { added += 1 }
        return (synID, added)
    }

    /// The event's row id when it was new. Its key is the importers' (ordinal 0: the trap names each session
    /// and message once); a key another event holds is not probed past (docs/POSTGRES.md).
    private func insertEvent(_ e: SpamEvent, synID: Int64?, importID: Int64) throws -> Int64? {
        let ip = e.ip.description, queue = e.queueID ?? e.messageID ?? "", session = e.session ?? ""
        let key = EventKey(ip: ip, time: e.time, kind: e.kind.rawValue, queue: queue, session: session, ordinal: 0)
        return try pg.one("""
            INSERT INTO events (dedup, ip, time, kind, queue_id, session, ordinal, hostname, helo, campaign, message_id,
                                subject, mailer, sent_at, import_id, line, syn_id)
            VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING RETURNING id
            """, [.int(Int(key.value)), .text(ip), .double(e.time), .text(e.kind.rawValue), .text(queue), .text(session),
                  .text(e.hostname), .text(e.helo), .text(e.campaign), .text(e.messageID), .text(e.subject), .text(e.mailer),
                  .double(e.sentAt), .int(Int(importID)), .int(e.source.line), .int(synID.map { Int($0) })])?["id"].decode(Int64.self)
    }

    func upsert(_ s: TrapSession, trapName: String, importID: Int64, synID: Int64?) throws {
        try pg.execute("""
            INSERT INTO trap_sessions AS t (id, trap, import_id, ip, port, local, local_port, started, ended, helo, tls, auth, syn_id,
                                            syn_status, commands, messages, close_reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
            ON CONFLICT (id) DO UPDATE SET ended = coalesce(excluded.ended, t.ended), helo = coalesce(excluded.helo, t.helo),
                tls = coalesce(excluded.tls, t.tls), auth = coalesce(excluded.auth, t.auth), commands = greatest(excluded.commands, t.commands),
                messages = greatest(excluded.messages, t.messages), close_reason = coalesce(excluded.close_reason, t.close_reason)
            """, [.text(s.id), .text(trapName), .int(Int(importID)), .text(s.peer.description), .int(s.peerPort), .text(s.local.description),
                  .int(s.localPort), .double(s.started), .double(s.ended), .text(s.helo), .text(s.tls),
                  .text(s.authAttempts.isEmpty ? nil : JSONStringArray.encode(s.authAttempts)), .int(synID.map { Int($0) }),
                  .text(s.synStatus), .int(s.commands), .int(s.messages), .text(s.closeReason)])
    }

    func synOfSession(_ id: String) throws -> Int64? {
        try pg.one("SELECT syn_id FROM trap_sessions WHERE id = $1", [.text(id)])?["syn_id"].decode(Int64?.self)
    }

    func insert(_ m: TrapMessage, synID: Int64?, importID: Int64) throws -> Int {
        var added = 0
        let eventID: Int64
        if let id = try insertEvent(m.event, synID: synID, importID: importID) {
            eventID = id
            added = 1
        } else {
            // The case has this message already: the trusted relay's log, imported first, or this very record
            // written before a restart. One event, and the envelope and spool file point at it.
            guard let known = try pg.one("""
                SELECT id FROM events WHERE kind = 'message' AND queue_id = $1 AND ip = $2 AND message_id IS DISTINCT FROM queue_id
                """, [.text(m.event.queueID ?? ""), .text(m.event.ip.description)])?["id"].decode(Int64.self) else {
                throw CaseStore.CorruptRow(table: "events", id: 0, reason: "message \(m.queueID) was neither added nor found")
            }
            eventID = known
        }
        try pg.execute("""
            INSERT INTO trap_messages (event_id, queue_id, session_id, mail_from, rcpt_to, size, spool, spool_offset, sha256, received)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
            """, [.int(Int(eventID)), .text(m.queueID), .text(m.sessionID), .text(m.mailFrom), .text(JSONStringArray.encode(m.recipients)),
                  .int(m.size), .text(m.spoolPath), .int(m.spoolOffset), .text(m.sha256), .double(m.received)])
        return added
    }

    func count(_ n: Int, importID: Int64) throws {
        try pg.execute("UPDATE imports SET records = records + $1, inserted = inserted + $1 WHERE id = $2", [.int(n), .int(Int(importID))])
    }
}
