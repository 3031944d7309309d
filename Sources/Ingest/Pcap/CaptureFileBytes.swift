#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// Reads a file front to back through one buffer and lends out records in place: capture readers take a
/// record header, then the record, as views into the buffer, so reading a packet allocates nothing.
/// Memory stays bounded by the buffer, which grows only to hold the largest record a reader accepts.
/// Every byte read can also feed a SHA-256 (the case recognises a file it already holds by its content).
final class CaptureFileBytes {
    let path: String
    private let source: ByteSource
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var hasher: ContentDigest?
    /// Bytes consumed so far (for messages).
    private(set) var offset = 0

    init(_ file: FileFacts, bufferSize: Int = 1 << 20, hashing: Bool = false) throws {
        path = file.path
        guard let source = ByteSource(file) else {
            throw CaptureIssue(file: path, packet: nil, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.source = source
        // Bytes in memory need no more room than they take (a fuzzer's input is a few KiB, not 1 MiB).
        capacity = max(min(bufferSize, file.contents?.count ?? bufferSize), 16)
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        hasher = hashing ? ContentDigest() : nil
    }

    deinit {
        buffer.deallocate()
    }

    /// The next `count` bytes as a view that stays valid until the next `take`, `read` or `skip`; shorter
    /// only at the end of the file.
    func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        if end - start < count { try fill(count) }
        let n = min(count, end - start)
        let view = UnsafeRawBufferPointer(start: buffer + start, count: n)
        start += n
        offset += n
        return view
    }

    /// Up to `count` bytes, copied; fewer only at the end of the file.
    func read(_ count: Int) throws -> [UInt8] {
        Array(try take(count))
    }

    /// Skips up to `count` bytes; returns how many were there.
    func skip(_ count: Int) throws -> Int {
        var left = count
        while left > 0 {
            if start == end {
                try fill(1)
                if start == end { break }
            }
            let n = min(left, end - start)
            start += n
            left -= n
        }
        offset += count - left
        return count - left
    }

    /// SHA-256 of everything read so far; the whole file's once a reader has reached its end. Reads the rest
    /// of the file first, so a reader that stopped early (a fatal framing error) still names the file.
    func finishHash() throws -> String {
        while !atEOF {
            start = end
            try fill(1)
        }
        return hasher?.finalize() ?? ""
    }

    /// Makes at least `count` bytes (or all that is left) contiguous from `start`.
    private func fill(_ count: Int) throws {
        if start > 0 {
            // Keep the unread tail; it moves to the front (records are small against the buffer).
            let left = end - start
            if left > 0 { memmove(buffer, buffer + start, left) }
            start = 0
            end = left
        }
        // Bytes in memory: a record header claiming more than is left grows nothing (the view is cut short anyway).
        var count = count
        if let left = source.knownRemaining { count = min(count, max(end + left, 1)) }
        if count > capacity {
            let grown = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
            grown.copyMemory(from: buffer, byteCount: end)
            buffer.deallocate()
            buffer = grown
            capacity = count
        }
        while end < count && !atEOF {
            let n = source.read(into: buffer + end, count: capacity - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw CaptureIssue(file: path, packet: nil, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { atEOF = true; break }
            hasher?.update(UnsafeRawBufferPointer(start: buffer + end, count: n))
            end += n
        }
    }
}

/// Integer fields in the byte order a capture file (or one pcapng section) was written in.
struct CaptureByteOrder {
    var bigEndian: Bool

    func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        bigEndian ? UInt16(b[i]) << 8 | UInt16(b[i + 1]) : UInt16(b[i + 1]) << 8 | UInt16(b[i])
    }

    func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        bigEndian ? UInt32(u16(b, i)) << 16 | UInt32(u16(b, i + 2)) : UInt32(u16(b, i + 2)) << 16 | UInt32(u16(b, i))
    }

    func u64(_ b: [UInt8], _ i: Int) -> UInt64 {
        bigEndian ? UInt64(u32(b, i)) << 32 | UInt64(u32(b, i + 4)) : UInt64(u32(b, i + 4)) << 32 | UInt64(u32(b, i))
    }

    // The same reads over a view into the file buffer (the allocation-free path).
    @inline(__always) func u16(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt16 {
        let v = b.loadUnaligned(fromByteOffset: i, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }

    @inline(__always) func u32(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        let v = b.loadUnaligned(fromByteOffset: i, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }
}
