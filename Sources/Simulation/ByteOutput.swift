#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// A buffered byte writer: lines are appended as bytes and written in 1 MiB blocks, never kept as Strings.
public final class ByteOutput {
    private var buffer: [UInt8] = []
    private let file: UnsafeMutablePointer<FILE>
    public let path: String
    public private(set) var bytesWritten = 0
    public private(set) var lines = 0

    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws {
        guard let f = fopen(path, "wb") else { throw OpenError(description: "\(path): cannot create (\(String(cString: strerror(errno))))") }
        file = f
        self.path = path
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    @inline(__always) public func byte(_ b: UInt8) { buffer.append(b) }
    @inline(__always) public func ascii(_ s: StaticString) {
        s.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }
    public func text(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }
    public func bytes(_ b: [UInt8]) { buffer.append(contentsOf: b) }
    /// A non-negative integer in decimal.
    public func int(_ value: Int) {
        if value < 0 { byte(45); int(-value); return }
        if value < 10 { byte(48 + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 { d[count] = 48 + UInt8(n % 10); n /= 10; count += 1 }
            while count > 0 { count -= 1; buffer.append(d[count]) }
        }
    }
    /// Two digits, zero-padded.
    @inline(__always) public func two(_ v: Int) { byte(48 + UInt8(v / 10)); byte(48 + UInt8(v % 10)) }
    public func ipv4(_ a: UInt32) {
        int(Int(a >> 24)); byte(46); int(Int(a >> 16 & 255)); byte(46); int(Int(a >> 8 & 255)); byte(46); int(Int(a & 255))
    }
    /// A JSON string (quotes included), escaped the way Go's encoder does (`<`, `>`, `&` as \u00XX).
    public func jsonString(_ s: String) {
        byte(34)
        for b in s.utf8 {
            switch b {
            case 34: byte(92); byte(34)
            case 92: byte(92); byte(92)
            case 10: byte(92); byte(110)
            case 13: byte(92); byte(114)
            case 9: byte(92); byte(116)
            case 60, 62, 38, 0..<32:
                ascii("\\u00"); let hex: [UInt8] = Array("0123456789abcdef".utf8); byte(hex[Int(b >> 4)]); byte(hex[Int(b & 15)])
            default: byte(b)
            }
        }
        byte(34)
    }
    /// Ends a line; flushes when the buffer is full.
    @inline(__always) public func newline() {
        buffer.append(10)
        lines += 1
        if buffer.count >= 1 << 20 { flush() }
    }
    /// Ends a binary record (a pcap packet): counted like a line; flushes when the buffer is full.
    @inline(__always) public func endRecord() {
        lines += 1
        if buffer.count >= 1 << 20 { flush() }
    }
    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
    public func close() throws {
        flush()
        let failed = ferror(file) != 0
        fclose(file)
        if failed { throw OpenError(description: "\(path): write failed") }
    }
}

extension CivilTime {
    static let monthNames: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

extension ByteOutput {
    /// `2026-01-06T02:34:00Z`
    func rfc3339(_ t: Int) {
        let c = CivilTime(t)
        int(c.year); byte(45); two(c.month); byte(45); two(c.day); byte(84)
        two(c.hour); byte(58); two(c.minute); byte(58); two(c.second); byte(90)
    }
    /// Classic syslog `Jan  6 02:34:00`
    func syslogTime(_ t: Int) {
        let c = CivilTime(t)
        ascii(CivilTime.monthNames[c.month - 1]); byte(32)
        if c.day < 10 { byte(32); byte(48 + UInt8(c.day)) } else { two(c.day) }
        byte(32); two(c.hour); byte(58); two(c.minute); byte(58); two(c.second)
    }
    /// p0f `[2026/01/06 02:34:00]`
    func p0fTime(_ t: Int) {
        let c = CivilTime(t)
        byte(91); int(c.year); byte(47); two(c.month); byte(47); two(c.day); byte(32)
        two(c.hour); byte(58); two(c.minute); byte(58); two(c.second); byte(93)
    }
}
