import BotCensusCore

/// One record an importer produces.
public enum Evidence: Sendable {
    case event(SpamEvent)
    case syn(SynRecord)
    case observation(ServiceObservation)
    case clock(TCPClockSample)
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
    /// Raw mail: the user's own relays (CIDRs or host names). Received headers added by them are trusted;
    /// the first hop below them is the sender. Empty: only the topmost Received header is trusted.
    public var trustedRelays: [String]
    /// Packet captures: SYNs to these ports are spam connections.
    public var mailPorts: Set<Int>
    /// Packet captures: labels SYNs as p0f would (os, dist, params); `CaseImporter` makes one from p0f.fp when
    /// that file exists (Ingest cannot depend on the signature databases). Nil: SYN records carry p0f's hop
    /// guess and no label.
    public var synLabeler: SynLabeler?
    /// Called with the bytes read so far after each chunk of a line-format file (progress on a terminal).
    public var bytesRead: (@Sendable (Int) -> Void)?
    public init(year: Int? = nil, localTime: LocalTime = .system, trustedRelays: [String] = [], mailPorts: Set<Int> = [25, 465, 587],
                synLabeler: SynLabeler? = nil) {
        self.year = year
        self.localTime = localTime
        self.trustedRelays = trustedRelays
        self.mailPorts = mailPorts
        self.synLabeler = synLabeler
    }
}

/// Facts about the file being read that a parser may use (classic syslog infers the year from them).
public struct FileFacts: Sendable {
    public var path: String
    /// Modification time of the file.
    public var modified: Timestamp
    /// The file's bytes when they are already in memory (the fuzzer's inputs): readers take them instead of
    /// opening `path`, which then only names the input in messages. A folder format (Maildir) reads them as
    /// its one message.
    public var contents: [UInt8]?
    public init(path: String, modified: Timestamp, contents: [UInt8]? = nil) {
        self.path = path
        self.modified = modified
        self.contents = contents
    }
}

/// The start of a file, for format detection: its first bytes and its first non-empty lines.
public struct FileHead: Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var lines: [[UInt8]]
    public var isDirectory: Bool
    public init(path: String, bytes: [UInt8], lines: [[UInt8]], isDirectory: Bool) {
        self.path = path; self.bytes = bytes; self.lines = lines; self.isDirectory = isDirectory
    }
}

/// One evidence format. Adding a format is adding a type that conforms to `LineFormat` (text read line by
/// line by the driver) or `FileFormat` (the format reads its own file or folder: binary captures, XML,
/// mailboxes) and one line in its family's list of `EvidenceFormats.all`. A `FileFormat` reads through
/// `LineReader(file:)`, `CaptureFileBytes` or `XMLInputStream`, which also serve `FileFacts.contents`, so
/// the fuzzer (`botcensus-fuzz NAME`) runs it on bytes in memory with nothing more to write.
public protocol EvidenceFormat {
    /// The name used by `--format` and stored with each import.
    static var name: String { get }
    /// What the format counts in summaries (`lines`, `packets`, `messages`, `hosts`): a line format's unit
    /// is the line; a file format counts its own units (`FileSummary.units`).
    static var unitName: String { get }
    /// True when the file (or folder) looks like this format.
    static func sniff(_ head: FileHead) -> Bool
    /// True for formats that give SYNs (captures, p0f's log): an import that joins events to SYNs as it writes
    /// them reads these files first.
    static var carriesSyns: Bool { get }
}

extension EvidenceFormat {
    public static var carriesSyns: Bool { false }
}

public protocol LineFormat: EvidenceFormat {
    init(options: ImportOptions, file: FileFacts)
    /// Parses line `number` (without its line break) and hands each record to `emit`.
    mutating func parse(line: ByteLine, number: Int, emit: (Evidence) throws -> Void) throws -> LineOutcome
}

/// What a `FileFormat` read.
public struct FileSummary: Sendable {
    /// Units read (lines, packets, messages: whatever the format counts).
    public var units: Int
    public var records: Int
    public var ignored: Int
    /// SHA-256 of everything read (for a folder: of its files' names and contents in name order).
    public var sha256: String
    public init(units: Int, records: Int, ignored: Int, sha256: String) {
        self.units = units; self.records = records; self.ignored = ignored; self.sha256 = sha256
    }
}

/// Where in a file a bad unit sits: a line number, or a named place (`packet 7`, `message 3`).
public enum BadPlace: Sendable, Equatable {
    case line(Int)
    case unit(String)
}

public protocol FileFormat: EvidenceFormat {
    init(options: ImportOptions, file: FileFacts)
    /// Reads `file.path` streaming; records go to `emit`, each bad unit to `bad` (which throws in strict mode).
    mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary
}

public enum EvidenceFormats {
    /// Detection order: the most specific sniffers first. Each family of formats lists itself in its own
    /// folder (`MailFormats.swift`, `ScanFormats.swift`, …), so adding a format touches one file of its family.
    public static var all: [any EvidenceFormat.Type] {
        captureFormats + mailFormats + scanFormats + [Zgrab2Format.self, P0fLogFormat.self, PostfixLogFormat.self] + mtaFormats
    }

    public static func named(_ name: String) -> (any EvidenceFormat.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }

    /// What the format named `format` counts as its units, for summaries (`lines` for an unknown name).
    public static func unitName(_ format: String) -> String {
        named(format)?.unitName ?? "lines"
    }

    public static func detect(_ head: FileHead) -> (any EvidenceFormat.Type)? {
        all.first { $0.sniff(head) }
    }
}
