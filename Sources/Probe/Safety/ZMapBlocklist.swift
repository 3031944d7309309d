import BotCensusCore
import Foundation

/// A blocklist in ZMap's format (`blocklist.conf`): one network per line in CIDR notation or a single
/// address, `#` starts a comment, blank lines are ignored. A line that does not read is an error naming the
/// file and line, and the whole file is refused: a blocklist applied in part is worse than none.
public struct ZMapBlocklist: Sendable {
    public var networks: [IPNetwork]

    public struct LineError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(networks: [IPNetwork]) { self.networks = networks }

    public init(path: String) throws {
        // Through a file handle: Foundation's String(contentsOfFile:) refuses special files such as /dev/null.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LineError(description: "\(path): cannot read the blocklist (\(String(cString: strerror(errno))))")
        }
        defer { try? handle.close() }
        try self.init(text: String(decoding: handle.readDataToEndOfFile(), as: UTF8.self), name: path)
    }

    public init(text: String, name: String) throws {
        var networks: [IPNetwork] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            // ZMap accepts trailing text after the network (its files carry notes there).
            let first = String(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[0])
            guard let network = IPNetwork(first) else {
                throw LineError(description: "\(name):\(index + 1): '\(TerminalText.escape(first))' is not a network (CIDR) or address")
            }
            networks.append(network)
        }
        self.networks = networks
    }

    public func contains(_ ip: IPAddress) -> IPNetwork? { networks.first { $0.contains(ip) } }
}
