import BotCensusCore

/// What may be probed: the one check every socket the prober opens (TCP connect or UDP send) passes first.
/// An address is permitted only if it lies in a `--scope` network, is not in the user's `--blocklist`, and
/// is not in the default blocklist — unless the scope names a range inside that reserved range explicitly
/// (`--scope 127.0.0.0/8` probes loopback; `--scope 0.0.0.0/0` still never touches 10.0.0.0/8).
public struct ProbeScope: Sendable {
    public let networks: [IPNetwork]
    public let blocklist: ZMapBlocklist

    public enum Decision: Sendable, Equatable {
        case permitted
        case outOfScope
        case blocked(String)

        public var isPermitted: Bool { self == .permitted }
    }

    public struct ScopeError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(networks: [IPNetwork], blocklist: ZMapBlocklist = ZMapBlocklist(networks: [])) {
        self.networks = networks
        self.blocklist = blocklist
    }

    /// `--scope CIDR[,CIDR…]`: at least one network.
    public init(scope: String, blocklist: ZMapBlocklist = ZMapBlocklist(networks: [])) throws {
        var networks: [IPNetwork] = []
        for part in scope.split(whereSeparator: { $0 == "," || $0 == " " }) {
            guard let network = IPNetwork(String(part)) else {
                throw ScopeError(description: "--scope: '\(TerminalText.escape(String(part)))' is not a network (CIDR) or address")
            }
            networks.append(network)
        }
        guard !networks.isEmpty else { throw ScopeError(description: "--scope: no network given") }
        self.init(networks: networks, blocklist: blocklist)
    }

    public func decide(_ ip: IPAddress) -> Decision {
        // The most specific scope network holding the address decides which reserved ranges it lifts.
        guard let scope = networks.filter({ $0.contains(ip) }).max(by: { $0.prefix < $1.prefix }) else { return .outOfScope }
        if let listed = blocklist.contains(ip) { return .blocked("in --blocklist (\(listed))") }
        for (reserved, reason) in DefaultBlocklist.entries where reserved.contains(ip) && !reserved.contains(scope) {
            return .blocked("\(reserved): \(reason); name a range inside it in --scope to probe it")
        }
        return .permitted
    }
}
