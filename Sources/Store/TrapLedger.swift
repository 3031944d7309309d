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
/// need not reach the disk before the `250` (SQLite `synchronous = NORMAL`, PostgreSQL `synchronous_commit =
/// off`: readers see them at once; a power loss may lose the last ones, which the next start reads back from the
/// records with `commitDurably`). SQLite's rows are written one by one (`SQLiteTrapRows`), PostgreSQL's a
/// round at a time (`PostgresTrapRows`).
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
        let record = ImportRecord(path: "trap:\(trapName) \(listening)", sha256: "trap:\(UUID().uuidString)", format: "trap",
                                  importedAt: Date().timeIntervalSince1970, lines: 0, records: 0, inserted: 0, badLines: 0)
        if let pg = store.postgres {
            importID = try PostgresTrapRows.start(pg, record: record)
        } else {
            importID = try SQLiteTrapRows.start(try store.pool, record: record)
        }
    }

    /// Whether a committed row names this queue id (so restart can set apart what was never acknowledged).
    public func isCommitted(queueID: String) throws -> Bool {
        try store.read { q in
            try q.one("SELECT count(*) AS n FROM trap_messages WHERE queue_id = ?", [.text(queueID)])?.int("n") ?? 0 > 0
        }
    }

    /// SQLite: copies committed WAL pages into the case file without waiting for readers (a reader's snapshot
    /// keeps its pages in the WAL until the next checkpoint). PostgreSQL checkpoints by itself.
    public func checkpoint() throws {
        if store.postgres == nil { try SQLiteTrapRows.checkpoint(try store.pool) }
    }

    /// `commit`, on disk when it returns: for what the trap reads back from its spool at start, before it
    /// marks the records read.
    public func commitDurably(sessions: [TrapSession], messages: [TrapMessage]) throws {
        try commit(sessions: sessions, messages: messages, durably: true)
    }

    /// Writes sessions (new or updated) and messages in one transaction.
    public func commit(sessions: [TrapSession], messages: [TrapMessage]) throws {
        try commit(sessions: sessions, messages: messages, durably: false)
    }

    private func commit(sessions: [TrapSession], messages: [TrapMessage], durably: Bool) throws {
        guard !sessions.isEmpty || !messages.isEmpty else { return }
        if let pg = store.postgres {
            // Set-based: the SYN ids are found in the database (PostgresTrapRows), nothing to remember here.
            try PostgresTrapRows.commit(pg, sessions: sessions, messages: messages, trapName: trapName, importID: importID, durably: durably)
            return
        }
        pendingSYNs = [:]
        defer { pendingSYNs = [:] }
        try SQLiteTrapRows.transaction(try store.pool, durably: durably) { rows in
            var counted = 0
            for s in sessions { counted += try write(s, rows) }
            for m in messages { counted += try write(m, rows) }
            if counted > 0 { try rows.count(counted, importID: importID) }
        }
        // Only a committed transaction makes its sessions known (a rolled-back one writes them again); an ended
        // session is forgotten, so this map holds open sessions only, however long the trap runs.
        written.merge(pendingSYNs) { _, new in new }
        for s in sessions where s.ended != nil { written[s.id] = nil }
    }

    private func knownSYN(of session: String) -> Int64?? { pendingSYNs[session] ?? written[session] }

    private func write(_ s: TrapSession, _ rows: SQLiteTrapRows) throws -> Int {
        var added = 0
        let synID: Int64?
        if let known = knownSYN(of: s.id) {
            synID = known
        } else {
            // First sight of the session: its SYN (and TSval as a clock sample) and its connection event.
            (synID, added) = try rows.firstSight(s, trapName: trapName, importID: importID)
            pendingSYNs[s.id] = synID
        }
        try rows.upsert(s, trapName: trapName, importID: importID, synID: synID)
        return added
    }

    private func write(_ m: TrapMessage, _ rows: SQLiteTrapRows) throws -> Int {
        // A session already written and ended is no longer in memory: its row names its SYN.
        let synID = m.relayed ? nil : try knownSYN(of: m.sessionID) ?? rows.synOfSession(m.sessionID)
        return try rows.insert(m, synID: synID, importID: importID)
    }
}

extension CaseStore {
    /// Where a trapped message's bytes are: its own file (`offset` nil) or a segment from `offset`.
    public func trapMessageLocation(queueID: String) throws -> (spool: String, offset: Int?, size: Int, sha256: String)? {
        try read { q in
            guard let row = try q.one("SELECT spool, spool_offset, size, sha256 FROM trap_messages WHERE queue_id = ?", [.text(queueID)]) else {
                return nil
            }
            return (try row.required(row.string("spool"), "spool", table: "trap_messages"), try row.int("spool_offset"),
                    try row.required(row.int("size"), "size", table: "trap_messages"),
                    try row.required(row.string("sha256"), "sha256", table: "trap_messages"))
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
