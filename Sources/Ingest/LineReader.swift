#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// Streams a file line by line in fixed-size chunks: memory stays bounded whatever the file size.
/// Every byte read also feeds a SHA-256 so the case can recognise a file it already holds.
/// A file already in memory (`FileFacts.contents`) is split the same way, in place.
public struct LineReader {
    public enum ReadError: Error, CustomStringConvertible {
        case open(String, String)
        case read(String, String)
        case lineTooLong(String, Int)

        public var description: String {
            switch self {
            case .open(let path, let why): return "\(path): cannot open: \(why)"
            case .read(let path, let why): return "\(path): read failed: \(why)"
            case .lineTooLong(let path, let line): return "\(path):\(line): line longer than 64 MiB"
            }
        }
    }

    public let path: String
    /// The file's bytes when they are in memory (`FileFacts.contents`); nil: read `path`.
    public let contents: [UInt8]?
    public let chunkSize: Int
    /// False skips the SHA-256 (the benchmark's parse-only path: hashing costs about as much as parsing).
    public let hashing: Bool
    /// A line longer than this is an error rather than unbounded memory.
    public let maxLineLength = 64 << 20

    /// Called with the bytes read so far after each chunk.
    public var bytesRead: (@Sendable (Int) -> Void)?

    public init(path: String, chunkSize: Int = 1 << 20, hashing: Bool = true, bytesRead: (@Sendable (Int) -> Void)? = nil) {
        self.init(file: FileFacts(path: path, modified: 0), chunkSize: chunkSize, hashing: hashing, bytesRead: bytesRead)
    }

    /// Reads `file.contents` when the file is in memory, else `file.path`.
    public init(file: FileFacts, chunkSize: Int = 1 << 20, hashing: Bool = true, bytesRead: (@Sendable (Int) -> Void)? = nil) {
        self.path = file.path
        self.contents = file.contents
        self.chunkSize = chunkSize
        self.hashing = hashing
        self.bytesRead = bytesRead
    }

    /// File modification time (seconds since the epoch).
    public static func modificationTime(_ path: String) -> Timestamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    /// What format detection looks at: the first 64 KiB and the first 16 non-empty lines (nothing for a folder).
    public static func head(_ path: String) throws -> FileHead {
        var isDirectory = false
        var st = stat()
        if stat(path, &st) == 0 { isDirectory = (st.st_mode & S_IFMT) == S_IFDIR }
        if isDirectory { return FileHead(path: path, bytes: [], lines: [], isDirectory: true) }
        return try head(FileFacts(path: path, modified: 0))
    }

    /// The same for a file that may be in memory (never a folder).
    public static func head(_ file: FileFacts) throws -> FileHead {
        let reader = LineReader(file: file)
        let lines = try reader.firstLines(16)
        guard let source = ByteSource(file) else { throw ReadError.open(file.path, String(cString: strerror(errno))) }
        var bytes = [UInt8](repeating: 0, count: 64 << 10)
        let n = bytes.withUnsafeMutableBytes { source.read(into: $0.baseAddress!, count: $0.count) }
        return FileHead(path: file.path, bytes: Array(bytes.prefix(max(0, n))), lines: lines, isDirectory: false)
    }

    /// The first `count` non-empty lines (for format detection), reading at most 256 KiB.
    public func firstLines(_ count: Int) throws -> [[UInt8]] {
        guard let source = ByteSource(FileFacts(path: path, modified: 0, contents: contents)) else {
            throw ReadError.open(path, String(cString: strerror(errno)))
        }
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        let n = buffer.withUnsafeMutableBytes { source.read(into: $0.baseAddress!, count: $0.count) }
        guard n >= 0 else { throw ReadError.read(path, String(cString: strerror(errno))) }
        var lines: [[UInt8]] = []
        for raw in buffer[0..<n].split(separator: UInt8(ascii: "\n")) {
            var line = Array(raw)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            lines.append(line)
            if lines.count == count { break }
        }
        return lines
    }

    /// Calls `body` with each line (line break and a trailing CR removed) and its 1-based number.
    /// Returns the SHA-256 of the whole file.
    @discardableResult
    public func forEachLine(_ body: (ByteLine, Int) throws -> Void) throws -> String {
        var hasher = ContentDigest()
        var carry: [UInt8] = []
        var lineNumber = 0
        var total = 0

        func emit(_ raw: UnsafeRawBufferPointer) throws {
            lineNumber += 1
            var end = raw.count
            if end > 0 && raw[end - 1] == 13 { end -= 1 }
            try body(ByteLine(UnsafeRawBufferPointer(rebasing: raw[0..<end])), lineNumber)
        }

        /// Emits the lines a chunk completes; its unfinished last line waits in `carry` for the next chunk.
        func split(_ chunk: UnsafeRawBufferPointer) throws {
            let n = chunk.count
            guard n > 0 else { return }
            if hashing { hasher.update(chunk) }
            var start = 0
            while let nl = memchr(chunk.baseAddress! + start, 10, n - start) {
                let end = chunk.baseAddress!.distance(to: UnsafeRawPointer(nl))
                if carry.isEmpty {
                    try emit(UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                } else {
                    carry.append(contentsOf: chunk[start..<end])
                    try carry.withUnsafeBytes { try emit($0) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
            if start < n {
                carry.append(contentsOf: chunk[start..<n])
                if carry.count > maxLineLength { throw ReadError.lineTooLong(path, lineNumber + 1) }
            }
        }

        if let contents {
            // In memory: the whole input is one chunk, split in place (no read buffer, no copy).
            try contents.withUnsafeBytes { try split($0) }
            bytesRead?(contents.count)
        } else {
            guard let source = ByteSource(FileFacts(path: path, modified: 0)) else {
                throw ReadError.open(path, String(cString: strerror(errno)))
            }
            var buffer = [UInt8](repeating: 0, count: chunkSize)
            while true {
                let n = buffer.withUnsafeMutableBytes { source.read(into: $0.baseAddress!, count: $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ReadError.read(path, String(cString: strerror(errno)))
                }
                if n == 0 { break }
                total += n
                try buffer.withUnsafeBytes { try split(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                bytesRead?(total)
            }
        }
        if !carry.isEmpty { try carry.withUnsafeBytes { try emit($0) } }
        return hashing ? hasher.finalize() : ""
    }
}
