#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Banners one per line from a file descriptor (stdin), read in 1 MiB chunks and split on `\n` as bytes.
/// Each line gives what `readLine(strippingNewline: true)` followed by `BannerEscapes.decode` gave: `\n`
/// or `\r\n` dropped (a last line without `\n` kept whole), bytes that are not UTF-8 repaired to U+FFFD,
/// escapes decoded; but without a `read` call per line or Foundation.
public enum BannerLines {
    public struct ReadError: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { "cannot read the banners: \(String(cString: strerror(code)))" }
    }

    public static func forEach(fd: Int32 = 0, _ body: (String) throws -> Void) throws {
        try forEachRaw(fd: fd) { try body(banner($0)) }
    }

    /// The lines as their raw bytes (`\n` or `\r\n` dropped, nothing decoded), lent for the call only:
    /// a caller that caches answers by line need not make a String for a line it has seen.
    public static func forEachRaw(fd: Int32 = 0, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var start = 0, end = 0, scanned = 0     // unread lines are buffer[start..<end]; no `\n` in start..<scanned
        while true {
            // Every complete line in the buffer.
            while let nl = newline(in: buffer, from: scanned, to: end) {
                var stop = nl
                if stop > start && buffer[stop - 1] == 13 { stop -= 1 }
                try lend(buffer, start, stop, body)
                start = nl + 1
                scanned = start
            }
            scanned = end
            // Keep the partial line, growing the buffer when one line fills it.
            if start > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    if end > start { memmove(raw.baseAddress!, raw.baseAddress! + start, end - start) }
                }
                end -= start; scanned -= start; start = 0
            }
            if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + end, raw.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(code: errno)
            }
            if n == 0 {
                if end > start { try lend(buffer, start, end, body) }
                return
            }
            end += n
        }
    }

    private static func newline(in buffer: [UInt8], from: Int, to: Int) -> Int? {
        guard from < to else { return nil }
        return buffer.withUnsafeBytes { raw in
            memchr(raw.baseAddress! + from, 10, to - from).map { raw.baseAddress!.distance(to: UnsafeRawPointer($0)) }
        }
    }

    private static func lend(_ buffer: [UInt8], _ start: Int, _ end: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try buffer.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[start..<end])) }
    }

    /// A raw line as the banner it stands for: invalid UTF-8 repaired, escapes decoded.
    public static func banner(_ line: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: line, as: UTF8.self)
        return line.contains(0x5C) ? BannerEscapes.decode(text) : text
    }
}
