import BotCensusCore

/// masscan's JSON output. `-oJ` writes a JSON array one record per line — `[`, then
/// `{ "ip": "192.0.2.7", "timestamp": "1700000000", "ports": [ {"port": 80, "proto": "tcp", "status": "open",
/// "reason": "syn-ack", "ttl": 54} ] }` for a port and `… "ports": [ {"port": 80, "proto": "tcp", "service":
/// {"name": "http", "banner": "…"} } ] }` for a banner, with commas before or after records, then `]`.
/// `-oD` (NDJSON) writes `{"ip":…,"timestamp":…,"port":80,"proto":"tcp","rec_type":"status"|"banner","data":{…}}`.
/// Both are read line by line. An open port is an observation of protocol `tcp`/`udp` (with masscan's TTL);
/// banners become banner fields (`MasscanBanner`); consecutive banners of one service are one observation.
public struct MasscanJSONFormat: FileFormat {
    public static let name = "masscan-json"
    public static let unitName = "lines"

    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        guard let first = head.lines.first, first.first == UInt8(ascii: "[") || first.first == UInt8(ascii: "{") else { return false }
        return head.lines.contains { raw in
            raw.withUnsafeBytes { bytes in
                let line = ByteLine(bytes)
                return line.find("\"ip\"") != nil && line.find("\"timestamp\"") != nil
                    && (line.find("\"ports\"") != nil || line.find("\"rec_type\"") != nil)
                    && line.find("\"ip_str\"") == nil && line.find("\"services\"") == nil
            }
        }
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        var merger = ObservationMerger()
        var lines = 0
        var ignored = 0
        let sha = try LineReader(file: file).forEachLine { line, number in
            lines = number
            do {
                let records = try parse(line, number: number)
                if records.isEmpty { ignored += 1 }
                for record in records { try merger.add(record, emit: emit) }
            } catch let error as LineError {
                try bad(.line(number), error.reason)
            }
        }
        try merger.flush(emit: emit)
        return FileSummary(units: lines, records: merger.emitted, ignored: ignored, sha256: sha)
    }

    /// The records of one line; none for the array's brackets and commas.
    private func parse(_ line: ByteLine, number: Int) throws -> [ServiceObservation] {
        var lo = 0, hi = line.count
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 }
        while lo < hi, isSpace(line[lo]) || line[lo] == UInt8(ascii: ",") { lo += 1 }
        while hi > lo, isSpace(line[hi - 1]) || line[hi - 1] == UInt8(ascii: ",") { hi -= 1 }
        if lo == hi { return [] }
        if hi - lo == 1, line[lo] == UInt8(ascii: "[") || line[lo] == UInt8(ascii: "]") { return [] }
        guard line[lo] == UInt8(ascii: "{") else { throw LineError("expected a JSON object, '[' or ']'") }
        let object = try ScanJSON.object(line.slice(lo..<hi))
        guard let ipText = object["ip"] as? String else { throw LineError("object has no \"ip\"") }
        guard let ip = IPAddress(ipText) else { throw LineError("\"ip\": '\(TerminalText.escape(ipText))' is not an IP address") }
        guard let stamp = ScanJSON.string(object["timestamp"]) else { throw LineError("object has no \"timestamp\"") }
        guard let time = ScanTime.unixSeconds(stamp) else {
            throw LineError("\"timestamp\": '\(TerminalText.escape(stamp))' is not seconds since the epoch")
        }
        let source = SourceRef(file: file.path, line: number)
        var entries: [(entry: [String: Any], status: [String: Any]?, service: [String: Any]?)] = []
        if let ports = object["ports"] {
            guard let list = ports as? [Any] else { throw LineError("\"ports\" is not an array") }
            for case let entry as [String: Any] in list {
                entries.append((entry, entry["status"] != nil ? entry : nil, entry["service"] as? [String: Any]))
            }
            guard entries.count == list.count else { throw LineError("\"ports\" holds something other than objects") }
        } else if let kind = object["rec_type"] as? String {
            // NDJSON: the port is on the record, the status or banner under "data".
            let data = object["data"] as? [String: Any] ?? [:]
            switch kind {
            case "status": entries.append((object, data, nil))
            case "banner": entries.append((object, nil, ["name": data["service_name"] ?? "", "banner": data["banner"] ?? ""]))
            default: return []
            }
        } else {
            throw LineError("object has neither \"ports\" nor \"rec_type\"")
        }
        var records: [ServiceObservation] = []
        for (entry, status, service) in entries {
            guard let port = ScanJSON.port(entry["port"]) else { throw LineError("a port entry has no valid \"port\"") }
            let transport = (entry["proto"] as? String) ?? "tcp"
            if let status {
                guard (status["status"] as? String) == "open" else { continue }
                var fields: [String: String] = [:]
                if let ttl = ScanJSON.int(status["ttl"]) { fields["masscan.ttl"] = String(ttl) }
                records.append(ServiceObservation(ip: ip, port: port, time: time, proto: transport, fields: fields, source: source))
            } else if let service {
                guard let name = service["name"] as? String, !name.isEmpty else { throw LineError("a banner has no service \"name\"") }
                let banner = MasscanBanner.bytes(fromJSON: (service["banner"] as? String) ?? "")
                records.append(ServiceObservation(ip: ip, port: port, time: time, proto: MasscanBanner.proto(service: name),
                                                  fields: MasscanBanner.fields(service: name, banner: banner), source: source))
            } else {
                throw LineError("a port entry has neither \"status\" nor \"service\"")
            }
        }
        return records
    }
}
