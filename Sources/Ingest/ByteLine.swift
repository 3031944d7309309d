#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore

/// A view of one line's bytes. Importers scan bytes, building Strings only for the few fields they keep.
public struct ByteLine {
    public let bytes: UnsafeRawBufferPointer

    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var count: Int { bytes.count }
    public var isEmpty: Bool { bytes.isEmpty }

    public subscript(i: Int) -> UInt8 { bytes[i] }

    public func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    public func string(_ range: Range<Int>) -> String {
        String(decoding: slice(range), as: UTF8.self)
    }

    /// First `byte` in `start..<end` (the line's end when nil). `memchr` scans many bytes per step.
    @inline(__always)
    public func firstIndex(of byte: UInt8, from start: Int = 0, to end: Int? = nil) -> Int? {
        let stop = Swift.min(end ?? bytes.count, bytes.count)
        guard start >= 0, start < stop, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(byte), stop - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// First occurrence of `needle` at or after `start`.
    public func find(_ needle: StaticString, from start: Int = 0) -> Int? {
        let n = needle.utf8Start
        let m = needle.utf8CodeUnitCount
        guard m > 0, bytes.count >= m else { return nil }
        let last = bytes.count - m
        var i = start
        // Jump between occurrences of the first byte; compare the rest only there.
        while i <= last, let at = firstIndex(of: n[0], from: i, to: last + 1) {
            var j = 1
            while j < m && bytes[at + j] == n[j] { j += 1 }
            if j == m { return at }
            i = at + 1
        }
        return nil
    }

    @inline(__always)
    public func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let m = literal.utf8CodeUnitCount
        guard offset >= 0, offset + m <= bytes.count, let base = bytes.baseAddress else { return false }
        return memcmp(base + offset, literal.utf8Start, m) == 0
    }

    /// Decimal digits in `range`, nil when any byte is not a digit or the range is empty.
    public func integer(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var v = 0
        for i in range {
            let b = bytes[i]
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }

    public func ip(_ range: Range<Int>) -> IPAddress? {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        return IPAddress(bytes: slice(range))
    }

    /// The line as text for messages, shortened and with control characters made visible.
    public var preview: String {
        TerminalText.escape(string(0..<Swift.min(bytes.count, 120)))
    }
}
