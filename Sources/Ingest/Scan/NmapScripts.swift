/// NSE script results that carry the banner fields fingerprints match on.
enum NmapScripts {
    static func fields(_ id: String, output: String, elems: [(table: String, key: String?, value: String)],
                       service: String?) -> [String: String] {
        switch id {
        case "http-title":
            // Without a title the script says so in prose ("Site doesn't have a title"); only the elem counts.
            guard let title = elems.first(where: { $0.table.isEmpty && $0.key == "title" })?.value, !title.isEmpty else { return [:] }
            return ["http.title": title]
        case "http-server-header":
            let value = elems.first(where: { $0.table.isEmpty })?.value ?? output
            return value.isEmpty ? [:] : ["http.server": value]
        case "ssl-cert":
            let parts = elems.filter { $0.table == "subject" && $0.key != nil }.map { (key: $0.key!, value: $0.value) }
            return SubjectDN.format(parts).map { ["tls.subject": $0] } ?? [:]
        case "banner":
            guard !output.isEmpty, let service = service?.lowercased() else { return [:] }
            switch service {
            case "ssh", "ftp", "smtp", "telnet": return ["\(service).banner": output]
            default: return [:]
            }
        default:
            return [:]
        }
    }
}
