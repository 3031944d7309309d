import BotCensusCore
import Foundation
import GRDB

/// One SMTP session of the trap as the case keeps it.
public struct TrapSession: Sendable {
    public var id: String
    public var peer: IPAddress
    public var peerPort: Int
    public var local: IPAddress
    public var localPort: Int
    public var started: Timestamp
    public var ended: Timestamp?
    public var helo: String?
    /// Negotiated TLS (`TLSv1.3 implicit` or `TLSv1.3 starttls`), nil for plain text.
    public var tls: String?
    /// User names the client tried with AUTH (written by the client: escape on output).
    public var authAttempts: [String]
    /// The SYN the kernel saved for this connection; nil with `synStatus` saying why.
    public var syn: SynRecord?
    public var synStatus: String
    public var commands: Int
    public var messages: Int
    public var closeReason: String?
    /// The peer is one of the trap's trusted relays: its SYN and connection are the relay's, not a sender's,
    /// so they are kept in `trap_sessions` only, never as sender evidence.
    public var fromTrustedRelay = false

    public init(id: String, peer: IPAddress, peerPort: Int, local: IPAddress, localPort: Int, started: Timestamp,
                syn: SynRecord?, synStatus: String) {
        self.id = id; self.peer = peer; self.peerPort = peerPort; self.local = local; self.localPort = localPort
        self.started = started; self.ended = nil; self.helo = nil; self.tls = nil; self.authAttempts = []
        self.syn = syn; self.synStatus = synStatus; self.commands = 0; self.messages = 0; self.closeReason = nil
    }
}

/// One message the trap accepted: its event (sender, time, header facts), its envelope and its spool file.
public struct TrapMessage: Sendable {
    public var queueID: String
    public var sessionID: String
    public var event: SpamEvent
    public var mailFrom: String
    public var recipients: [String]
    public var size: Int
    /// The message's own file, or the segment holding it from `spoolOffset` (`size` bytes).
    public var spoolPath: String
    public var spoolOffset: Int?
    public var sha256: String
    public var received: Timestamp
    /// The sender is the one a trusted relay names (the event's address is not the session's peer, and the
    /// session's SYN is the relay's).
    public var relayed: Bool

    public init(queueID: String, sessionID: String, event: SpamEvent, mailFrom: String, recipients: [String], size: Int,
                spoolPath: String, spoolOffset: Int?, sha256: String, received: Timestamp, relayed: Bool) {
        self.queueID = queueID; self.sessionID = sessionID; self.event = event; self.mailFrom = mailFrom
        self.recipients = recipients; self.size = size; self.spoolPath = spoolPath; self.spoolOffset = spoolOffset; self.sha256 = sha256; self.received = received
        self.relayed = relayed
    }
}

/// The trap's writer into the case: one `imports` row per trap run, and each batch of sessions and messages
/// in one transaction. The trap's durable form of a message is its fsynced spool record, so these commits
/// need not reach the disk before the `250` (`synchronous = NORMAL`: readers see them at once; a power loss
/// may lose the last ones, which the next start reads back from the records with `commitDurably`).
public final class TrapLedger {
    let store: CaseStore
    public let importID: Int64
    public let trapName: String
    /// Sessions whose SYN and connection event are written, with the SYN's row id.
    private var written: [String: Int64?] = [:]
    private var pendingSYNs: [String: Int64?] = [:]

    public init(store: CaseStore, trapName: String, listening: String) throws {
        self.store = store
        self.trapName = trapName
        // The trap checkpoints on its own clock (`checkpoint()`), not inside whichever commit crosses 1,000 pages.
        try store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0")
        }
        importID = try store.pool.write { db in
            var record = ImportRecord(path: "trap:\(trapName) \(listening)", sha256: "trap:\(UUID().uuidString)", format: "trap",
                                      importedAt: Date().timeIntervalSince1970, lines: 0, records: 0, inserted: 0, badLines: 0)
            try record.insert(db)
            guard let id = record.id else { throw CaseStore.CorruptRow(table: "imports", id: 0, reason: "insert gave no row id") }
            return id
        }
    }

    /// Whether a committed row names this queue id (so restart can set apart what was never acknowledged).
    public func isCommitted(queueID: String) throws -> Bool {
        try store.pool.read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM trap_messages WHERE queue_id = ?)"),
                              arguments: [queueID]) ?? false
        }
    }

    /// Copies committed WAL pages into the case file without waiting for readers (a reader's snapshot keeps
    /// its pages in the WAL until the next checkpoint).
    public func checkpoint() throws {
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// `commit`, on disk when it returns (`synchronous = FULL` for this transaction): for what the trap reads
    /// back from its spool at start, before it marks the records read.
    public func commitDurably(sessions: [TrapSession], messages: [TrapMessage]) throws {
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        defer { try? store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } }
        try commit(sessions: sessions, messages: messages)
    }

    /// Writes sessions (new or updated) and messages in one transaction.
    public func commit(sessions: [TrapSession], messages: [TrapMessage]) throws {
        guard !sessions.isEmpty || !messages.isEmpty else { return }
        pendingSYNs = [:]
        defer { pendingSYNs = [:] }
        try store.pool.write { db in
            var counted = 0
            for s in sessions { counted += try write(s, db: db) }
            for m in messages { counted += try write(m, db: db) }
            if counted > 0 {
                try db.cachedStatement(sql: "UPDATE imports SET records = records + ?, inserted = inserted + ? WHERE id = ?")
                    .execute(arguments: [counted, counted, importID])
            }
        }
        // Only a committed transaction makes its sessions known (a rolled-back one writes them again); an ended
        // session is forgotten, so this map holds open sessions only, however long the trap runs.
        written.merge(pendingSYNs) { _, new in new }
        for s in sessions where s.ended != nil { written[s.id] = nil }
    }

    private func knownSYN(of session: String) -> Int64?? { pendingSYNs[session] ?? written[session] }

    private func write(_ s: TrapSession, db: Database) throws -> Int {
        var added = 0
        let synID: Int64?
        if let known = knownSYN(of: s.id) {
            synID = known
        } else {
            // First sight of the session: its SYN (and TSval as a clock sample) and its connection event.
            let writer = ImportWriter(db: db, importID: importID)
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
            } else {
                synID = nil
            }
            if !s.fromTrustedRelay {
                try writer.insert(SpamEvent(ip: s.peer, time: s.started, kind: .connection, helo: s.helo, session: s.id,
                                            source: SourceRef(file: "trap:\(trapName)", line: 0)), synID: synID)
            }
            added = writer.inserted
            pendingSYNs[s.id] = synID
        }
        // SQLite's own binds: GRDB's argument arrays cost more than the insert itself at the trap's rate. An update
        // only adds to what the row says, so an older record (read back from the spool at start) takes nothing away.
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
        return added
    }

    private func write(_ m: TrapMessage, db: Database) throws -> Int {
        let writer = ImportWriter(db: db, importID: importID)
        // A session already written and ended is no longer in memory: its row names its SYN.
        let synID = m.relayed ? nil : try knownSYN(of: m.sessionID) ?? Int64.fetchOne(
            db.cachedStatement(sql: "SELECT syn_id FROM trap_sessions WHERE id = ?"), arguments: [m.sessionID])
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
}

extension CaseStore {
    /// Where a trapped message's bytes are: its own file (`offset` nil) or a segment from `offset`.
    public func trapMessageLocation(queueID: String) throws -> (spool: String, offset: Int?, size: Int, sha256: String)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT spool, spool_offset, size, sha256 FROM trap_messages WHERE queue_id = ?",
                             arguments: [queueID]).map { ($0["spool"], $0["spool_offset"], $0["size"], $0["sha256"]) }
        }
    }
}

/// A JSON array of strings, as JSONSerialization writes it (the trap's envelope and AUTH columns), without
/// Foundation's object graph: `["a","b"]` with `"`, `\\` and control characters escaped.
enum JSONStringArray {
    static func encode(_ strings: [String]) -> String {
        var out = "["
        for (i, string) in strings.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "/": out += "\\/"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        return out + "]"
    }
}
