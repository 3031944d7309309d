import ArgumentParser
import Foundation
import Ingest
import Workflow

// Typed options: a bad value is a usage error (exit 2) naming the option, before any work starts.

extension LocalTime: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public var defaultValueDescription: String {
        switch self {
        case .utc: return "utc"
        case .system: return "local"
        case .offset(let s): return String(format: "%@%02d:%02d", s < 0 ? "-" : "+", abs(s) / 3600, abs(s) % 3600 / 60)
        }
    }
}

/// `--mail-ports 25,465,587`.
struct PortList: ExpressibleByArgument, Sendable {
    var ports: Set<Int>
    init?(argument: String) {
        let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0.map { (1...65535).contains($0) } ?? false }) else { return nil }
        ports = Set(parts.compactMap { $0 })
    }
    var defaultValueDescription: String { ports.sorted().map(String.init).joined(separator: ",") }
}

/// `--trusted-relays 192.0.2.0/24,relay.example.net`: checked by the raw-mail reader's own parser, whose
/// reason reaches the user.
struct RelayList: Sendable {
    var relays: [String]
    init(parsing argument: String) throws {
        relays = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do { _ = try TrustedRelays(relays) } catch { throw ValidationError("\(error)") }
    }
}

/// `--db own,recog:DIR,nmap[:FILE]`: words and paths checked (FingerprintDatabases.check), with its reason.
struct DatabaseSpec: Sendable {
    var spec: String
    init(parsing argument: String) throws {
        do { try FingerprintDatabases.check(argument) } catch { throw ValidationError("\(error)") }
        spec = argument
    }
}
