import Logging

/// What `botcensus serve` runs with, checked before anything listens.
public struct ServeConfiguration: Sendable {
    public var casePath: String
    public var listen: ListenEndpoint
    /// When set, every request must carry `Authorization: Bearer TOKEN`. Required beyond loopback.
    public var token: String?
    public var logger: Logger

    public static let minimumTokenLength = 16

    public init(casePath: String, listen: ListenEndpoint, token: String?, logger: Logger = Logger(label: "botcensus.serve")) {
        self.casePath = casePath; self.listen = listen; self.token = token; self.logger = logger
    }

    /// Why the server must not start, in one line; nil when it may. A case an attacker must not read is the
    /// default: beyond loopback the token is not optional.
    public var refusal: String? {
        if let token {
            if token.count < ServeConfiguration.minimumTokenLength {
                return "--token: at least \(ServeConfiguration.minimumTokenLength) characters (e.g. `openssl rand -hex 16`)"
            }
            if !token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
                return "--token: printable ASCII without spaces only (it travels in an HTTP header)"
            }
        } else if !listen.isLoopback {
            return "--listen \(listen) is not a loopback address: give --token TOKEN as well (every request must then carry Authorization: Bearer TOKEN), or listen on 127.0.0.1"
        }
        return nil
    }
}
