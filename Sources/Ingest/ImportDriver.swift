import BotCensusCore

/// Runs one format over one file: counts, reports bad lines as `file:line: reason`, and stops at the first
/// bad line in strict mode. Records go to `sink` as they are read, so memory stays bounded.
public struct ImportDriver {
    public struct Summary: Sendable {
        public var format: String
        /// Lines read (packets or messages for formats that count those).
        public var lines = 0
        public var records = 0
        public var ignored = 0
        public var badLines = 0
        public var sha256 = ""
        public init(format: String) { self.format = format }
    }

    /// A bad line (or packet, or message). In strict mode it is thrown; otherwise it is reported and counted.
    public struct BadLine: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var place: BadPlace
        public var reason: String
        public init(file: String, place: BadPlace, reason: String) { self.file = file; self.place = place; self.reason = reason }
        /// The line number, when the place is a line.
        public var line: Int? { if case .line(let n) = place { return n } else { return nil } }
        public var description: String {
            switch place {
            case .line(let n): return "\(file):\(n): \(reason)"
            case .unit(let what): return "\(file): \(what): \(reason)"
            }
        }
    }

    public enum DetectionError: Error, CustomStringConvertible {
        case unknownFormat(String)
        case undetected(String)
        public var description: String {
            switch self {
            case .unknownFormat(let name): return "unknown format '\(name)' (known: \(EvidenceFormats.names.joined(separator: ", ")))"
            case .undetected(let path): return "\(path): cannot tell the format from the first lines; name it with --format (\(EvidenceFormats.names.joined(separator: ", ")))"
            }
        }
    }

    public let path: String
    /// The input's bytes when it is in memory rather than at `path`.
    public let contents: [UInt8]?
    public let format: any EvidenceFormat.Type
    public var options: ImportOptions
    public var strict: Bool

    public init(path: String, formatName: String?, options: ImportOptions, strict: Bool) throws {
        self.path = path
        self.contents = nil
        self.options = options
        self.strict = strict
        format = try Self.format(formatName) { try LineReader.head(path) }
    }

    /// Reads bytes already in memory (the fuzzer): the same parsers, no file. `name` stands for the path in
    /// messages and sources. Folder formats (Maildir) take the bytes as their one message.
    public init(contents: [UInt8], name: String, formatName: String?, options: ImportOptions, strict: Bool) throws {
        self.path = name
        self.contents = contents
        self.options = options
        self.strict = strict
        format = try Self.format(formatName) { try LineReader.head(FileFacts(path: name, modified: 0, contents: contents)) }
    }

    private static func format(_ name: String?, head: () throws -> FileHead) throws -> any EvidenceFormat.Type {
        if let name {
            guard let f = EvidenceFormats.named(name) else { throw DetectionError.unknownFormat(name) }
            return f
        }
        let head = try head()
        guard let f = EvidenceFormats.detect(head) else { throw DetectionError.undetected(head.path) }
        return f
    }

    /// Streams the file. `report` receives each bad line (non-strict mode); `sink` each record.
    public func run(report: (BadLine) -> Void, sink: (Evidence) throws -> Void) throws -> Summary {
        let modified = contents == nil ? LineReader.modificationTime(path) ?? 0 : 0
        let facts = FileFacts(path: path, modified: modified, contents: contents)
        var summary = Summary(format: format.name)
        if let fileFormat = format as? any FileFormat.Type {
            var reader = fileFormat.init(options: options, file: facts)
            let read = try reader.read(emit: sink) { place, reason in
                let bad = BadLine(file: path, place: place, reason: reason)
                if strict { throw bad }
                summary.badLines += 1
                report(bad)
            }
            summary.lines = read.units
            summary.records = read.records
            summary.ignored = read.ignored
            summary.sha256 = read.sha256
            return summary
        }
        guard let lineFormat = format as? any LineFormat.Type else {
            throw DetectionError.unknownFormat(format.name)
        }
        var parser = lineFormat.init(options: options, file: facts)
        summary.sha256 = try LineReader(file: facts, bytesRead: options.bytesRead).forEachLine { line, number in
            summary.lines = number
            do {
                switch try parser.parse(line: line, number: number, emit: sink) {
                case .accepted(let n): summary.records += n
                case .ignored: summary.ignored += 1
                }
            } catch let error as LineError {
                let bad = BadLine(file: path, place: .line(number), reason: error.reason)
                if strict { throw bad }
                summary.badLines += 1
                report(bad)
            }
        }
        return summary
    }
}
