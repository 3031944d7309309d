#if canImport(FoundationXML)
import FoundationXML
#endif
import BotCensusCore
import Foundation

/// SAX events of an Nmap (or masscan) XML file, turned into observations host by host: only the host
/// being read is held, so memory stays bounded however many hosts the scan has.
final class NmapXMLHandler: NSObject, XMLParserDelegate {
    private struct Port {
        var transport: String
        var portID: String
        var state: String?
        var ttl: String?
        var service: [String: String]?
        var cpes: [String] = []
        var scriptFields: [String: String] = [:]
    }

    private struct Host {
        var index: Int
        /// Line of the `<host>` tag: the observations' source line.
        var line: Int
        var starttime: String?
        var endtime: String?
        var addresses: [(addr: String, type: String)] = []
        var ports: [Port] = []
    }

    private struct Script {
        var id: String
        var output: String
        var tables: [String] = []
        var elems: [(table: String, key: String?, value: String)] = []
        var elemKey: String?
    }

    private let file: String
    private let emit: (Evidence) throws -> Void
    private let bad: (BadPlace, String) throws -> Void
    private(set) var hosts = 0
    private(set) var records = 0
    private(set) var ignored = 0

    /// An error thrown by `emit` or `bad` (strict mode): parsing stops and `finish` rethrows it.
    private var failure: Error?
    /// The first XML error: its line, the parser's code and the host being read.
    private var xmlError: (line: Int, code: Int, open: Int?)?
    private var runStart: Timestamp?
    private var prefix = "nmap."
    private var runClosed = false
    private var lastLine = 1

    private var host: Host?
    private var port: Port?
    private var script: Script?
    private var hostHintDepth = 0
    private var text: String?

    init(file: String, emit: @escaping (Evidence) throws -> Void, bad: @escaping (BadPlace, String) throws -> Void) {
        self.file = file
        self.emit = emit
        self.bad = bad
    }

    /// After the parse: rethrows a sink's error, reports malformed or cut XML. `lastLine`: the file's last
    /// line, where an error means the file ends early (the parser's error codes differ between platforms).
    func finish(lastLine fileEnd: Int) throws {
        if let failure { throw failure }
        if let xmlError {
            let reason = xmlError.line >= fileEnd ? "XML ends early (scan interrupted or file cut)" : "malformed XML (parser error \(xmlError.code))"
            try bad(.line(xmlError.line), xmlError.open.map { "\(reason): host \($0) is incomplete" } ?? reason)
        } else if !runClosed {
            let open = host.map { ": host \($0.index) is incomplete" } ?? ""
            try bad(.line(max(lastLine, fileEnd)), "XML ends before </nmaprun> (scan interrupted or file cut)\(open)")
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes a: [String: String] = [:]) {
        // After a sink error or malformed XML nothing more is read: libxml2's recovery would guess at the rest.
        guard failure == nil, xmlError == nil else { return }
        lastLine = parser.lineNumber
        if name == "hosthint" { hostHintDepth += 1 }
        // Nmap 7.80+ announces hosts in <hosthint> before scanning them: not observations.
        guard hostHintDepth == 0 else { return }
        switch name {
        case "nmaprun":
            runStart = a["start"].flatMap(ScanTime.unixSeconds)
            if a["scanner"] == "masscan" { prefix = "masscan." }
        case "host":
            hosts += 1
            host = Host(index: hosts, line: parser.lineNumber, starttime: a["starttime"], endtime: a["endtime"])
        case "address" where host != nil && port == nil:
            host?.addresses.append((a["addr"] ?? "", a["addrtype"] ?? "ipv4"))
        case "port" where host != nil:
            port = Port(transport: a["protocol"] ?? "tcp", portID: a["portid"] ?? "")
        case "state" where port != nil:
            port?.state = a["state"]
            port?.ttl = a["reason_ttl"]
        case "service" where port != nil:
            port?.service = a
        case "cpe" where port?.service != nil && script == nil:
            text = ""
        case "script" where port != nil:
            script = Script(id: a["id"] ?? "", output: a["output"] ?? "")
        case "table" where script != nil:
            script?.tables.append(a["key"] ?? "")
        case "elem" where script != nil:
            script?.elemKey = a["key"]
            text = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if text != nil { text! += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard failure == nil, xmlError == nil else { return }
        lastLine = parser.lineNumber
        if name == "hosthint" { hostHintDepth -= 1; return }
        guard hostHintDepth == 0 else { return }
        switch name {
        case "cpe" where text != nil && script == nil:
            let value = text!.trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { port?.cpes.append(value) }
            text = nil
        case "elem" where script != nil:
            var s = script!
            s.elems.append((s.tables.joined(separator: "."), s.elemKey, text ?? ""))
            script = s
            text = nil
        case "table" where script != nil:
            _ = script?.tables.popLast()
        case "script" where script != nil:
            if let s = script, port != nil {
                port!.scriptFields.merge(NmapScripts.fields(s.id, output: s.output, elems: s.elems, service: port?.service?["name"])) { a, _ in a }
            }
            script = nil
        case "port" where port != nil:
            if let p = port { host?.ports.append(p) }
            port = nil
        case "host" where host != nil:
            let h = host!
            host = nil
            finish(h)
            // Strict mode refused the file (or the sink failed): read no further.
            if failure != nil { parser.abortParsing() }
        case "nmaprun":
            runClosed = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard xmlError == nil else { return }
        xmlError = (parser.lineNumber, (parseError as NSError).code, host?.index)
    }

    private func finish(_ h: Host) {
        do {
            let place = BadPlace.unit("host \(h.index)")
            guard let address = h.addresses.first(where: { $0.type == "ipv4" || $0.type == "ipv6" }) else {
                try bad(place, "no IPv4 or IPv6 address"); return
            }
            guard let ip = IPAddress(address.addr) else {
                try bad(place, "'\(TerminalText.escape(address.addr))' is not an IP address"); return
            }
            var time: Timestamp?
            for (label, value) in [("starttime", h.starttime), ("endtime", h.endtime)] {
                guard let value, time == nil else { continue }
                guard let t = ScanTime.unixSeconds(value) else {
                    try bad(place, "\(label) '\(TerminalText.escape(value))' is not seconds since the epoch"); return
                }
                time = t
            }
            guard let time = time ?? runStart else { try bad(place, "no time: no starttime or endtime, and no run start"); return }
            var observations: [ServiceObservation] = []
            for p in h.ports where p.state == "open" {
                guard let number = Int(p.portID), (0...65535).contains(number) else {
                    try bad(place, "port '\(TerminalText.escape(p.portID))' is not a number 0-65535"); return
                }
                let (proto, fields) = observation(p)
                observations.append(ServiceObservation(ip: ip, port: number, time: time, proto: proto, fields: fields,
                                                       source: SourceRef(file: file, line: h.line)))
            }
            if observations.isEmpty { ignored += 1 }
            for o in observations { try emit(.observation(o)) }
            records += observations.count
        } catch {
            failure = error
        }
    }

    /// Protocol and fields of one open port.
    private func observation(_ p: Port) -> (String, [String: String]) {
        var fields: [String: String] = [:]
        var proto = p.transport
        if let s = p.service {
            for (attribute, key) in [("name", "service"), ("product", "product"), ("version", "version"), ("extrainfo", "extrainfo"),
                                     ("devicetype", "devicetype"), ("ostype", "ostype"), ("tunnel", "tunnel")] {
                if let value = s[attribute], !value.isEmpty { fields[prefix + key] = value }
            }
            if !p.cpes.isEmpty { fields[prefix + "cpe"] = p.cpes.joined(separator: " ") }
            if let name = s["name"]?.lowercased(), !name.isEmpty {
                switch name {
                case "https": proto = "http"
                case "ssl": proto = "tls"
                default: proto = name
                }
                // masscan writes its banners here, escaped as in its list output.
                if let banner = s["banner"] {
                    proto = MasscanBanner.proto(service: name)
                    let bytes = Array(banner.utf8).withUnsafeBytes { MasscanBanner.unescapeList($0) }
                    fields.merge(MasscanBanner.fields(service: name, banner: bytes)) { a, _ in a }
                }
            }
        }
        if let ttl = p.ttl, ttl != "0", !ttl.isEmpty { fields[prefix + "ttl"] = ttl }
        fields.merge(p.scriptFields) { a, _ in a }
        return (proto, fields)
    }
}
