import BotCensusCore
import Fingerprint
import NIOCore

/// One protocol the prober speaks. Adding a protocol is adding a file with a type conforming to this and one
/// line in `ProbeModules.all`. A module opens its connections through the context (never a socket of its
/// own), so scope, timeouts and the session deadline hold for it without its help.
public protocol ProbeModule: Sendable {
    /// The zgrab2 scanner name, the key under `data` in the output (`http`, `tls`, `ssh`, …).
    var name: String { get }
    /// Ports probed when the target names none.
    var defaultPorts: [Int] { get }
    func probe(_ context: ProbeContext) async throws -> ModuleResult
}

/// What a module found: zgrab2's `result` object, and the banner fields the fingerprint engine reads.
public struct ModuleResult: Sendable {
    public var result: ProbeJSON
    public var fields: [String: String]
    /// The protocol spoken when it differs from the module's name (`https` for http over TLS).
    public var protocolName: String?

    public init(result: ProbeJSON, fields: [String: String] = [:], protocolName: String? = nil) {
        self.result = result; self.fields = fields; self.protocolName = protocolName
    }
}

/// One probe's target and means: its address and port, its deadline, and the connector that opens sockets.
public struct ProbeContext: Sendable {
    public let ip: IPAddress
    public let port: Int
    public let deadline: NIODeadline
    let connector: ProbeConnector
    let nmap: NmapResponseMatcher?

    public func connect() async throws -> ProbeConnection {
        try await connector.connect(ip, port: port, deadline: deadline)
    }

    public func connect(port other: Int) async throws -> ProbeConnection {
        try await connector.connect(ip, port: other, deadline: deadline)
    }

    public func exchangeDatagram(_ payload: [UInt8], wait: TimeAmount) async throws -> [[UInt8]] {
        try await connector.exchangeDatagram(ip, port: port, payload: payload, wait: wait, deadline: deadline)
    }

    /// `host:port` as a Host header or URL authority writes it.
    public var authority: String { ip.isV6 ? "[\(ip)]:\(port)" : "\(ip):\(port)" }
}

/// The registry: one line per module.
public enum ProbeModules {
    public static let all: [any ProbeModule] = [
        HTTPModule(),
        TLSModule(),
        SSHModule(),
        TelnetModule(),
        SMTPModule(),
        FTPModule(),
        RTSPModule(),
        UPnPModule(),
        BannerModule(),
    ]

    public static var names: [String] { all.map(\.name) }

    public static func named(_ name: String) -> (any ProbeModule)? { all.first { $0.name == name } }
}
