#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a reader's bytes come from: a file on disk, or bytes already in memory (`FileFacts.contents`: the
/// fuzzer's inputs). `LineReader`, `CaptureFileBytes` and `XMLInputStream` pull through it, so every parser
/// runs the same code on both and needs no scratch file to read bytes it was handed.
final class ByteSource {
    let path: String
    private let fd: Int32
    /// The bytes when in memory; nil for a file.
    let memory: [UInt8]?
    private var position = 0

    /// Opens `file`: its in-memory contents when it has them, else its path. Nil when the file cannot be
    /// opened, with `errno` telling why (callers word the error their own way, as before).
    init?(_ file: FileFacts) {
        path = file.path
        if let bytes = file.contents {
            memory = bytes
            fd = -1
        } else {
            memory = nil
            fd = open(file.path, O_RDONLY)
            if fd < 0 { return nil }
        }
    }

    convenience init?(path: String) { self.init(FileFacts(path: path, modified: 0)) }

    deinit { if fd >= 0 { close(fd) } }

    /// Bytes not read yet, when known (in memory); nil for a file.
    var knownRemaining: Int? { memory.map { $0.count - position } }

    /// Like read(2): up to `count` bytes into `buffer`; 0 at the end; -1 with `errno` set when a file read fails.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        guard let memory else { return systemRead(fd, buffer, count) }
        let n = min(count, memory.count - position)
        guard n > 0 else { return 0 }
        memory.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}

/// The C library's read(2), named apart from `ByteSource.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
