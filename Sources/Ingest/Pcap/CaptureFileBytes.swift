#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back through one fixed buffer: capture readers ask for a record at a time, so
/// memory stays bounded by the buffer plus the largest record they accept.
final class CaptureFileBytes {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// Bytes consumed so far (for messages).
    private(set) var offset = 0

    init(path: String, bufferSize: Int = 1 << 20) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CaptureIssue(file: path, packet: nil, reason: "cannot open: \(String(cString: strerror(errno)))") }
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    deinit { close(fd) }

    /// Up to `count` bytes; fewer only at the end of the file.
    func read(_ count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if start == end {
                try refill()
                if start == end { break }
            }
            let take = min(count - out.count, end - start)
            out.append(contentsOf: buffer[start..<(start + take)])
            start += take
        }
        offset += out.count
        return out
    }

    /// Skips up to `count` bytes; returns how many were there.
    func skip(_ count: Int) throws -> Int {
        var left = count
        while left > 0 {
            if start == end {
                try refill()
                if start == end { break }
            }
            let take = min(left, end - start)
            start += take
            left -= take
        }
        offset += count - left
        return count - left
    }

    private func refill() throws {
        guard !atEOF else { return }
        start = 0
        end = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CaptureIssue(file: path, packet: nil, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { atEOF = true }
            end = n
            return
        }
    }
}

/// The C library's read(2), named apart from `CaptureFileBytes.read`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
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
}
