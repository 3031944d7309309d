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
    /// observations, then row order), `limit` entries from `offset`. Events have no index by address (imports
    /// append faster without one), so this reads the events table once; SYNs and observations are indexed.
    public func timeline(of ip: IPAddress, limit: Int, offset: Int) throws -> AddressTimeline {
        let text = ip.description
        return try pool.read { db in
            let counts = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM events WHERE ip = ?1), (SELECT count(*) FROM syns WHERE ip = ?1),
                       (SELECT count(*) FROM observations WHERE ip = ?1)
                """, arguments: [text])
            let events: Int = counts?[0] ?? 0, syns: Int = counts?[1] ?? 0, observations: Int = counts?[2] ?? 0
            let page = try Row.fetchAll(db, sql: """
                SELECT 0 AS kind, id, time FROM events WHERE ip = ?1
                UNION ALL SELECT 1, id, time FROM syns WHERE ip = ?1
                UNION ALL SELECT 2, id, time FROM observations WHERE ip = ?1
                ORDER BY time, kind, id LIMIT ?2 OFFSET ?3
                """, arguments: [text, limit, offset])
            let paths = try importPaths(db)
            var entries: [AddressTimeline.Entry] = []
            entries.reserveCapacity(page.count)
            var signatures: [String: TCPSignature] = [:]
            var joinedSyns: Set<Int64>?     // read once, when the page holds a SYN
            for ref in page {
                let id: Int64 = ref[1]
                switch ref[0] as Int {
                case 0:
                    if let row = try Row.fetchOne(db, sql: "SELECT \(CaseStore.eventColumns) FROM events WHERE id = ?", arguments: [id]) {
                        entries.append(.event(try CaseStore.storedEvent(row, paths: paths)))
                    }
                case 1:
                    if joinedSyns == nil {
                        joinedSyns = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT syn_id FROM events WHERE ip = ? AND syn_id IS NOT NULL",
                                                            arguments: [text]))
                    }
                    if let row = try Row.fetchOne(db, sql: "SELECT * FROM syns WHERE id = ?", arguments: [id]) {
                        var syn = try CaseStore.syn(row, cache: &signatures)
                        syn.source.file = paths[row["import_id"]] ?? "?"
                        entries.append(.syn(StoredSyn(id: id, syn: syn, joined: joinedSyns?.contains(id) ?? false)))
                    }
                default:
                    if let row = try Row.fetchOne(db, sql: """
                        SELECT o.*, i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
                        FROM observations o LEFT JOIN identities i ON i.observation_id = o.id WHERE o.id = ?
                        """, arguments: [id]) {
                        var observation = try CaseStore.observation(row, ip: ip)
                        observation.source.file = paths[row["import_id"]] ?? "?"
                        entries.append(.observation(StoredObservation(id: id, observation: observation, identity: try CaseStore.identity(row))))
                    }
                }
            }
            return AddressTimeline(ip: ip, entries: entries, total: events + syns + observations, events: events, syns: syns,
                                   observations: observations)
        }
    }

    /// The `limit` newest spam events of the case (the web view's overview: what just arrived).
    public func latestEvents(limit: Int) throws -> [StoredEvent] {
        try pool.read { db in
            let paths = try importPaths(db)
            return try Row.fetchAll(db, sql: "SELECT \(CaseStore.eventColumns) FROM events ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                try CaseStore.storedEvent($0, paths: paths)
            }
        }
    }

    func importPaths(_ db: Database) throws -> [Int64: String] {
        try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, path FROM imports").map { ($0[0] as Int64, $0[1] as String) })
    }

    /// The columns of an event row, the texts a sender wrote as blobs: GRDB reads text up to its first NUL,
    /// and a hostile HELO may hold one that must still be shown.
    static let eventColumns = """
        id, ip, time, kind, CAST(queue_id AS BLOB) AS queue_id, CAST(session AS BLOB) AS session, CAST(hostname AS BLOB) AS hostname,
        CAST(helo AS BLOB) AS helo, CAST(campaign AS BLOB) AS campaign, syn_id, import_id, line, CAST(message_id AS BLOB) AS message_id,
        CAST(subject AS BLOB) AS subject, CAST(mailer AS BLOB) AS mailer, sent_at
        """

    /// A text column selected as a blob (`eventColumns`), every byte of it.
    static func fullText(_ row: Row, _ column: String) -> String? {
        if let data = row[column] as Data? { return String(decoding: data, as: UTF8.self) }
        return row[column] as String?
    }

    static func storedEvent(_ row: Row, paths: [Int64: String]) throws -> StoredEvent {
        let id: Int64 = row["id"]
        let kindText: String = row["kind"]
        guard let kind = SpamEvent.Kind(rawValue: kindText) else {
            throw CorruptRow(table: "events", id: id, reason: "unknown event kind '\(kindText)'")
        }
        let queue = fullText(row, "queue_id") ?? "", session = fullText(row, "session") ?? ""
        let event = SpamEvent(ip: try ip(row["ip"], table: "events", id: id), time: row["time"], kind: kind,
                              hostname: fullText(row, "hostname"), helo: fullText(row, "helo"),
                              queueID: queue.isEmpty ? nil : queue, session: session.isEmpty ? nil : session,
                              campaign: fullText(row, "campaign"), messageID: fullText(row, "message_id"),
                              subject: fullText(row, "subject"), mailer: fullText(row, "mailer"),
                              sentAt: row["sent_at"], source: SourceRef(file: paths[row["import_id"]] ?? "?", line: row["line"]))
        return StoredEvent(id: id, event: event, synID: row["syn_id"])
    }

    /// The identity columns of an observation row joined to `identities` (nil when nothing was identified).
    static func identity(_ row: Row) throws -> DeviceIdentity? {
        guard let className: String = row["class"] else { return nil }
        guard let deviceClass = DeviceClass(rawValue: className) else {
            throw CorruptRow(table: "identities", id: row["id"], reason: "unknown device class '\(className)'")
        }
        let osName: String = row["os"]
        guard let os = OSFamily(rawValue: osName) else {
            throw CorruptRow(table: "identities", id: row["id"], reason: "unknown OS family '\(osName)'")
        }
        return DeviceIdentity(deviceClass: deviceClass, vendor: row["vendor"], product: row["product"], version: row["version"],
                              os: os, signature: row["signature"], database: row["database"], field: row["field"])
    }
}
