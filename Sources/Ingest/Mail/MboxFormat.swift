import BotCensusCore

/// An mbox: messages one after another, each starting with a `From sender date` line (the envelope) at the
/// start of the file or after an empty line. mboxrd quotes body lines matching `>*From ` with one more `>`,
/// and one is removed here; mboxo quotes only `From `, which differs only for `>>From ` lines and cannot be
/// told apart from content, so both are read with the mboxrd rule. One message at a time is held (its
/// header block) and the body streams through the campaign digest.
public struct MboxFormat: FileFormat {
    public static let name = "mbox"
    public static let unitName = "messages"

    private let options: ImportOptions
    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.options = options
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        !head.isDirectory && MailSniffing.isMbox(head.bytes)
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        var session = try MailSession(options: options)
        var current: MessageReader?
        var number = 0
        var afterEmptyLine = true
        var reportedPreamble = false
        let path = file.path
        let localTime = options.localTime

        func finishCurrent() throws {
            guard var reader = current else { return }
            current = nil
            try session.finish(&reader, source: SourceRef(file: path, line: reader.startLine), place: .line(reader.startLine),
                               prefix: "message \(number): ", emit: emit, bad: bad)
        }

        let sha256 = try LineReader(file: file).forEachLine { line, lineNumber in
            let bytes = line.bytes
            if afterEmptyLine, line.matches("From ", at: 0) {
                try finishCurrent()
                number += 1
                current = MessageReader(startLine: lineNumber, envelopeTime: MboxFormat.envelopeTime(line, localTime: localTime))
                afterEmptyLine = false
                return
            }
            afterEmptyLine = bytes.isEmpty
            guard current != nil else {
                if !bytes.isEmpty, !reportedPreamble {
                    reportedPreamble = true
                    try bad(.line(lineNumber), "text before the first 'From ' line (not an mbox?)")
                }
                return
            }
            // `>From `, `>>From `…: one `>` was added by the writer.
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: ">") { start += 1 }
            if start > 0, line.matches("From ", at: start) {
                current!.feed(line.slice(1..<bytes.count), number: lineNumber)
            } else {
                current!.feed(bytes, number: lineNumber)
            }
        }
        try finishCurrent()
        return session.summary(sha256: sha256)
    }

    /// The date of `From sender Www Mmm dd hh:mm:ss yyyy`, read in `--timezone` (it has no zone).
    static func envelopeTime(_ line: ByteLine, localTime: LocalTime) -> Timestamp? {
        var i = 5
        while i < line.count, line[i] == 32 { i += 1 }
        guard let senderEnd = line.firstIndex(of: 32, from: i) else { return nil }
        return MailDate.parse(line.slice(senderEnd..<line.count), localTime: localTime)
    }
}
