import BotCensusCore

/// Rebuilds, from one zgrab2 banner field, the bytes nmap would have read from the port, and names the
/// probe whose matches apply.
///
/// - ssh/ftp/smtp/telnet banners are what the service volunteers on connect: nmap's NULL probe response.
///   zgrab2 strips the SSH identification line's CRLF, and nmap's ssh patterns expect it, so it is put back.
/// - HTTP fields are an APPROXIMATION: zgrab2 keeps single headers and the page title, not the response, so a
///   minimal response is built around the one value (`HTTP/1.1 200 OK`, the header, an empty line, then
///   `<title>…</title>` for a title; `401 Unauthorized` for a WWW-Authenticate challenge, as it would be) and
///   matched with the GetRequest probe's matches. Patterns that need other headers (`Date:` before
///   `Server:`, a `Content-Type`, …) or a particular status cannot match it; ones keyed on the value can.
/// - tls.subject is not covered: no nmap probe response holds a certificate subject as text (nmap reads
///   subjects in its ssl-cert script, not in nmap-service-probes), and dressing one up as an HTTP header
///   would only invite matches that say nothing about it.
enum NmapBannerResponse {
    enum Probe: Sendable { case null, getRequest }

    static func probe(for field: BannerField) -> Probe? {
        switch field {
        case .sshBanner, .ftpBanner, .smtpBanner, .telnetBanner: return .null
        case .httpServer, .httpTitle, .httpWWWAuthenticate: return .getRequest
        case .tlsSubject: return nil
        }
    }

    static func response(_ banner: String, field: BannerField) -> [UInt8] {
        switch field {
        case .sshBanner:
            // Checked on bytes: as Characters, "\r\n" is one grapheme and hasSuffix("\n") would miss it.
            return Array(banner.utf8) + (banner.utf8.last == 0x0A ? [] : [0x0D, 0x0A])
        case .ftpBanner, .smtpBanner, .telnetBanner, .tlsSubject:
            return Array(banner.utf8)
        case .httpServer:
            return Array("HTTP/1.1 200 OK\r\nServer: \(banner)\r\n\r\n".utf8)
        case .httpWWWAuthenticate:
            return Array("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: \(banner)\r\n\r\n".utf8)
        case .httpTitle:
            return Array("HTTP/1.1 200 OK\r\n\r\n<title>\(banner)</title>".utf8)
        }
    }
}
