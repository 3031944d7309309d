#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends bytes to a file through a 4 MiB buffer: the generators write gigabytes, so they format numbers
/// and text straight into bytes rather than through Strings.
final class ByteWriter {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var written = 0

    init?(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return nil }
        buffer.reserveCapacity(4 << 20)
    }

    deinit { close(fd) }

    @inline(__always) func byte(_ b: UInt8) { buffer.append(b) }
    func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
    func text(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    /// Decimal, at least `width` digits (zero-padded).
    func decimal(_ value: Int, width: Int = 1) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 } while v > 0 && n < 20
            while n < width && n < 20 { d[n] = 48; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }

    /// Every significant digit (it wrote only the low 16 bits, so bench-case's queue ids repeated every 65,536
    /// messages and 28 of its 700,000 messages shared a queue id and a client with another: one message to Postfix).
    func hex(_ value: Int) {
        let digits: StaticString = "0123456789abcdef"
        var started = false
        for shift in stride(from: 60, through: 0, by: -4) {
            let nibble = (value >> shift) & 0xF
            if nibble != 0 || started || shift == 0 {
                started = true
                buffer.append(digits.utf8Start[nibble])
            }
        }
    }

    // Little-endian and big-endian integers for binary formats.
    func le16(_ v: UInt16) { buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8(v >> 8)) }
    func le32(_ v: UInt32) { le16(UInt16(v & 0xFFFF)); le16(UInt16(v >> 16)) }
    func be16(_ v: UInt16) { buffer.append(UInt8(v >> 8)); buffer.append(UInt8(v & 0xFF)) }
    func be32(_ v: UInt32) { be16(UInt16(v >> 16)); be16(UInt16(v & 0xFFFF)) }

    /// Writes out the buffer once it is large.
    func flushIfFull() throws { if buffer.count >= 4 << 20 { try flush() } }

    func flush() throws {
        var done = 0
        try buffer.withUnsafeBytes { raw in
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BenchError("write failed: \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
