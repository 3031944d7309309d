import BotCensusCore

/// One RFC 5322 message per file (`.eml`): one `SpamEvent`, or one bad unit naming why not.
public struct EmlFormat: FileFormat {
    public static let name = "eml"
    public static let unitName = "messages"

    private let options: ImportOptions
    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.options = options
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        !head.isDirectory && MailSniffing.isHeaderBlock(head.bytes[...])
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        var session = try MailSession(options: options)
        var reader = MessageReader(startLine: 1, envelopeTime: nil)
        let sha256 = try LineReader(file: file).forEachLine { line, number in
            reader.feed(line.bytes, number: number)
        }
        try session.finish(&reader, source: SourceRef(file: file.path, line: 1), place: .line(1), prefix: "message 1: ",
                           emit: emit, bad: bad)
        return session.summary(sha256: sha256)
    }
}
