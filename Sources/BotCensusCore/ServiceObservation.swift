/// What answered on one port of an address at one time, as a scanner recorded it.
public struct ServiceObservation: Hashable, Sendable {
    public var ip: IPAddress
    public var port: Int
    public var time: Timestamp
    /// Protocol module that produced it (`http`, `tls`, `ssh`, `telnet`, `smtp`, `ftp`, …).
    public var proto: String
    /// Banner fields keyed by `BannerField` raw values (`http.server`, `ssh.banner`, …).
    public var fields: [String: String]
    public var source: SourceRef

    public init(ip: IPAddress, port: Int, time: Timestamp, proto: String, fields: [String: String], source: SourceRef) {
        self.ip = ip; self.port = port; self.time = time; self.proto = proto; self.fields = fields; self.source = source
    }
}

/// Banner fields a fingerprint can match on. The raw value is the key used in observations and signatures.
public enum BannerField: String, CaseIterable, Codable, Sendable {
    case httpServer = "http.server"
    case httpTitle = "http.title"
    case httpWWWAuthenticate = "http.www_authenticate"
    case tlsSubject = "tls.subject"
    case sshBanner = "ssh.banner"
    case telnetBanner = "telnet.banner"
    case ftpBanner = "ftp.banner"
    case smtpBanner = "smtp.banner"
}
