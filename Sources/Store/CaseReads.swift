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
        try pool.read { db in
            var byIP: [IPAddress: AddressRecords] = [:]
            let events = try Row.fetchCursor(db, sql: "SELECT id, ip, time, kind FROM events")
            while let row = try events.next() {
                let ip = try CaseStore.ip(row["ip"], table: "events", id: row["id"])
                var r = byIP[ip] ?? AddressRecords(ip: ip)
                r.eventTimes.append(row["time"])
                if (row["kind"] as String) == SpamEvent.Kind.message.rawValue { r.messages += 1 } else { r.connections += 1 }
                byIP[ip] = r
            }
            let syns = try Row.fetchCursor(db, sql: """
                SELECT DISTINCT s.* FROM syns s JOIN events e ON e.syn_id = s.id ORDER BY s.id
                """)
            var parsed: [String: TCPSignature] = [:]    // a case holds few distinct signatures, many SYNs
            while let row = try syns.next() {
                let syn = try CaseStore.syn(row, cache: &parsed)
                byIP[syn.src]?.senderSyns.append(syn)
            }
            let observations = try Row.fetchCursor(db, sql: """
                SELECT o.*, i.class, i.vendor, i.product, i.version, i.os, i.signature, i.database, i.field
                FROM observations o LEFT JOIN identities i ON i.observation_id = o.id ORDER BY o.id
                """)
            while let row = try observations.next() {
                let ip = try CaseStore.ip(row["ip"], table: "observations", id: row["id"])
                guard byIP[ip] != nil else { continue }
                let observation = try CaseStore.observation(row, ip: ip)
                var identity: DeviceIdentity?
                if let className: String = row["class"] {
                    // A value no botcensus wrote is a damaged case, said as such, never read as `unknown`.
                    guard let deviceClass = DeviceClass(rawValue: className) else {
                        throw CorruptRow(table: "identities", id: row["id"], reason: "unknown device class '\(className)'")
                    }
                    let osName: String = row["os"]
                    guard let os = OSFamily(rawValue: osName) else {
                        throw CorruptRow(table: "identities", id: row["id"], reason: "unknown OS family '\(osName)'")
                    }
                    identity = DeviceIdentity(deviceClass: deviceClass, vendor: row["vendor"], product: row["product"],
                                              version: row["version"], os: os, signature: row["signature"],
                                              database: row["database"], field: row["field"])
                }
                byIP[ip]!.observations.append((observation, identity))
            }
            return byIP.values.sorted { $0.ip < $1.ip }
        }
    }

    static func ip(_ text: String, table: String, id: Int64) throws -> IPAddress {
        guard let ip = IPAddress(text) else { throw CorruptRow(table: table, id: id, reason: "bad address '\(text)'") }
        return ip
    }

    static func syn(_ row: Row, cache: inout [String: TCPSignature]) throws -> SynRecord {
        let id: Int64 = row["id"]
        let src = try ip(row["ip"], table: "syns", id: id)
        let raw: String = row["raw_sig"]
        let signature: TCPSignature
        if let known = cache[raw] { signature = known } else {
            do { signature = try TCPSignature(parsing: raw) } catch {
                throw CorruptRow(table: "syns", id: id, reason: "\(error)")
            }
            cache[raw] = signature
        }
        let dst: String? = row["dst"]
        let tsVal: Int64? = row["ts_val"]
        return SynRecord(src: src, sport: row["sport"], dst: dst.flatMap(IPAddress.init), dport: row["dport"], time: row["time"],
                         osLabel: row["os_label"], distance: row["dist"], params: row["params"], signature: signature,
                         ipID: row["ipid"], tsVal: tsVal.map { UInt32(truncatingIfNeeded: $0) },
                         source: SourceRef(file: "", line: row["line"]))
    }

    static func observation(_ row: Row, ip: IPAddress) throws -> ServiceObservation {
        let text: String = row["fields"]
        guard let fields = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] else {
            throw CorruptRow(table: "observations", id: row["id"], reason: "banner fields are not a JSON object of strings")
        }
        return ServiceObservation(ip: ip, port: row["port"], time: row["time"], proto: row["protocol"], fields: fields,
                                  source: SourceRef(file: "", line: row["line"]))
    }

    /// Replaces all verdicts in one transaction (and forgets any stored census: it was taken from others).
    public func replaceVerdicts(_ verdicts: [Verdict]) throws {
        try pool.write { db in
            try writeVerdicts(verdicts, db: db)
            try AnalysisRecord.deleteAll(db)
        }
    }

    /// Each verdict's JSON built by `Verdict.writeJSON` (sorted keys, as the contract prints them).
    func writeVerdicts(_ verdicts: [Verdict], db: Database) throws {
        let now = Date().timeIntervalSince1970
        try VerdictRecord.deleteAll(db)
        var line = JSONLine(capacity: 2048)
        for v in verdicts {
            v.writeJSON(into: &line)
            // The line ends in a newline (JSONLine writes JSON Lines): stored without it.
            let json = line.withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0.dropLast()), as: UTF8.self) }
            try VerdictRecord(v, json: json, at: now).insert(db)
        }
    }

    /// Stored verdicts, in address order.
    public func verdicts() throws -> [Verdict] {
        let decoder = JSONDecoder()
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
