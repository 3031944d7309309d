import BotCensusCore

/// `--listen HOST:PORT`: an IPv4 address, `[IPv6]` or `localhost`, and a port (0: the kernel picks one).
/// Names other than `localhost` are refused: what a name resolves to can change, and whether the server is
/// reachable beyond this machine must be plain from the argument.
public struct ListenEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The address to bind, as text (`127.0.0.1`, `::1`).
    public var host: String
    public var port: Int
    public var isV6: Bool

    public init?(parsing text: String) {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            portPart = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard let port = Int(portPart), (0...65535).contains(port) else { return nil }
        if hostPart.lowercased() == "localhost" {
            self.init(host: "127.0.0.1", port: port, isV6: false)
            return
        }
        guard let ip = IPAddress(String(hostPart)), ip.isV6 == text.hasPrefix("[") else { return nil }
        self.init(host: ip.description, port: port, isV6: ip.isV6)
    }

    public init(host: String, port: Int, isV6: Bool) {
        self.host = host; self.port = port; self.isV6 = isV6
    }

    /// 127.0.0.0/8 or ::1: reachable from this machine only.
    public var isLoopback: Bool {
        guard let ip = IPAddress(host) else { return false }
        return ip.isV6 ? ip == IPAddress("::1") : IPNetwork("127.0.0.0/8")!.contains(ip)
    }

    /// `http://127.0.0.1:8080/` (brackets around IPv6) for `port`.
    public func url(port: Int) -> String { "http://\(isV6 ? "[\(host)]" : host):\(port)/" }

    public var description: String { isV6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
