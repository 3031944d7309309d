import Foundation
import Synchronization

/// A Recog folder's files by key, each key's files read when the key is first wanted: `identify --field
/// http.server` needs one file of ~50, and reading (parsing, compiling, building prefilters) all of them
/// was most of its start-up. The key of a file is read from its root element's attributes alone.
final class RecogKeyIndex: Sendable {
    /// Paths by key, in name order.
    let paths: [String: [String]]
    private let loaded: Mutex<[String: Result<[RecogFile], RecogFile.LoadError>]>

    /// Every file's key from its first bytes; a file whose root element cannot be read that way is read whole.
    init(directory: String, names: [String]) throws {
        var paths: [String: [String]] = [:]
        var loaded: [String: [RecogFile]] = [:]
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            if let key = RecogKeyIndex.rootKey(path: path) {
                paths[key, default: []].append(path)
            } else {
                let file = try RecogFile.load(path: path)
                paths[file.key, default: []].append(path)
                loaded[file.key, default: []].append(file)
            }
        }
        self.paths = paths
        // A key with a file already read whole is read whole now too, so its files stay in one list.
        var done: [String: Result<[RecogFile], RecogFile.LoadError>] = [:]
        for key in loaded.keys {
            done[key] = .success(RecogKeyIndex.sorted(try paths[key]!.map { path in
                try loaded[key]!.first { $0.path == path } ?? RecogFile.load(path: path)
            }))
        }
        self.loaded = Mutex(done)
    }

    /// Already-read files (a single Recog file given as the database).
    init(files: [String: [RecogFile]]) {
        paths = files.mapValues { $0.map(\.path) }
        loaded = Mutex(files.mapValues { .success($0) })
    }

    /// The key's files by preference (highest first), reading them on first use.
    func files(_ key: String) throws -> [RecogFile] {
        guard let keyPaths = paths[key] else { return [] }
        if let done = loaded.withLock({ $0[key] }) { return try done.get() }
        // Read outside the lock: another key's reader need not wait. A race reads a key twice, same result.
        let result: Result<[RecogFile], RecogFile.LoadError> = Result {
            let files = try keyPaths.map { path in
                let file = try RecogFile.load(path: path)
                guard file.key == key else {
                    throw RecogFile.LoadError(path: path, line: 0, reason: "root element's key '\(file.key)' was read as '\(key)'")
                }
                return file
            }
            return RecogKeyIndex.sorted(files)
        }.mapError { $0 as? RecogFile.LoadError ?? RecogFile.LoadError(path: keyPaths[0], line: 0, reason: "\($0)") }
        return try loaded.withLock { table in
            if let done = table[key] { return done }
            table[key] = result
            return result
        }.get()
    }

    /// Files in name order, then by preference as the eager loader sorted them.
    private static func sorted(_ files: [RecogFile]) -> [RecogFile] {
        var files = files
        files.sort { $0.preference > $1.preference }
        return files
    }

    /// The `matches` attribute (else the base name) of the file's `<fingerprints>` root element, when it
    /// appears plainly in the first 64 KiB (no entity or odd quoting in the value); nil otherwise.
    static func rootKey(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 1 << 16) else { return nil }
        let bytes = [UInt8](head)
        let tag = Array("<fingerprints".utf8)
        var i = 0
        var found: Int?
        while i + tag.count < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                // Skip the declaration, comments and doctype; the first other element must be the root.
                if bytes[i + 1] == UInt8(ascii: "?") || bytes[i + 1] == UInt8(ascii: "!") {
                    let close: [UInt8] = bytes[i + 1] == UInt8(ascii: "!") && bytes[i + 2] == UInt8(ascii: "-") ? Array("-->".utf8) : [UInt8(ascii: ">")]
                    guard let end = index(of: close, in: bytes, from: i + 2) else { return nil }
                    i = end + close.count
                    continue
                }
                guard Array(bytes[i..<(i + tag.count)]) == tag, [32, 9, 10, 13, UInt8(ascii: ">")].contains(bytes[i + tag.count]) else { return nil }
                found = i + tag.count
                break
            }
            i += 1
        }
        guard let start = found, let end = bytes[start...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
        let attributes = bytes[start..<end]
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // ` matches="…"` (Recog writes double quotes); anything else is left to the XML parser.
        let list = Array(attributes)
        guard let at = index(of: Array("matches=".utf8), in: list, from: 0), at > 0, [32, 9, 10, 13].contains(list[at - 1]) else {
            // Without a `matches` attribute the key is the base name; a `matches` written otherwise is left to the parser.
            return index(of: Array("matches".utf8), in: list, from: 0) == nil ? base : nil
        }
        let rest = list[(at + 8)...]
        guard rest.first == UInt8(ascii: "\""), let close = rest.dropFirst().firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        let value = rest[(rest.startIndex + 1)..<close]
        guard !value.contains(UInt8(ascii: "&")), !value.contains(UInt8(ascii: "<")) else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    private static func index(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
