#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// A Maildir folder: one message per file in `cur/` and `new/` (`tmp/` holds deliveries in progress and is
/// skipped). Files are read in the order of their unique names (the part before `:2,FLAGS`), and the
/// folder's SHA-256 covers those names and each file's content. A message a mail reader moved from `new/`
/// to `cur/` or flagged keeps its unique name, so re-importing the folder afterwards adds nothing.
public struct MaildirFormat: FileFormat {
    public static let name = "maildir"
    public static let unitName = "messages"

    private let options: ImportOptions
    private let file: FileFacts

    public init(options: ImportOptions, file: FileFacts) {
        self.options = options
        self.file = file
    }

    public static func sniff(_ head: FileHead) -> Bool {
        head.isDirectory && isDirectory(head.path + "/cur") && isDirectory(head.path + "/new")
    }

    public struct FolderError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// One message file: its sub-folder, file name and unique name.
    struct Entry: Comparable {
        var folder: String
        var name: String
        var unique: String
        var relativePath: String { folder + "/" + name }
        static func < (a: Entry, b: Entry) -> Bool { (a.unique, a.folder, a.name) < (b.unique, b.folder, b.name) }
    }

    public mutating func read(emit: (Evidence) throws -> Void, bad: (BadPlace, String) throws -> Void) throws -> FileSummary {
        var session = try MailSession(options: options)
        let root = file.path
        let entries: [Entry]
        if file.contents != nil {
            // In memory: the bytes are the folder's one message, delivered to new/.
            entries = [MaildirFormat.inMemoryEntry]
        } else {
            guard MaildirFormat.isDirectory(root + "/cur"), MaildirFormat.isDirectory(root + "/new") else {
                throw FolderError(path: root, reason: "not a Maildir (no cur/ and new/ folders)")
            }
            entries = (try MaildirFormat.files(root, "cur") + MaildirFormat.files(root, "new")).sorted()
        }
        var folderHash = ContentDigest()
        for (index, entry) in entries.enumerated() {
            let path = root + "/" + entry.relativePath
            var reader = MessageReader(startLine: 1, envelopeTime: MaildirFormat.deliveryTime(entry.unique))
            let message = FileFacts(path: path, modified: file.modified, contents: file.contents)
            let fileHash = try LineReader(file: message).forEachLine { line, number in reader.feed(line.bytes, number: number) }
            folderHash.update(Array(entry.unique.utf8) + [0] + Array(fileHash.utf8) + [10])
            try session.finish(&reader, source: SourceRef(file: path, line: 1),
                               place: .unit("message \(index + 1) (\(entry.relativePath))"), prefix: "", emit: emit, bad: bad)
        }
        return session.summary(sha256: folderHash.finalize())
    }

    /// The message an in-memory Maildir holds (`FileFacts.contents`).
    static let inMemoryEntry = Entry(folder: "new", name: "1700000000.M1P1.memory", unique: "1700000000.M1P1.memory")

    /// Regular files of `root/folder`, dot files excluded.
    static func files(_ root: String, _ folder: String) throws -> [Entry] {
        let dirPath = root + "/" + folder
        guard let dir = opendir(dirPath) else { throw FolderError(path: dirPath, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var out: [Entry] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            guard !name.hasPrefix("."), isRegularFile(dirPath + "/" + name) else { continue }
            let unique = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
            out.append(Entry(folder: folder, name: name, unique: unique))
        }
        return out
    }

    /// Maildir unique names start with the delivery time in seconds (`1767668645.M1P2.host`).
    static func deliveryTime(_ unique: String) -> Timestamp? {
        let digits = unique.prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 9, digits.count <= 11, unique.dropFirst(digits.count).first == ".", let t = Double(digits) else { return nil }
        return t
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}
