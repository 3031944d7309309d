import BotCensusCore
import Foundation
import GRDB

/// What the case holds about one sending address, as core values.
public struct AddressRecords: Sendable {
    public var ip: IPAddress
    public var eventTimes: [Timestamp] = []
    public var messages = 0
    public var connections = 0
    /// SYNs joined to this address's spam events (each once).
    public var senderSyns: [SynRecord] = []
    public var observations: [(ServiceObservation, DeviceIdentity?)] = []
    public init(ip: IPAddress) { self.ip = ip }

    mutating func add(time: Timestamp, message: Bool) {
        eventTimes.append(time)
        if message { messages += 1 } else { connections += 1 }
    }
}

extension CaseStore {
    public struct CorruptRow: Error, CustomStringConvertible {
        public var table: String
        public var id: Int64
        public var reason: String
        public var description: String { "\(table) row \(id): \(reason)" }
    }

    /// Every address that sent spam, with its evidence. Addresses only seen in scans are not senders.
    public func addressRecords() throws -> [AddressRecords] {
        var builder = AddressRecordsBuilder()
        if let pg = postgres {
            try pg.forEach(AddressRecordsBuilder.eventsSQL) { row in
                let id = try row.int64("id") ?? 0
                let ip = try CaseStore.ip(row.required(row.string("ip"), "ip", table: "events"), table: "events", id: id)
                builder.event(ip: ip, time: try row.required(row.double("time"), "time", table: "events"),
                              message: try row.string("kind") == SpamEvent.Kind.message.rawValue, synID: try row.int64("syn_id"))
            }
            try pg.forEach(AddressRecordsBuilder.synsSQL) { try builder.syn($0) }
            try pg.forEach(AddressRecordsBuilder.observationsSQL) { try builder.observation($0) }
            return builder.records()
        }
        return try pool.read { db in
            // The events through SQLite's own column calls: 1.7 million rows on ThingBot, where a `Row` per event
            // (columns found by name, a String per text) cost more than all the rest of reading.
            let statement = try db.makeStatement(sql: AddressRecordsBuilder.eventsSQL)
            defer { withExtendedLifetime(statement) {} }     // RawRows holds SQLite's statement, not GRDB's owner of it
            let events = RawRows(statement, in: db)
            while try events.next() {
                let id = Int64(events.int(0) ?? 0)
                let ip = try events.text(1) { bytes -> IPAddress in
                    guard let bytes else { throw CorruptRow(table: "events", id: id, reason: "ip is NULL") }
                    guard let ip = IPAddress(bytes: UnsafeRawBufferPointer(bytes)) else {
                        throw CorruptRow(table: "events", id: id, reason: "bad address '\(String(decoding: bytes, as: UTF8.self))'")
                    }
                    return ip
                }
                guard let time = events.double(2) else { throw CorruptRow(table: "events", id: id, reason: "time is NULL") }
                let message = events.text(3) { $0.map { $0.elementsEqual(SpamEvent.Kind.message.rawValue.utf8) } ?? false }
                builder.event(ip: ip, time: time, message: message, synID: events.int(4).map(Int64.init))
            }
            let syns = try Row.fetchCursor(db, sql: AddressRecordsBuilder.synsSQL)
            while let row = try syns.next() { try builder.syn(row) }
            let observations = try Row.fetchCursor(db, sql: AddressRecordsBuilder.observationsSQL)
            while let row = try observations.next() { try builder.observation(row) }
            return builder.records()
        }
    }

    /// Gathers `addressRecords` from the rows of either backend.
    struct AddressRecordsBuilder {
        static let eventsSQL = "SELECT id, ip, time, kind, syn_id FROM events ORDER BY id"
        /// Every SYN, kept when an event was joined to it (`joined`): one pass in id order, where a join with the
        /// events and DISTINCT sorted 800,000 rows.
        static let synsSQL = "SELECT * FROM syns ORDER BY id"
        static let observationsSQL = """
            SELECT o.*, i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
            FROM observations o LEFT JOIN identities i ON i.observation_id = o.id ORDER BY o.id
            """
        private var byIP: [IPAddress: AddressRecords] = [:]
        private var joined = Set<Int64>()
        private var parsed: [String: TCPSignature] = [:]    // a case holds few distinct signatures, many SYNs

        mutating func event(ip: IPAddress, time: Timestamp, message: Bool, synID: Int64?) {
            // In place, one lookup: a copy of the record out of the dictionary and back copied its times on every event.
            byIP[ip, default: AddressRecords(ip: ip)].add(time: time, message: message)
            if let synID { joined.insert(synID) }
        }

        mutating func syn(_ row: some CaseRow) throws {
            guard let id = try row.int64("id"), joined.contains(id) else { return }
            let syn = try CaseStore.syn(row, cache: &parsed)
            byIP[syn.src]?.senderSyns.append(syn)
        }

        mutating func observation(_ row: some CaseRow) throws {
            let id = try row.int64("id") ?? 0
            let ip = try CaseStore.ip(row.required(row.string("ip"), "ip", table: "observations"), table: "observations", id: id)
            guard byIP[ip] != nil else { return }
            let observation = try CaseStore.observation(row, ip: ip)
            byIP[ip]!.observations.append((observation, try CaseStore.identity(row, id: id)))
        }

        func records() -> [AddressRecords] { byIP.values.sorted { $0.ip < $1.ip } }
    }

    static func ip(_ text: String, table: String, id: Int64) throws -> IPAddress {
        guard let ip = IPAddress(text) else { throw CorruptRow(table: table, id: id, reason: "bad address '\(text)'") }
        return ip
    }

    static func syn(_ row: some CaseRow, cache: inout [String: TCPSignature]) throws -> SynRecord {
        let id = try row.required(row.int64("id"), "id", table: "syns")
        let src = try ip(row.required(row.string("ip"), "ip", table: "syns"), table: "syns", id: id)
        let raw = try row.required(row.string("raw_sig"), "raw_sig", table: "syns")
        let signature: TCPSignature
        if let known = cache[raw] { signature = known } else {
            do { signature = try TCPSignature(parsing: raw) } catch {
                throw CorruptRow(table: "syns", id: id, reason: "\(error)")
            }
            cache[raw] = signature
        }
        let tsVal = try row.int64("ts_val")
        return SynRecord(src: src, sport: try row.required(row.int("sport"), "sport", table: "syns"), dst: try row.string("dst").flatMap(IPAddress.init),
                         dport: try row.int("dport"), time: try row.required(row.double("time"), "time", table: "syns"),
                         osLabel: try row.string("os_label"), distance: try row.int("dist"), params: try row.string("params"), signature: signature,
                         ipID: try row.int("ipid"), tsVal: tsVal.map { UInt32(truncatingIfNeeded: $0) },
                         source: SourceRef(file: "", line: try row.int("line") ?? 0))
    }

    static func observation(_ row: some CaseRow, ip: IPAddress) throws -> ServiceObservation {
        let text = try row.string("fields") ?? ""
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else {
            throw CorruptRow(table: "observations", id: try row.int64("id") ?? 0, reason: "banner fields are not a JSON object of strings")
        }
        return ServiceObservation(ip: ip, port: try row.required(row.int("port"), "port", table: "observations"),
                                  time: try row.required(row.double("time"), "time", table: "observations"),
                                  proto: try row.required(row.string("protocol"), "protocol", table: "observations"), fields: fields,
                                  source: SourceRef(file: "", line: try row.int("line") ?? 0))
    }

    /// The identity joined to an observation row (its `class` … `field` columns), nil when none was found.
    static func identity(_ row: some CaseRow, id: Int64) throws -> DeviceIdentity? {
        guard let className = try row.string("class") else { return nil }
        // A value no botcensus wrote is a damaged case, said as such, never read as `unknown`.
        guard let deviceClass = DeviceClass(rawValue: className) else {
            throw CorruptRow(table: "identities", id: id, reason: "unknown device class '\(className)'")
        }
        let osName = try row.string("os") ?? ""
        guard let os = OSFamily(rawValue: osName) else {
            throw CorruptRow(table: "identities", id: id, reason: "unknown OS family '\(osName)'")
        }
        return DeviceIdentity(deviceClass: deviceClass, vendor: try row.string("vendor"), product: try row.string("product"),
                              version: try row.string("version"), os: os, signature: try row.string("signature") ?? "",
                              database: try row.string("database") ?? "", field: try row.string("field") ?? "")
    }

    /// Replaces all verdicts in one transaction (and forgets any stored census: it was taken from others).
    public func replaceVerdicts(_ verdicts: [Verdict]) throws {
        if let pg = postgres {
            try pg.transaction {
                try writeVerdicts(verdicts, pg: pg)
                try pg.execute("DELETE FROM analysis")
            }
            return
        }
        try pool.write { db in
            try writeVerdicts(verdicts, db: db)
            try AnalysisRecord.deleteAll(db)
        }
    }

    /// Each verdict's row in turn (one at a time: a case's verdicts are 100,000 JSON texts), its JSON built by
    /// `Verdict.writeJSON` (sorted keys, as the contract prints them).
    static func forEachVerdictRecord(_ verdicts: [Verdict], _ body: (VerdictRecord) throws -> Void) rethrows {
        let now = Date().timeIntervalSince1970
        var line = JSONLine(capacity: 2048)
        for v in verdicts {
            v.writeJSON(into: &line)
            // The line ends in a newline (JSONLine writes JSON Lines): stored without it.
            let json = line.withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0.dropLast()), as: UTF8.self) }
            try body(VerdictRecord(v, json: json, at: now))
        }
    }

    func writeVerdicts(_ verdicts: [Verdict], db: Database) throws {
        try VerdictRecord.deleteAll(db)
        // SQLite's own binds (RawInsert): GRDB's record encoding cost more than SQLite's work per verdict.
        let statement = try db.cachedStatement(sql: """
            INSERT INTO verdicts (ip, verdict, naive_class, sender_class, confidence, json, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        try Self.forEachVerdictRecord(verdicts) { record in
            var row = RawInsert(statement, in: db)
            row.text(record.ip); row.text(record.verdict); row.text(record.naiveClass); row.text(record.senderClass)
            row.double(record.confidence); row.text(record.json); row.double(record.computedAt)
            _ = try row.run()
        }
    }

    /// The same on PostgreSQL: the rows go in through COPY, 32 MB at a time (ThingBot's verdicts are 200 MB of
    /// JSON: one buffer of them all put the census over 1 GB; 4 MB COPYs took twice as long).
    func writeVerdicts(_ verdicts: [Verdict], pg: PostgresCase) throws {
        try pg.execute("DELETE FROM verdicts")
        let columns = ["ip", "verdict", "naive_class", "sender_class", "confidence", "json", "computed_at"]
        var copy = CopyText()
        try Self.forEachVerdictRecord(verdicts) { record in
            copy.text(record.ip); copy.text(record.verdict); copy.text(record.naiveClass); copy.text(record.senderClass)
            copy.double(record.confidence); copy.text(record.json); copy.double(record.computedAt); copy.endRow()
            if copy.count >= 32 << 20 {
                try pg.copy(into: "verdicts", columns: columns, data: copy.bytes)
                copy.reset()
            }
        }
        try pg.copy(into: "verdicts", columns: columns, data: copy.bytes)
    }

    /// Stored verdicts, in address order.
    public func verdicts() throws -> [Verdict] {
        let decoder = JSONDecoder()
        if let pg = postgres {
            var verdicts: [Verdict] = []
            try pg.forEach("SELECT ip, json FROM verdicts") { row in
                let json = try row.string("json") ?? ""
                do { verdicts.append(try decoder.decode(Verdict.self, from: Data(json.utf8))) } catch {
                    throw CorruptRow(table: "verdicts", id: 0, reason: "stored verdict of \(try row.string("ip") ?? "?") does not decode: \(error)")
                }
            }
            return verdicts.sorted { $0.ip < $1.ip }
        }
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT rowid, json FROM verdicts").map { row in
                let json: String = row[1]
                do { return try decoder.decode(Verdict.self, from: Data(json.utf8)) } catch {
                    throw CorruptRow(table: "verdicts", id: row[0], reason: "stored verdict does not decode: \(error)")
                }
            }
        }.sorted { $0.ip < $1.ip }
    }
}
