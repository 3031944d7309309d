import BotCensusCore

/// Shodan banners, one JSON object per line (`shodan download` / `shodan parse` / the stream API):
/// `ip_str`, `port`, `transport`, `timestamp` (UTC without zone), `data` (the raw banner), `product`,
/// `version`, `devicetype`, `cpe23`, `http` {`status`, `server`, `title`, `html`}, `ssl` {`cert` {`subject`}},
/// `_shodan` {`module`}. The module names the protocol (`https`, `http-simple-new` → http); its banner goes
/// to our field for it; Shodan's own identification is kept as `shodan.product` and the like.
public struct ShodanFormat: LineFormat {
    public static let name = "shodan"
    public static let unitName = "lines"

    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        guard let first = head.lines.first, first.first == UInt8(ascii: "{") else { return false }
        return first.withUnsafeBytes { ByteLine($0).find("\"ip_str\"") != nil }
    }

    public mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome {
        if line.isEmpty { return .ignored }
        let banner = try ScanJSON.object(line.bytes)
        guard let ipText = banner["ip_str"] as? String else { throw LineError("banner has no \"ip_str\"") }
        guard let ip = IPAddress(ipText) else { throw LineError("\"ip_str\": '\(TerminalText.escape(ipText))' is not an IP address") }
        guard let port = ScanJSON.port(banner["port"]) else { throw LineError("banner has no valid \"port\"") }
        guard let stamp = banner["timestamp"] as? String else { throw LineError("banner has no \"timestamp\"") }
        guard let time = ScanTime.isoUTC(stamp) else {
            throw LineError("\"timestamp\": '\(TerminalText.escape(stamp))' is not an ISO 8601 time")
        }
        let module = (ScanJSON.path(banner, "_shodan", "module") as? String)?.lowercased()
        let proto = ShodanFormat.proto(module: module, transport: banner["transport"] as? String)
        let fields = ShodanFormat.fields(banner, proto: proto, module: module)
        try emit(.observation(ServiceObservation(ip: ip, port: port, time: time, proto: proto, fields: fields,
                                                 source: SourceRef(file: file.path, line: number))))
        return .accepted(1)
    }

    /// `https`, `https-simple-new`, `http-simple-new` → http; `ssl` → tls; otherwise the module's first word.
    static func proto(module: String?, transport: String?) -> String {
        guard let module, !module.isEmpty else { return transport?.lowercased() ?? "tcp" }
        let base = module.split(separator: "-").first.map(String.init) ?? module
        switch base {
        case "http", "https": return "http"
        case "ssl", "tls": return "tls"
        default: return base
        }
    }

    static func fields(_ banner: [String: Any], proto: String, module: String?) -> [String: String] {
        var fields: [String: String] = [:]
        for key in ["product", "version", "devicetype", "os", "info"] {
            if let value = banner[key] as? String, !value.isEmpty { fields["shodan.\(key)"] = value }
        }
        if let cpe = (banner["cpe23"] as? [Any] ?? banner["cpe"] as? [Any])?.compactMap({ $0 as? String }), !cpe.isEmpty {
            fields["shodan.cpe"] = cpe.joined(separator: " ")
        }
        if let module { fields["shodan.module"] = module }
        let data = banner["data"] as? String ?? ""
        if let subject = ScanJSON.path(banner, "ssl", "cert", "subject") as? [String: Any] {
            let parts = subject.compactMap { key, value in (value as? String).map { (key: key, value: $0) } }
            if let dn = SubjectDN.format(parts) { fields["tls.subject"] = dn }
        }
        switch proto {
        case "http":
            let http = banner["http"] as? [String: Any] ?? [:]
            if let status = ScanJSON.int(http["status"]) { fields["http.status"] = String(status) }
            if let server = http["server"] as? String, !server.isEmpty { fields["http.server"] = server }
            if let title = http["title"] as? String, !title.isEmpty {
                fields["http.title"] = title
            } else if let html = http["html"] as? String, let title = HTMLTitle.extract(html) {
                fields["http.title"] = title
            }
            // `data` holds the response head: the headers Shodan does not lift out (WWW-Authenticate).
            fields.merge(HTTPResponseHead.fields(data)) { ours, _ in ours }
        case "ssh":
            // `SSH-2.0-…` then Shodan's key lines: the banner is the first line.
            let first = data.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).first.map(String.init) ?? ""
            if !first.isEmpty { fields["ssh.banner"] = first }
        case "ftp", "smtp":
            // The greeting line with its line break, as zgrab2 keeps it; later lines answer Shodan's commands.
            if let end = data.firstIndex(where: { $0 == "\r\n" || $0 == "\n" }) {
                fields["\(proto).banner"] = String(data[...end])
            } else if !data.isEmpty {
                fields["\(proto).banner"] = data
            }
        case "telnet":
            let text = TelnetNegotiation.strip(data)
            if !text.isEmpty { fields["telnet.banner"] = text }
        case "tls":
            break
        default:
            if !data.isEmpty { fields["\(proto).banner"] = data }
        }
        return fields
    }
}
