/// zgrab2 JSON Lines: one object per scanned target that answered, modules as zgrab2 writes them (compact,
/// Go-style escaping). Shapes follow scripts/make_demo_evidence.py.
final class Zgrab2Writer {
    /// The SYN+ACK that answered the scanner's connection, as `botcensus probe` records it beside each module.
    struct SynAck {
        var stack: StackModel
        var distance: Int
    }
    struct Answered {
        var service: Service
        var synAck: SynAck?
    }

    let out: ByteOutput
    init(path: String) throws { out = try ByteOutput(path: path) }

    func write(ip: UInt32, time: Int, services: [Answered]) {
        out.ascii("{\"ip\":\""); out.ipv4(ip); out.ascii("\",\"data\":{")
        var names = Set<String>()
        for (k, answered) in services.enumerated() {
            let service = answered.service
            if k > 0 { out.byte(44) }
            var name = service.protocolName
            if names.contains(name) { name += "-\(service.port)" }
            names.insert(name)
            out.jsonString(name); out.ascii(":{\"status\":\"success\",\"protocol\":\""); out.text(service.protocolName)
            out.ascii("\",\"port\":"); out.int(service.port); out.ascii(",\"result\":")
            result(ip: ip, service)
            out.ascii(",\"timestamp\":\""); out.rfc3339(time + 2 * k); out.byte(34)
            if let synAck = answered.synAck { self.synAck(synAck) }
            out.byte(125)
        }
        out.ascii("}}"); out.newline()
    }

    /// The prober's `synack` object. The shape is the stack's own (its SYN's options stand in for the reply's;
    /// only the initial TTL is read as evidence); no label, as p0f's response signatures were not checked here.
    private func synAck(_ a: SynAck) {
        out.ascii(",\"synack\":{\"raw_sig\":"); out.jsonString(a.stack.rawSig(distance: a.distance))
        out.ascii(",\"label\":null,\"dist\":"); out.int(a.distance)
        out.ascii(",\"ttl\":"); out.int(a.stack.initialTTL - a.distance)
        out.ascii(",\"window\":"); out.int(a.stack.window); out.byte(125)
    }

    private func result(ip: UInt32, _ s: Service) {
        switch s.kind {
        case .http(let status, let server, let title, let auth, let path):
            let reason = status == 200 ? "OK" : status == 401 ? "Unauthorized" : "Not Found"
            out.ascii("{\"response\":{\"status_line\":\""); out.int(status); out.byte(32); out.text(reason)
            out.ascii("\",\"status_code\":"); out.int(status)
            out.ascii(",\"protocol\":{\"name\":\"HTTP/1.1\",\"major\":1,\"minor\":1},\"headers\":{")
            var first = true
            func header(_ key: StaticString, _ value: String?) {
                guard let value else { return }
                if !first { out.byte(44) }
                first = false
                out.byte(34); out.ascii(key); out.ascii("\":["); out.jsonString(value); out.byte(93)
            }
            header("server", server)
            header("www_authenticate", auth)
            header("content_type", "text/html")
            out.ascii("},\"body\":")
            if let title, !title.isEmpty {
                out.jsonString("<html><head><title>\(title)</title></head><body></body></html>")
            } else {
                out.jsonString("<html><body></body></html>")
            }
            out.ascii(",\"request\":{\"url\":{\"scheme\":\"http\",\"host\":\""); out.ipv4(ip)
            if s.port != 80 { out.byte(58); out.int(s.port) }
            out.ascii("\",\"path\":"); out.jsonString(path); out.ascii("},\"method\":\"GET\"}}}")
        case .ssh(let raw):
            let ident = raw.dropFirst(4)
            let parts = ident.split(separator: "-", maxSplits: 1)
            out.ascii("{\"server_id\":{\"raw\":"); out.jsonString(raw)
            out.ascii(",\"version\":"); out.jsonString(String(parts.first ?? ""))
            out.ascii(",\"software\":"); out.jsonString(parts.count > 1 ? String(parts[1]) : ""); out.ascii("}}")
        case .telnet(let banner), .ftp(let banner):
            out.ascii("{\"banner\":"); out.jsonString(banner); out.byte(125)
        case .tls(let subject):
            out.ascii("{\"handshake_log\":{\"server_certificates\":{\"certificate\":{\"parsed\":{\"subject_dn\":")
            out.jsonString(subject); out.ascii(",\"issuer_dn\":"); out.jsonString(subject); out.ascii("}}}}}")
        }
    }
}
