import BotCensusCore
import Foundation

/// zgrab2's JSON Lines: `{"ip":…,"port":…,"data":{"<scanner>":{"status":…,"protocol":…,"port":…,
/// "result":{…},"timestamp":…}}}`. Each successful scanner result becomes one service observation carrying
/// the banner fields fingerprints match on; failed results (refused, timeout) are valid and carry nothing.
public struct Zgrab2Format: LineFormat {
    public static let name = "zgrab2"
    public static let unitName = "lines"

    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        let lines = head.lines
        guard let first = lines.first, first.first == UInt8(ascii: "{") else { return false }
        return first.withUnsafeBytes { bytes in
            let line = ByteLine(bytes)
            return line.find("\"data\"") != nil && line.find("\"ip\"") != nil
        }
    }

    /// Default ports when neither the result nor the target names one.
    static let defaultPorts: [String: Int] = ["http": 80, "https": 443, "tls": 443, "ssh": 22, "telnet": 23,
                                              "smtp": 25, "ftp": 21, "rtsp": 554, "upnp": 1900]

    public mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome {
        if line.isEmpty { return .ignored }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.bytes), options: [])
        } catch {
            throw LineError("not valid JSON (\(Zgrab2Format.shortReason(error)))")
        }
        guard let target = object as? [String: Any] else { throw LineError("JSON value is not an object") }
        guard let ipText = target["ip"] as? String else { throw LineError("object has no \"ip\"") }
        guard let ip = IPAddress(ipText) else { throw LineError("\"ip\": '\(TerminalText.escape(ipText))' is not an IP address") }
        guard let data = target["data"] as? [String: Any] else { throw LineError("object has no \"data\" object") }
        let targetPort = Zgrab2Format.int(target["port"])
        // Collected first so that a bad module rejects the whole line, not half of it.
        var observations: [ServiceObservation] = []
        for scanner in data.keys.sorted() {
            guard let module = data[scanner] as? [String: Any] else { throw LineError("data.\(scanner) is not an object") }
            guard (module["status"] as? String) == "success" else { continue }
            let proto = (module["protocol"] as? String) ?? scanner
            guard let stamp = module["timestamp"] as? String else { throw LineError("data.\(scanner) has no timestamp") }
            guard let time = TimeParsing.rfc3339(stamp) else {
                throw LineError("data.\(scanner).timestamp '\(TerminalText.escape(stamp))' is not RFC 3339")
            }
            guard let port = Zgrab2Format.int(module["port"]) ?? targetPort ?? Zgrab2Format.defaultPorts[proto] else {
                throw LineError("data.\(scanner) names no port")
            }
            let result = module["result"] as? [String: Any] ?? [:]
            var fields = Zgrab2Format.bannerFields(protocol: proto, result: result)
            // botcensus probe records how long after the address's first spam it probed (fresh beats late).
            if let delay = module["delay_from_spam_seconds"] as? NSNumber { fields["probe.delay_seconds"] = String(delay.doubleValue) }
            // ... and the port's own TCP stack, from its SYN+ACK.
            if let synAck = module["synack"] as? [String: Any] {
                if let raw = synAck["raw_sig"] as? String { fields["tcp.synack_sig"] = raw }
                if let label = synAck["label"] as? String { fields["tcp.synack_label"] = label }
            }
            observations.append(ServiceObservation(ip: ip, port: port, time: time, proto: proto, fields: fields,
                                                   source: SourceRef(file: file.path, line: number)))
        }
        for observation in observations { try emit(.observation(observation)) }
        return observations.isEmpty ? .ignored : .accepted(observations.count)
    }

    /// The banner fields of one scanner's `result`: what `import` and the prober's own identification read.
    /// Besides zgrab2's own shapes it reads what `botcensus probe` adds: http behind `tls` (under `http`),
    /// `rtsp` and `upnp` results, and the banner module's text.
    public static func bannerFields(protocol proto: String, result: [String: Any]) -> [String: String] {
        var fields: [String: String] = [:]
        switch proto {
        case "http", "https":
            let response = result["response"] as? [String: Any] ?? [:]
            if let status = int(response["status_code"]) { fields["http.status"] = String(status) }
            let headers = response["headers"] as? [String: Any] ?? [:]
            if let server = firstString(headers["server"]) { fields[BannerField.httpServer.rawValue] = server }
            if let auth = firstString(headers["www_authenticate"]) { fields[BannerField.httpWWWAuthenticate.rawValue] = auth }
            if let body = response["body"] as? String, let title = HTMLTitle.extract(body) { fields[BannerField.httpTitle.rawValue] = title }
            let request = response["request"] as? [String: Any]
            if let tlsLog = request?["tls_log"] as? [String: Any], let subject = certificateSubject(tlsLog) {
                fields[BannerField.tlsSubject.rawValue] = subject
            }
        case "tls":
            if let subject = certificateSubject(result) { fields[BannerField.tlsSubject.rawValue] = subject }
            if let http = result["http"] as? [String: Any] {
                for (key, value) in bannerFields(protocol: "https", result: http) where fields[key] == nil { fields[key] = value }
            }
        case "rtsp":
            if let server = result["server"] as? String { fields["rtsp.server"] = server }
        case "upnp":
            let ssdp = result["ssdp"] as? [String: Any] ?? [:]
            if let server = ssdp["server"] as? String { fields["upnp.server"] = server }
            for (key, value) in result["device"] as? [String: Any] ?? [:] where key != "location" {
                if let text = value as? String { fields["upnp.\(key)"] = text }
            }
        case "ssh":
            if let id = result["server_id"] as? [String: Any] {
                if let raw = id["raw"] as? String {
                    fields[BannerField.sshBanner.rawValue] = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
                } else if let version = id["version"] as? String {
                    fields[BannerField.sshBanner.rawValue] = "SSH-\(version)-\((id["software"] as? String) ?? "")"
                }
            }
        default:
            if let banner = result["banner"] as? String, let field = BannerField(rawValue: "\(proto).banner") {
                fields[field.rawValue] = banner
            } else if let banner = result["banner"] as? String {
                fields["\(proto).banner"] = banner
            }
        }
        return fields
    }

    /// `handshake_log.server_certificates.certificate.parsed.subject_dn`.
    static func certificateSubject(_ object: [String: Any]) -> String? {
        let handshake = object["handshake_log"] as? [String: Any]
        let certificates = handshake?["server_certificates"] as? [String: Any]
        let certificate = certificates?["certificate"] as? [String: Any]
        let parsed = certificate?["parsed"] as? [String: Any]
        return parsed?["subject_dn"] as? String
    }

    static func firstString(_ value: Any?) -> String? {
        if let s = value as? String { return s }
        return (value as? [Any])?.first as? String
    }

    static func int(_ value: Any?) -> Int? {
        if let n = value as? NSNumber { return n.intValue }
        if let s = value as? String { return Int(s) }
        return nil
    }

    static func shortReason(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return String(text.prefix(100))
    }
}

/// The text of an HTML page's `<title>`, whitespace runs collapsed and basic entities decoded.
enum HTMLTitle {
    static func extract(_ body: String) -> String? {
        guard let open = body.range(of: "<title", options: .caseInsensitive),
              let close = body.range(of: ">", range: open.upperBound..<body.endIndex) else { return nil }
        let end = body.range(of: "</title", options: .caseInsensitive, range: close.upperBound..<body.endIndex)?.lowerBound ?? body.endIndex
        let raw = body[close.upperBound..<end]
        let collapsed = raw.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
        let decoded = decodeEntities(collapsed)
        return decoded.isEmpty ? nil : decoded
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 8 else {
                out += "&"; rest = rest[rest.index(after: amp)...]; continue
            }
            let name = rest[rest.index(after: amp)..<semi]
            let named: [Substring: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " "]
            if let value = named[name] {
                out += value
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
            } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) {
                out.unicodeScalars.append(u)
            } else {
                out += rest[amp...semi]
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
