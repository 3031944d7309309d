import BotCensusCore

/// One record an importer produces.
public enum Evidence: Sendable {
    case event(SpamEvent)
    case syn(SynRecord)
    case observation(ServiceObservation)
}

/// What a parser says about one line.
public enum LineOutcome: Sendable {
    /// The line produced this many records.
    case accepted(Int)
    /// A valid line that carries nothing botcensus uses (a qmgr line, a p0f `mod=mtu` line).
    case ignored
}

/// A line that looks like evidence but cannot be read. The import driver adds `file:line`.
public struct LineError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Settings every format may need.
public struct ImportOptions: Sendable {
    /// Year of the first line of a classic-syslog log (which has no year); nil: inferred from the file's
    /// modification time.
    public var year: Int?
    /// How to read times that carry no zone (classic syslog, p0f).
    public var localTime: LocalTime
    public init(year: Int? = nil, localTime: LocalTime = .system) {
        self.year = year
        self.localTime = localTime
    }
}

/// Facts about the file being read that a parser may use (classic syslog infers the year from them).
public struct FileFacts: Sendable {
    public var path: String
    /// Modification time of the file.
    public var modified: Timestamp
    public init(path: String, modified: Timestamp) {
        self.path = path
        self.modified = modified
    }
}

/// One evidence format: adding a format is adding a type that conforms and one line in `EvidenceFormats.all`.
public protocol EvidenceFormat {
    /// The name used by `--format` and stored with each import.
    static var name: String { get }
    /// True when these first non-empty lines of a file look like this format.
    static func sniff(_ lines: [[UInt8]]) -> Bool
    init(options: ImportOptions, file: FileFacts)
    /// Parses line `number` (without its line break) and hands each record to `emit`.
    mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome
}

public enum EvidenceFormats {
    /// Detection order: the most specific sniffers first.
    public static let all: [any EvidenceFormat.Type] = [Zgrab2Format.self, P0fLogFormat.self, PostfixLogFormat.self]

    public static func named(_ name: String) -> (any EvidenceFormat.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }

    public static func detect(_ lines: [[UInt8]]) -> (any EvidenceFormat.Type)? {
        all.first { $0.sniff(lines) }
    }
}
