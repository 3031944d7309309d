import BotCensusCore
import Foundation

/// The trap's rows in a PostgreSQL case. A round (every session record and message that arrived since the
/// last) is one transaction of a fixed number of statements, whatever its size: the records go into two
/// temporary tables as one JSON parameter each (`JSONRecordSet`: not COPY, which a database restart turns into
/// a crash of the trap), then each case table takes its rows by one `INSERT … SELECT`, the SYN ids found by
/// the SYNs' unique key and the sessions' rows. Row by row, a round trip per statement held one trap to a few
/// hundred messages a second. Many traps may write one case at once: each has its own `imports` row and
/// session ids (`NAME-QUEUEID`), its queue ids carry that import's id, and every insert lets the unique keys
/// decide (`ON CONFLICT DO NOTHING`), so a record written twice — a restart reading its spool back — is one row.
enum PostgresTrapRows {
    static func start(_ pg: PostgresCase, record: ImportRecord) throws -> Int64 {
        guard let id = try pg.one("""
            INSERT INTO imports (path, sha256, format, imported_at, lines, records, inserted, bad_lines)
            VALUES ($1, $2, $3, $4, 0, 0, 0, 0) RETURNING id
            """, [.text(record.path), .text(record.sha256), .text(record.format), .double(record.importedAt)])?["id"].decode(Int64.self) else {
            throw CaseStore.CorruptRow(table: "imports", id: 0, reason: "insert gave no row id")
        }
        return id
    }

    static let sessionColumns = ["seq", "id", "relay", "ip", "port", "local", "local_port", "started", "ended", "helo", "tls", "auth",
                                 "syn_status", "commands", "messages", "close_reason", "dedup",
                                 "syn_ip", "syn_sport", "syn_dst", "syn_dport", "syn_time", "os_label", "dist", "params", "raw_sig",
                                 "ipid", "ts_val", "syn_line"]
    static let messageColumns = ["seq", "queue_id", "session_id", "relayed", "dedup", "ip", "time", "queue", "session", "helo", "hostname",
                                 "campaign", "message_id", "subject", "mailer", "sent_at", "line",
                                 "mail_from", "rcpt_to", "size", "spool", "spool_offset", "sha256", "received"]

    /// One round in one transaction; returns how many evidence rows (SYNs, clock samples, events) were new.
    /// Unless `durably`, the commit does not wait for the WAL flush (`synchronous_commit = off`: the spool
    /// record is the durable form, as SQLite's `synchronous = NORMAL` for the trap).
    static func commit(_ pg: PostgresCase, sessions: [TrapSession], messages: [TrapMessage], trapName: String, importID: Int64,
                       durably: Bool) throws {
        var sessionRows = JSONRecordSet(columns: sessionColumns), messageRows = JSONRecordSet(columns: messageColumns)
        for (seq, s) in sessions.enumerated() { stage(s, seq: seq, into: &sessionRows) }
        for (seq, m) in messages.enumerated() { stage(m, seq: seq, into: &messageRows) }
        let id = Int(importID)
        try pg.transaction {
            if !durably { try pg.execute("SET LOCAL synchronous_commit TO off") }
            // Made once per connection (again after a reconnection or a rolled-back first round), emptied at
            // every commit: creating and dropping them each round cost more of the server's CPU than the rows.
            try pg.execute("""
                CREATE TEMP TABLE IF NOT EXISTS trap_stage_sessions (seq bigint, id text, relay boolean, ip text, port bigint, local text,
                    local_port bigint, started double precision, ended double precision, helo text, tls text, auth text, syn_status text,
                    commands bigint, messages bigint, close_reason text, dedup bigint, syn_ip text, syn_sport bigint, syn_dst text,
                    syn_dport bigint, syn_time double precision, os_label text, dist bigint, params text, raw_sig text, ipid bigint,
                    ts_val bigint, syn_line bigint) ON COMMIT DELETE ROWS
                """)
            try pg.execute("""
                CREATE TEMP TABLE IF NOT EXISTS trap_stage_messages (seq bigint, queue_id text, session_id text, relayed boolean, dedup bigint, ip text,
                    time double precision, queue text, session text, helo text, hostname text, campaign text, message_id text, subject text, mailer text,
                    sent_at double precision, line bigint, mail_from text, rcpt_to text, size bigint, spool text, spool_offset bigint,
                    sha256 text, received double precision) ON COMMIT DELETE ROWS
                """)
            try pg.execute("INSERT INTO trap_stage_sessions SELECT * FROM json_populate_recordset(NULL::trap_stage_sessions, $1::json)",
                           [.text(sessionRows.text)])
            try pg.execute("INSERT INTO trap_stage_messages SELECT * FROM json_populate_recordset(NULL::trap_stage_messages, $1::json)",
                           [.text(messageRows.text)])
            var added = 0
            // The sessions' SYNs (a trusted relay's are not sender evidence), their TSvals, their connection events.
            added += try pg.execute("""
                INSERT INTO syns (ip, sport, dst, dport, time, os_label, dist, params, raw_sig, ipid, ts_val, import_id, line)
                SELECT syn_ip, syn_sport, syn_dst, syn_dport, syn_time, os_label, dist, params, raw_sig, ipid, ts_val, $1, syn_line
                FROM trap_stage_sessions WHERE raw_sig IS NOT NULL AND NOT relay ORDER BY seq ON CONFLICT DO NOTHING
                """, [.int(id)])
            added += try pg.execute("""
                INSERT INTO tcp_clock (ip, sport, dst, dport, time, ts_val, import_id)
                SELECT syn_ip, syn_sport, syn_dst, syn_dport, syn_time, ts_val, $1 FROM trap_stage_sessions
                WHERE raw_sig IS NOT NULL AND NOT relay AND ts_val IS NOT NULL AND syn_dst IS NOT NULL AND syn_dport IS NOT NULL
                ORDER BY seq ON CONFLICT DO NOTHING
                """, [.int(id)])
            let synOf = "syns y ON y.ip = st.syn_ip AND y.sport = st.syn_sport AND y.time = st.syn_time AND y.raw_sig = st.raw_sig AND NOT st.relay"
            added += try pg.execute("""
                INSERT INTO events (dedup, ip, time, kind, queue_id, session, ordinal, helo, import_id, line, syn_id)
                SELECT st.dedup, st.ip, st.started, 'connection', '', st.id, 0, st.helo, $1, 0, y.id
                FROM trap_stage_sessions st LEFT JOIN \(synOf) WHERE NOT st.relay ORDER BY st.seq ON CONFLICT DO NOTHING
                """, [.int(id)])
            // A session's row is only added to: an older record (read back from the spool at start) takes nothing away.
            try pg.execute("""
                INSERT INTO trap_sessions AS t (id, trap, import_id, ip, port, local, local_port, started, ended, helo, tls, auth, syn_id,
                                                syn_status, commands, messages, close_reason)
                SELECT st.id, $1, $2, st.ip, st.port, st.local, st.local_port, st.started, st.ended, st.helo, st.tls, st.auth, y.id,
                       st.syn_status, st.commands, st.messages, st.close_reason
                FROM trap_stage_sessions st LEFT JOIN \(synOf) ORDER BY st.seq
                ON CONFLICT (id) DO UPDATE SET ended = coalesce(excluded.ended, t.ended), helo = coalesce(excluded.helo, t.helo),
                    tls = coalesce(excluded.tls, t.tls), auth = coalesce(excluded.auth, t.auth), commands = greatest(excluded.commands, t.commands),
                    messages = greatest(excluded.messages, t.messages), close_reason = coalesce(excluded.close_reason, t.close_reason)
                """, [.text(trapName), .int(id)])
            // Messages: their events name their session's SYN (a relayed one's sender is not the session's peer).
            added += try pg.execute("""
                INSERT INTO events (dedup, ip, time, kind, queue_id, session, ordinal, hostname, helo, campaign, message_id, subject,
                                    mailer, sent_at, import_id, line, syn_id)
                SELECT m.dedup, m.ip, m.time, 'message', m.queue, m.session, 0, m.hostname, m.helo, m.campaign, m.message_id, m.subject,
                       m.mailer, m.sent_at, $1, m.line, CASE WHEN m.relayed THEN NULL ELSE t.syn_id END
                FROM trap_stage_messages m LEFT JOIN trap_sessions t ON t.id = m.session_id ORDER BY m.seq ON CONFLICT DO NOTHING
                """, [.int(id)])
            // Each envelope points at its event: the one just added (its key), or the one the case had already from
            // the trusted relay's log (same MTA queue id and sender).
            try pg.execute("""
                INSERT INTO trap_messages (event_id, queue_id, session_id, mail_from, rcpt_to, size, spool, spool_offset, sha256, received)
                SELECT e.id, m.queue_id, m.session_id, m.mail_from, m.rcpt_to, m.size, m.spool, m.spool_offset, m.sha256, m.received
                FROM trap_stage_messages m
                JOIN events e ON e.id = coalesce(
                    (SELECT k.id FROM events k WHERE k.dedup = m.dedup AND k.ip = m.ip AND k.time = m.time AND k.kind = 'message' AND k.queue_id = m.queue),
                    (SELECT q.id FROM events q WHERE q.kind = 'message' AND q.queue_id = m.queue AND q.ip = m.ip AND q.queue_id != ''
                                                 AND q.message_id IS DISTINCT FROM q.queue_id))
                ORDER BY m.seq ON CONFLICT DO NOTHING
                """)
            if let missing = try pg.one("""
                SELECT m.queue_id FROM trap_stage_messages m WHERE NOT EXISTS (SELECT 1 FROM trap_messages t WHERE t.queue_id = m.queue_id) LIMIT 1
                """) {
                throw CaseStore.CorruptRow(table: "events", id: 0, reason: "message \(try missing["queue_id"].decode(String.self)) was neither added nor found")
            }
            if added > 0 {
                try pg.execute("UPDATE imports SET records = records + $1, inserted = inserted + $1 WHERE id = $2", [.int(added), .int(id)])
            }
        }
    }

    private static func stage(_ s: TrapSession, seq: Int, into c: inout JSONRecordSet) {
        let key = EventKey(ip: s.peer.description, time: s.started, kind: SpamEvent.Kind.connection.rawValue, queue: "", session: s.id, ordinal: 0)
        c.int(seq); c.text(s.id); c.text(s.fromTrustedRelay ? "t" : "f"); c.text(s.peer.description); c.int(s.peerPort)
        c.text(s.local.description); c.int(s.localPort); c.double(s.started); c.double(s.ended); c.text(s.helo); c.text(s.tls)
        c.text(s.authAttempts.isEmpty ? nil : JSONStringArray.encode(s.authAttempts)); c.text(s.synStatus); c.int(s.commands)
        c.int(s.messages); c.text(s.closeReason); c.int(Int(key.value))
        let syn = s.syn
        c.text(syn?.src.description); c.int(syn?.sport); c.text(syn?.dst?.description); c.int(syn?.dport); c.double(syn?.time)
        c.text(syn?.osLabel); c.int(syn?.distance); c.text(syn?.params); c.text(syn?.signature.raw); c.int(syn?.ipID)
        c.int(syn?.tsVal.map { Int($0) }); c.int(syn?.source.line)
        c.endRow()
    }

    /// The message's event key is the importers' (ordinal 0: the trap names each message once); a key another
    /// event holds is not probed past (docs/POSTGRES.md).
    private static func stage(_ m: TrapMessage, seq: Int, into c: inout JSONRecordSet) {
        let e = m.event
        let ip = e.ip.description, queue = e.queueID ?? e.messageID ?? "", session = e.session ?? ""
        let key = EventKey(ip: ip, time: e.time, kind: e.kind.rawValue, queue: queue, session: session, ordinal: 0)
        c.int(seq); c.text(m.queueID); c.text(m.sessionID); c.text(m.relayed ? "t" : "f"); c.int(Int(key.value)); c.text(ip)
        c.double(e.time); c.text(queue); c.text(session); c.text(e.helo); c.text(e.hostname); c.text(e.campaign); c.text(e.messageID); c.text(e.subject)
        c.text(e.mailer); c.double(e.sentAt); c.int(e.source.line)
        c.text(m.mailFrom); c.text(JSONStringArray.encode(m.recipients)); c.int(m.size); c.text(m.spoolPath); c.int(m.spoolOffset)
        c.text(m.sha256); c.double(m.received)
        c.endRow()
    }
}
