import BotCensusCore

/// The user's own mail relays (`--trusted-relays`): networks (`192.0.2.0/24`, `2001:db8::/32`, a single
/// address) and host names (`relay.example.net`, or `*.example.net` / `.example.net` for every host under a
/// domain). Entries may also be given comma-separated in one string.
public struct TrustedRelays: Sendable, Equatable {
    public typealias Network = IPNetwork

    public struct EntryError: Error, Sendable, CustomStringConvertible {
        public var entry: String
        public var description: String { "--trusted-relays: '\(entry)' is neither a network (CIDR or address) nor a host name" }
    }

    public private(set) var networks: [Network] = []
    /// Exact host names, lowercase, without a trailing dot.
    public private(set) var hosts: Set<String> = []
    /// Domain suffixes with their leading dot (`.example.net`).
    public private(set) var domains: [String] = []

    public var isEmpty: Bool { networks.isEmpty && hosts.isEmpty && domains.isEmpty }

    public init(_ entries: [String]) throws {
        for raw in entries {
            for part in raw.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }) {
                try add(String(part))
            }
        }
    }

    private mutating func add(_ entry: String) throws {
        if let network = TrustedRelays.network(entry) {
            networks.append(network)
            return
        }
        var name = entry.lowercased()
        while name.hasSuffix(".") { name.removeLast() }
        var isDomain = false
        if name.hasPrefix("*.") { name.removeFirst(2); isDomain = true } else if name.hasPrefix(".") { name.removeFirst(); isDomain = true }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.utf8.allSatisfy { b in
                (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            }
        }
        guard valid, !entry.contains("/") else { throw EntryError(entry: entry) }
        if isDomain { domains.append("." + name) } else { hosts.insert(name) }
    }

    /// `ADDRESS/PREFIX` or a bare address (a host route); host bits of the address are ignored.
    static func network(_ text: String) -> Network? { IPNetwork(text) }

    public func contains(_ ip: IPAddress) -> Bool { networks.contains { $0.contains(ip) } }

    /// True when `name` (lowercase, no trailing dot) is one of the relay names or lies under a relay domain.
    public func names(_ name: String) -> Bool {
        hosts.contains(name) || domains.contains { name.hasSuffix($0) }
    }
}
