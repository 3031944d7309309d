import BotCensusCore
import Foundation

/// Censys host records (search API v2 `host` documents, `censys view`, `censys search` and BigQuery
/// exports): `{"ip":…,"services":[{"port":443,"service_name":"HTTP","transport_protocol":"TCP",
/// "observed_at":…,"banner":…,"http":{"response":{"status_code":…,"headers":{"Server":[…]},"html_title":…}},
/// "tls":{"certificates":{"leaf_data":{"subject_dn":…}}},"ssh":{"endpoint_id":{"raw":…}},
/// "software":[{"vendor":…,"product":…,"version":…,"uniform_resource_identifier":…}]}],"last_updated_at":…}`.
/// One host per line, or pretty-printed documents (alone or in an array). Each service is one observation
/// at its `observed_at` (else the host's `last_updated_at`); Censys's software guess is kept as
/// `censys.vendor`, `censys.product`, `censys.version`, `censys.cpe`.
public struct CensysHostFormat: FileFormat {
    public static let name = "censys"
    public static let unitName = "hosts"

    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        guard let firstByte = head.bytes.first(where: { $0 != 32 && $0 != 9 && $0 != 10 && $0 != 13 }),
              firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") else { return false }
        // A zgrab2 line (an object with "data" and no "services") is never a Censys host.
        if let first = head.lines.first, first.withUnsafeBytes({ ByteLine($0).find("\"data\"") != nil && ByteLine($0).find("\"services\"") == nil }) {
            return false
        }
        return head.bytes.withUnsafeBytes { bytes in
            let text = ByteLine(bytes)
            return text.find("\"services\"") != nil && text.find("\"ip_str\"") == nil
        }
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        var hosts = 0, records = 0, ignored = 0
        let path = file.path
        func host(_ bytes: UnsafeRawBufferPointer, line: Int) throws {
            hosts += 1
            do {
                let observations = try CensysHostFormat.observations(try ScanJSON.object(bytes), file: path, line: line)
                if observations.isEmpty { ignored += 1 }
                for o in observations { try emit(.observation(o)) }
                records += observations.count
            } catch let error as LineError {
                try bad(.line(line), error.reason)
            }
        }
        let first = try LineReader(file: file).firstLines(1).first ?? []
        let sha: String
        if JSONObjectStream.isCompleteObject(first) {
            // JSON Lines: each line stands alone, so one broken line cannot swallow the ones after it.
            sha = try LineReader(file: file).forEachLine { line, number in
                if line.isEmpty { return }
                try host(line.bytes, line: number)
            }
        } else {
            sha = try JSONObjectStream(file: file).forEachObject({ bytes, line in try host(bytes, line: line) },
                                                                 bad: { line, reason in try bad(.line(line), reason) }).sha256
        }
        return FileSummary(units: hosts, records: records, ignored: ignored, sha256: sha)
    }

    static func observations(_ host: [String: Any], file: String, line: Int) throws -> [ServiceObservation] {
        guard let ipText = (host["ip"] as? String) ?? (ScanJSON.path(host, "host_identifier", "ipv4") as? String)
                ?? (ScanJSON.path(host, "host_identifier", "ipv6") as? String) else { throw LineError("host has no \"ip\"") }
        guard let ip = IPAddress(ipText) else { throw LineError("\"ip\": '\(TerminalText.escape(ipText))' is not an IP address") }
        guard let services = host["services"] as? [Any] else { throw LineError("host has no \"services\" array") }
        let hostTime = (host["last_updated_at"] as? String).flatMap(ScanTime.isoUTC)
        var observations: [ServiceObservation] = []
        for (n, item) in services.enumerated() {
            guard let service = item as? [String: Any] else { throw LineError("services[\(n)] is not an object") }
            guard let port = ScanJSON.port(service["port"]) else { throw LineError("services[\(n)] has no valid \"port\"") }
            let time: Timestamp
            if let stamp = service["observed_at"] as? String {
                guard let t = ScanTime.isoUTC(stamp) else {
                    throw LineError("services[\(n)].observed_at '\(TerminalText.escape(stamp))' is not RFC 3339")
                }
                time = t
            } else if let hostTime {
                time = hostTime
            } else {
                throw LineError("services[\(n)] has no observed_at and the host no last_updated_at")
            }
            let name = ((service["service_name"] as? String) ?? "unknown").lowercased()
            let proto = name == "https" ? "http" : name
            observations.append(ServiceObservation(ip: ip, port: port, time: time, proto: proto,
                                                   fields: fields(service, proto: proto),
                                                   source: SourceRef(file: file, line: line)))
        }
        return observations
    }

    static func fields(_ service: [String: Any], proto: String) -> [String: String] {
        var fields: [String: String] = [:]
        if let name = service["service_name"] as? String { fields["censys.service"] = name }
        let software = (service["software"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
        if let first = software.first {
            for key in ["vendor", "product", "version"] {
                if let value = first[key] as? String, !value.isEmpty { fields["censys.\(key)"] = value }
            }
        }
        let cpes = software.compactMap { $0["uniform_resource_identifier"] as? String }
        if !cpes.isEmpty { fields["censys.cpe"] = cpes.joined(separator: " ") }
        if let dn = ScanJSON.path(service, "tls", "certificates", "leaf_data", "subject_dn") as? String, !dn.isEmpty {
            fields["tls.subject"] = dn
        }
        let banner = service["banner"] as? String
        if let response = ScanJSON.path(service, "http", "response") as? [String: Any] {
            if let status = ScanJSON.int(response["status_code"]) { fields["http.status"] = String(status) }
            // Header names come as `Server`, `WWW_Authenticate` (Censys) or lower case; values are arrays.
            for (key, value) in response["headers"] as? [String: Any] ?? [:] {
                let normal = key.lowercased().replacingOccurrences(of: "-", with: "_")
                if normal == "server", let v = ScanJSON.firstString(value) { fields["http.server"] = v }
                if normal == "www_authenticate", let v = ScanJSON.firstString(value) { fields["http.www_authenticate"] = v }
            }
            if let title = response["html_title"] as? String, !title.isEmpty { fields["http.title"] = title }
        } else if proto == "http", let banner {
            fields.merge(HTTPResponseHead.fields(banner)) { ours, _ in ours }
        }
        switch proto {
        case "ssh":
            if let raw = ScanJSON.path(service, "ssh", "endpoint_id", "raw") as? String {
                fields["ssh.banner"] = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
            } else if let banner, banner.hasPrefix("SSH-") {
                fields["ssh.banner"] = String(banner.prefix { $0 != "\r\n" && $0 != "\n" })
            }
        case "ftp", "smtp":
            if let banner, !banner.isEmpty { fields["\(proto).banner"] = banner }
        case "telnet":
            if let banner, !banner.isEmpty { fields["telnet.banner"] = TelnetNegotiation.strip(banner) }
        case "http":
            break
        default:
            if let banner, !banner.isEmpty { fields["\(proto).banner"] = banner }
        }
        return fields
    }
}
