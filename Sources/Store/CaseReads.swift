import BotCensusCore
import Foundation
import GRDB

/// What the case holds about one sending address, as core values: counts and a few spam times from SQL, its
/// sender SYNs and the scan's observations of it. Events themselves are counted in the database, not read
/// (1.65 million rows on ThingBot, where addresses are 101,000), so reading grows with addresses and SYNs.
public struct AddressRecords: Sendable {
    public var ip: IPAddress
    /// The spam times attribution reads, sorted: the first and last, and the ones on either side of each
    /// observation's time and of the scan's first and last observation (the nearest spam to any of those is
    /// among them, so a gap measured to these is the gap to all).
    public var spamTimes: [Timestamp] = []
    public var messages = 0
    public var connections = 0
    /// SYNs joined to this address's spam events (each once), in row order.
    public var senderSyns: [SenderSynRecord] = []
    public var observations: [(ServiceObservation, DeviceIdentity?)] = []
    public init(ip: IPAddress) { self.ip = ip }
}

/// A sender SYN as the analysis reads it: its stack (shared by every SYN of that stack) and its own values.
public struct SenderSynRecord: Sendable {
    public var time: Timestamp
    public var sport: Int
    /// The trap it went to.
    public var dst: IPAddress?
    public var distance: Int?
    public var ipID: Int?
    public var tsVal: UInt32?
    public var stack: SynStack
}

/// A SYN signature with p0f's label and parameters for it: a case holds a few hundred, for 800,000 SYNs, so
/// each is read, parsed and classified once. One read makes one object per stack, so it is its own key.
public final class SynStack: Sendable, Hashable {
    public static func == (a: SynStack, b: SynStack) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    public let signature: TCPSignature
    public let osLabel: String?
    public let params: String?
    init(signature: TCPSignature, osLabel: String?, params: String?) {
        self.signature = signature; self.osLabel = osLabel; self.params = params
    }
}

extension CaseStore {
    public struct CorruptRow: Error, CustomStringConvertible {
        public var table: String
        public var id: Int64
        public var reason: String
        public var description: String { "\(table) row \(id): \(reason)" }
    }

    /// Every address that sent spam, with its evidence, in address order. Addresses only seen in scans are
    /// not senders.
    public func addressRecords() throws -> [AddressRecords] {
        try addressRecords(digesting: EverySyn()).map { record, syns in
            var record = record
            record.senderSyns = syns ?? []
            return record
        }
    }

    /// Keeps every SYN: `addressRecords()`'s digest.
    private struct EverySyn: SenderSynDigester {
        mutating func prepare(stacks: [SynStack], hosts: [(stack: SynStack, distance: Int?)], traps: [IPAddress]) {}
        func digest(_ syns: [SenderSynRecord]) -> [SenderSynRecord] { syns }
    }

    /// The same, each address's SYNs handed to `digester` as they are read and only its digest kept: memory
    /// grows with the addresses, not the SYNs.
    public func addressRecords<D: SenderSynDigester>(digesting digester: D) throws -> [(AddressRecords, D.Digest?)] {
        let readingSyns: @Sendable (CaseQuery) throws -> DigestedSenderSyns<D> = { try DigestedSenderSyns($0, digester: digester) }
        func inOneRead() throws -> [(AddressRecords, D.Digest?)] {
            try read { q in
                var builder = AddressRecordsBuilder()
                try builder.read(q)
                return builder.records(digests: try readingSyns(q))
            }
        }
        if let pg = postgres { return try Self.addressRecords(pg, readingSyns: readingSyns) }
        // On SQLite the SYNs are read on a second core while this one counts the events: the two reads were
        // most of the census's first stage, one after the other. Two reads are two snapshots: when a writer
        // (a running trap) came between them, they are read again in one.
        let pool = try self.pool
        let ((syns, synsSaw), (builder, builderSaw)) = try Concurrently.run {
            try pool.read { db in (try readingSyns(CaseQuery(db: db, pg: nil)), try Self.lastRows(db)) }
        } while: {
            try pool.read { db in
                var builder = AddressRecordsBuilder()
                try builder.read(CaseQuery(db: db, pg: nil))
                return (builder, try Self.lastRows(db))
            }
        }
        guard synsSaw == builderSaw else { return try inOneRead() }
        return builder.records(digests: syns)
    }

    /// On PostgreSQL the SYNs are read on a second connection, in the first one's snapshot (exported to it),
    /// while the first counts the events: one snapshot, so a trap writing meanwhile changes neither read.
    private static func addressRecords<D>(_ pg: PostgresCase, readingSyns: @escaping @Sendable (CaseQuery) throws -> DigestedSenderSyns<D>)
        throws -> [(AddressRecords, D.Digest?)] {
        let repeatable = "BEGIN ISOLATION LEVEL REPEATABLE READ"
        return try pg.transaction(begin: repeatable) {
            guard let snapshot = try pg.one("SELECT pg_export_snapshot() AS snapshot")?["snapshot"].decode(String.self),
                  snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw PostgresCase.Failure(address: pg.address.description, message: "the server exported no snapshot")
            }
            let second = try PostgresCase(pg.address)
            let (syns, builder) = try Concurrently.run {
                try second.transaction(begin: "\(repeatable); SET TRANSACTION SNAPSHOT '\(snapshot)'") {
                    try readingSyns(CaseQuery(db: nil, pg: second))
                }
            } while: {
                var builder = AddressRecordsBuilder()
                try builder.read(CaseQuery(db: nil, pg: pg))
                return builder
            }
            return builder.records(digests: syns)
        }
    }

    /// The last row of each evidence table: two reads that give the same saw the same case.
    private static func lastRows(_ db: Database) throws -> [Int64] {
        try ["events", "syns", "observations", "identities"].map { table in
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM \(table)") ?? 0
        }
    }

    /// Gathers `addressRecords` from the rows of either backend.
    struct AddressRecordsBuilder {
        /// Observations with the spam times either side of each (a correlated seek on `events(ip, time)` each):
        /// an observation with neither is of an address that sent nothing.
        static let observationsSQL = """
            SELECT o.*, i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field,
                   (SELECT max(e.time) FROM events e WHERE e.ip = o.ip AND e.time <= o.time) AS spam_before,
                   (SELECT min(e.time) FROM events e WHERE e.ip = o.ip AND e.time >= o.time) AS spam_after
            FROM observations o LEFT JOIN identities i ON i.observation_id = o.id ORDER BY o.id
            """
        /// Per address: its counts, first and last spam, and the spam either side of the scan window's ends
        /// (`?` are lo, lo, hi, hi).
        static let eventsSQL = """
            SELECT ip, sum(CASE WHEN kind = 'message' THEN 1 ELSE 0 END) AS messages, count(*) AS events,
                   min(time) AS first, max(time) AS last,
                   max(CASE WHEN time < ? THEN time END) AS before_lo, min(CASE WHEN time >= ? THEN time END) AS from_lo,
                   max(CASE WHEN time <= ? THEN time END) AS upto_hi, min(CASE WHEN time > ? THEN time END) AS after_hi
            FROM events GROUP BY ip
            """
        /// A sender SYN's columns, in the order `eachSenderSyn` reads them by number.
        private static let synColumns = "id, ip, sport, dst, time, os_label, dist, params, raw_sig, ipid, ts_val"
        /// Every SYN in row order (SQLite keeps the joined ones itself).
        static let allSynsSQL = "SELECT \(synColumns) FROM syns ORDER BY id"
        /// Only SYNs an event was joined to, in row order.
        static let synsSQL = "SELECT \(synColumns) FROM syns WHERE id IN (SELECT syn_id FROM events) ORDER BY id"
        /// Senders, in the order read.
        private var senders: [AddressRecords] = []
        /// Observations read before their address is known to be a sender (it is when a spam time neighbours them).
        private var observed: [IPAddress: (observations: [(ServiceObservation, DeviceIdentity?)], times: [Timestamp])] = [:]
        private var window: ClosedRange<Timestamp>?

        /// Observations, then the events' counts (which need the scan window the observations give).
        mutating func read(_ q: CaseQuery) throws {
            try q.each(Self.observationsSQL) { try observation($0) }
            guard let db = q.db else {
                try q.each(Self.eventsSQL, windowValues) { try address($0) }
                return
            }
            // SQLite's rows by column number (`RawRows`): one per address, 100,000 on ThingBot, where nine
            // lookups by name a row cost more than the grouping.
            let statement = try db.makeStatement(sql: Self.eventsSQL)
            try statement.setArguments(StatementArguments(windowValues.map(\.databaseValue)))
            defer { withExtendedLifetime(statement) {} }
            let rows = RawRows(statement, in: db)
            while try rows.next() {
                let ip = try rows.text(0) { try CaseStore.ip($0, table: "events", column: "ip", id: 0) }
                guard let events = rows.int(2), let first = rows.double(3), let last = rows.double(4) else {
                    throw CorruptRow(table: "events", id: 0, reason: "events of \(ip) without a time")
                }
                address(ip: ip, messages: rows.int(1) ?? 0, events: events, times: [first, last, rows.double(5), rows.double(6), rows.double(7), rows.double(8)])
            }
        }

        /// The scan window's ends as the events read's values (no observation: a window no spam is in).
        var windowValues: [PostgresCase.Value] {
            let lo = window?.lowerBound ?? 0, hi = window?.upperBound ?? 0
            return [.double(lo), .double(lo), .double(hi), .double(hi)]
        }

        mutating func observation(_ row: some CaseRow) throws {
            let id = try row.int64("id") ?? 0
            let before = try row.double("spam_before"), after = try row.double("spam_after")
            guard before != nil || after != nil else { return }
            let ip = try CaseStore.ip(row.required(row.string("ip"), "ip", table: "observations"), table: "observations", id: id)
            let observation = try CaseStore.observation(row, ip: ip)
            observed[ip, default: ([], [])].observations.append((observation, try CaseStore.identity(row, id: id)))
            observed[ip]!.times += [before, after].compactMap { $0 }
            window = window.map { min($0.lowerBound, observation.time)...max($0.upperBound, observation.time) }
                ?? observation.time...observation.time
        }

        mutating func address(_ row: some CaseRow) throws {
            let ip = try CaseStore.ip(row.required(row.string("ip"), "ip", table: "events"), table: "events", id: 0)
            let times = try ["first", "last"].map { try row.required(row.double($0), $0, table: "events") }
                + (try ["before_lo", "from_lo", "upto_hi", "after_hi"].map { try row.double($0) })
            address(ip: ip, messages: try row.int("messages") ?? 0, events: try row.required(row.int("events"), "events", table: "events"),
                    times: times)
        }

        /// One address's row of `eventsSQL`: `times` are its first and last spam, then the four either side of
        /// the scan window's ends (nil where there is none).
        private mutating func address(ip: IPAddress, messages: Int, events: Int, times: [Timestamp?]) {
            var r = AddressRecords(ip: ip)
            r.messages = messages
            r.connections = events - messages
            var kept = (window != nil ? times : Array(times.prefix(2))).compactMap { $0 }
            if let seen = observed.removeValue(forKey: ip) {
                r.observations = seen.observations
                kept += seen.times
            }
            kept.sort()
            for t in kept where r.spamTimes.last != t { r.spamTimes.append(t) }
            senders.append(r)
        }

        /// The senders in address order, each with the digest of its SYNs (nil: none; a SYN of an address that
        /// sent nothing is not kept).
        func records<D>(digests: DigestedSenderSyns<D>) -> [(AddressRecords, D.Digest?)] {
            let out = senders.sorted { $0.ip < $1.ip }
            return zip(out, digests.digests(of: out.map(\.ip))).map { ($0, $1) }
        }
    }

    static func ip(_ bytes: UnsafeBufferPointer<UInt8>?, table: String, column: String, id: Int64) throws -> IPAddress {
        guard let bytes else { throw CorruptRow(table: table, id: id, reason: "\(column) is NULL") }
        guard let ip = IPAddress(bytes: UnsafeRawBufferPointer(bytes)) else {
            throw CorruptRow(table: table, id: id, reason: "bad address '\(String(decoding: bytes, as: UTF8.self))'")
        }
        return ip
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
        try writeUnspilled { db in
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

    /// One write transaction whose changed pages stay in memory until its commit writes each to the WAL once,
    /// up to `unspilledPages`. For the verdicts: spilled as SQLite's 2 MB cache filled, ThingBot's 40,000 pages
    /// of them took two WAL writes each (the pragma holds only when set outside a transaction); never spilled,
    /// a 10x world's 1.7 GB of verdicts stayed in memory to the end.
    func writeUnspilled(_ body: (Database) throws -> Void) throws {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_spill = \(Self.unspilledPages)")
            defer { try? db.execute(sql: "PRAGMA cache_spill = ON") }
            try db.inTransaction(.immediate) {
                try body(db)
                return .commit
            }
        }
    }

    /// Pages a verdicts' write keeps before it spills to the WAL (256 MiB of 4 KiB pages; ThingBot's fit).
    static let unspilledPages = 65_536

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
