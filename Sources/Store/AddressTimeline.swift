import BotCensusCore
import Foundation
import GRDB

/// A spam event as the case holds it: its row, its import's path and line, the SYN it was joined to.
public struct StoredEvent: Sendable {
    public var id: Int64
    public var event: SpamEvent
    public var synID: Int64?

    public init(id: Int64, event: SpamEvent, synID: Int64?) { self.id = id; self.event = event; self.synID = synID }
}

/// A SYN as the case holds it; `joined` when a spam event of its address was joined to it.
public struct StoredSyn: Sendable {
    public var id: Int64
    public var syn: SynRecord
    public var joined: Bool
}

/// A scan observation with what the fingerprint databases made of it at import.
public struct StoredObservation: Sendable {
    public var id: Int64
    public var observation: ServiceObservation
    public var identity: DeviceIdentity?
}

/// Everything the case holds about one address, as one list in time order (the web view's timeline):
/// its spam events, its SYNs and the scan observations of it, one page of them.
public struct AddressTimeline: Sendable {
    public enum Entry: Sendable {
        case event(StoredEvent)
        case syn(StoredSyn)
        case observation(StoredObservation)

        public var time: Timestamp {
            switch self {
            case .event(let e): return e.event.time
            case .syn(let s): return s.syn.time
            case .observation(let o): return o.observation.time
            }
        }
    }

    public var ip: IPAddress
    public var entries: [Entry]
    /// Entries of the address in all (the page is `entries`).
    public var total: Int
    public var events: Int
    public var syns: Int
    public var observations: Int

    public init(ip: IPAddress, entries: [Entry], total: Int, events: Int, syns: Int, observations: Int) {
        self.ip = ip; self.entries = entries; self.total = total; self.events = events; self.syns = syns; self.observations = observations
    }
}

extension CaseStore {
    /// One page of an address's timeline: events, SYNs and observations merged by time (ties: events, SYNs,
    /// observations, then row order), `limit` entries from `offset`.
    public func timeline(of ip: IPAddress, limit: Int, offset: Int) throws -> AddressTimeline {
        let text = ip.description
        return try read { q in
            let counts = try q.one("""
                SELECT (SELECT count(*) FROM events WHERE ip = ?) AS events, (SELECT count(*) FROM syns WHERE ip = ?) AS syns,
                       (SELECT count(*) FROM observations WHERE ip = ?) AS observations
                """, [.text(text), .text(text), .text(text)])
            let events = try counts?.int("events") ?? 0, syns = try counts?.int("syns") ?? 0
            let observations = try counts?.int("observations") ?? 0
            var page: [(kind: Int, id: Int64)] = []
            try q.each("""
                SELECT 0 AS kind, id, time FROM events WHERE ip = ?
                UNION ALL SELECT 1, id, time FROM syns WHERE ip = ?
                UNION ALL SELECT 2, id, time FROM observations WHERE ip = ?
                ORDER BY time, kind, id LIMIT ? OFFSET ?
                """, [.text(text), .text(text), .text(text), .int(limit), .int(offset)]) { row in
                page.append((try row.int("kind") ?? 0, try row.required(row.int64("id"), "id", table: "events")))
            }
            let paths = try importPaths(q)
            var entries: [AddressTimeline.Entry] = []
            entries.reserveCapacity(page.count)
            var signatures: [String: TCPSignature] = [:]
            var joinedSyns: Set<Int64>?     // read once, when the page holds a SYN
            for (kind, id) in page {
                switch kind {
                case 0:
                    if let row = try q.one("SELECT \(Self.eventColumns(q)) FROM events WHERE id = ?", [.int(Int(id))]) {
                        entries.append(.event(try CaseStore.storedEvent(row, paths: paths)))
                    }
                case 1:
                    if joinedSyns == nil {
                        var joined = Set<Int64>()
                        try q.each("SELECT DISTINCT syn_id FROM events WHERE ip = ? AND syn_id IS NOT NULL", [.text(text)]) { row in
                            if let id = try row.int64("syn_id") { joined.insert(id) }
                        }
                        joinedSyns = joined
                    }
                    if let row = try q.one("SELECT * FROM syns WHERE id = ?", [.int(Int(id))]) {
                        var syn = try CaseStore.syn(row, cache: &signatures)
                        syn.source.file = try row.int64("import_id").flatMap { paths[$0] } ?? "?"
                        entries.append(.syn(StoredSyn(id: id, syn: syn, joined: joinedSyns?.contains(id) ?? false)))
                    }
                default:
                    if let row = try q.one("""
                        SELECT o.*, i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
                        FROM observations o LEFT JOIN identities i ON i.observation_id = o.id WHERE o.id = ?
                        """, [.int(Int(id))]) {
                        var observation = try CaseStore.observation(row, ip: ip)
                        observation.source.file = try row.int64("import_id").flatMap { paths[$0] } ?? "?"
                        entries.append(.observation(StoredObservation(id: id, observation: observation, identity: try CaseStore.identity(row, id: id))))
                    }
                }
            }
            return AddressTimeline(ip: ip, entries: entries, total: events + syns + observations, events: events, syns: syns,
                                   observations: observations)
        }
    }

    /// The `limit` newest spam events of the case (the web view's overview: what just arrived).
    public func latestEvents(limit: Int) throws -> [StoredEvent] {
        try read { q in
            let paths = try importPaths(q)
            var out: [StoredEvent] = []
            try q.each("SELECT \(Self.eventColumns(q)) FROM events ORDER BY id DESC LIMIT ?", [.int(limit)]) { row in
                out.append(try CaseStore.storedEvent(row, paths: paths))
            }
            return out
        }
    }

    func importPaths(_ q: CaseQuery) throws -> [Int64: String] {
        var paths: [Int64: String] = [:]
        try q.each("SELECT id, path FROM imports") { row in
            paths[try row.required(row.int64("id"), "id", table: "imports")] = try row.string("path")
        }
        return paths
    }

    /// The columns of an event row. In SQLite the texts a sender wrote are selected as blobs: GRDB reads text
    /// up to its first NUL, and a hostile HELO may hold one that must still be shown (`CaseRow.fullText`).
    static func eventColumns(_ q: CaseQuery) -> String {
        let texts = ["queue_id", "session", "hostname", "helo", "campaign", "message_id", "subject", "mailer"]
        return (["id", "ip", "time", "kind", "syn_id", "import_id", "line", "sent_at"]
                + texts.map { q.isSQLite ? "CAST(\($0) AS BLOB) AS \($0)" : $0 }).joined(separator: ", ")
    }

    static func storedEvent(_ row: some CaseRow, paths: [Int64: String]) throws -> StoredEvent {
        let id = try row.required(row.int64("id"), "id", table: "events")
        let kindText = try row.string("kind") ?? ""
        guard let kind = SpamEvent.Kind(rawValue: kindText) else {
            throw CorruptRow(table: "events", id: id, reason: "unknown event kind '\(kindText)'")
        }
        let queue = try row.fullText("queue_id") ?? "", session = try row.fullText("session") ?? ""
        let event = SpamEvent(ip: try ip(row.required(row.string("ip"), "ip", table: "events"), table: "events", id: id),
                              time: try row.required(row.double("time"), "time", table: "events"), kind: kind,
                              hostname: try row.fullText("hostname"), helo: try row.fullText("helo"),
                              queueID: queue.isEmpty ? nil : queue, session: session.isEmpty ? nil : session,
                              campaign: try row.fullText("campaign"), messageID: try row.fullText("message_id"),
                              subject: try row.fullText("subject"), mailer: try row.fullText("mailer"),
                              sentAt: try row.double("sent_at"),
                              source: SourceRef(file: try row.int64("import_id").flatMap { paths[$0] } ?? "?", line: try row.int("line") ?? 0))
        return StoredEvent(id: id, event: event, synID: try row.int64("syn_id"))
    }
}
