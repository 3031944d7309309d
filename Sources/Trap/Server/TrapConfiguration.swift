import Foundation
import Ingest
import Logging
import NIOCore

/// Everything `botcensus trap` is told.
public struct TrapConfiguration {
    public var listeners: [ListenAddress]
    public var metrics: ListenAddress?
    public var casePath: String
    public var spoolPath: String
    public var trapName: String
    public var settings: SMTPSettings
    public var timeouts = TrapTimeouts()
    public var maxSessions = 1000
    public var perAddress = 50
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var relays: TrustedRelays?
    public var labeler: SynLabeler?
    /// How long a stop waits for sessions in DATA to finish before closing them.
    public var drainTimeout: Double = 30
    public var threads = System.coreCount
    public var logger: Logger

    public init(listeners: [ListenAddress], casePath: String, spoolPath: String, trapName: String, settings: SMTPSettings, logger: Logger) {
        self.listeners = listeners; self.casePath = casePath; self.spoolPath = spoolPath; self.trapName = trapName
        self.settings = settings; self.logger = logger
    }
}

/// `ADDR:PORT` or `[V6ADDR]:PORT`; port 0 asks the kernel for a free one (the start-up line says which).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// Implicit TLS (port 465 style, RFC 8314): the handshake comes before the greeting.
    public var implicitTLS: Bool

    public init(host: String, port: Int, implicitTLS: Bool = false) {
        self.host = host; self.port = port; self.implicitTLS = implicitTLS
    }

    public init?(parsing text: String, implicitTLS: Bool = false) {
        let host: Substring, portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
        self.init(host: String(host), port: port, implicitTLS: implicitTLS)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
