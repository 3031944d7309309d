#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One JSON object built straight into bytes, for the output paths that print millions of lines (`export`,
/// `identify … --format jsonl`): no dictionary, no `Any`, no Foundation, and no array bookkeeping per byte
/// (one growing buffer, reused line after line). Callers add keys in sorted order, so the bytes equal what a
/// sorted-keys encoder prints; a `nil` value is written as `null`, never left out.
/// A copy of a `JSONLine` shares its buffer: build each line in one place.
public struct JSONLine {
    private let buffer: LineBuffer
    private var first = true

    public init(capacity: Int = 512) { buffer = LineBuffer(capacity: capacity) }

    /// The line so far, as an array (a copy; `withBytes` lends the bytes without one).
    public var bytes: [UInt8] { withBytes { Array($0) } }

    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer.base, count: buffer.count))
    }

    /// Starts a new object, keeping the buffer's capacity.
    public mutating func begin() {
        buffer.count = 0
        buffer.append(UInt8(ascii: "{"))
        first = true
    }

    /// Closes the object and the line.
    public mutating func end() {
        buffer.append(UInt8(ascii: "}"), 10)
    }

    public mutating func key(_ name: StaticString) {
        let n = name.utf8CodeUnitCount
        buffer.reserve(n + 4)
        if !first { buffer.put(UInt8(ascii: ",")) }
        first = false
        buffer.put(UInt8(ascii: "\""))
        buffer.put(name.utf8Start, n)
        buffer.put(UInt8(ascii: "\""))
        buffer.put(UInt8(ascii: ":"))
    }

    public mutating func string(_ name: StaticString, _ value: String?) {
        key(name)
        guard let value else { return null() }
        appendQuoted(value)
    }

    /// A string given as UTF-8 bytes (as a database holds it); nil is `null`.
    public mutating func string(_ name: StaticString, bytes: UnsafeBufferPointer<UInt8>?) {
        key(name)
        guard let bytes else { return null() }
        appendQuoted(bytes)
    }

    /// `"PREFIX" + decimal number` as one string (a source: `file:line`).
    public mutating func string(_ name: StaticString, prefix: [UInt8], number: Int) {
        key(name)
        buffer.append(UInt8(ascii: "\""))
        prefix.withUnsafeBufferPointer { appendEscaped($0) }
        appendInt(number)
        buffer.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ name: StaticString, _ value: Int?) {
        key(name)
        guard let value else { return null() }
        appendInt(value)
    }

    public mutating func int64(_ name: StaticString, _ value: Int64?) {
        int(name, value.map { Int($0) })
    }

    /// A double as Swift prints it (shortest round-trip form); integral values without a fraction.
    public mutating func double(_ name: StaticString, _ value: Double?) {
        key(name)
        number(value)
    }

    /// A number value (after a `key`): as `double` writes it, `null` when nil or not finite.
    public mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        if value == value.rounded(), abs(value) < 1e15 { appendInt(Int(value)) } else { appendText(value.description) }
    }

    public mutating func bool(_ name: StaticString, _ value: Bool?) {
        key(name)
        guard let value else { return null() }
        appendText(value ? "true" : "false")
    }

    /// A time as RFC 3339 UTC text (the same text as `TimeFormat.rfc3339`). Consecutive lines mostly carry the
    /// same time (rows in time order, SYNs of one second): its text is formatted once and reused.
    public mutating func time(_ name: StaticString, _ value: Timestamp?) {
        key(name)
        guard let value else { return null() }
        if value != buffer.lastTime {
            buffer.lastTime = value
            buffer.timeText.removeAll(keepingCapacity: true)
            TimeFormat.appendRFC3339(value, to: &buffer.timeText)
        }
        buffer.append(UInt8(ascii: "\""))
        buffer.timeText.withUnsafeBufferPointer { buffer.append($0) }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Text that is already JSON (a stored document), written as it is.
    public mutating func raw(_ name: StaticString, json: String?) {
        key(name)
        guard let json else { return null() }
        appendText(json)
    }

    /// A nested object: `body` adds its keys (in sorted order).
    public mutating func object(_ name: StaticString, _ body: (inout JSONLine) -> Void) {
        key(name)
        nested(UInt8(ascii: "{"), UInt8(ascii: "}"), body)
    }

    /// `open`, what `body` adds (its first key or element without a comma), `close`.
    private mutating func nested(_ open: UInt8, _ close: UInt8, _ body: (inout JSONLine) -> Void) {
        buffer.append(open)
        first = true
        body(&self)
        buffer.append(close)
        first = false
    }

    /// A key known only at run time (a dictionary's), escaped as any string.
    public mutating func key(_ name: String) {
        if !first { buffer.append(UInt8(ascii: ",")) }
        first = false
        appendQuoted(name)
        buffer.append(UInt8(ascii: ":"))
    }

    /// A nested array: `body` adds its elements with `element`.
    public mutating func array(_ name: StaticString, _ body: (inout JSONLine) -> Void) {
        key(name)
        nested(UInt8(ascii: "["), UInt8(ascii: "]"), body)
    }

    /// An array of strings, each escaped as `string` does.
    public mutating func strings(_ name: StaticString, _ values: [String]) {
        key(name)
        buffer.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            appendQuoted(value)
        }
        buffer.append(UInt8(ascii: "]"))
    }

    /// One object in an array: `body` adds its keys.
    public mutating func element(_ body: (inout JSONLine) -> Void) {
        if !first { buffer.append(UInt8(ascii: ",")) }
        nested(UInt8(ascii: "{"), UInt8(ascii: "}"), body)
    }

    public mutating func null() {
        buffer.reserve(4)
        buffer.put(UInt8(ascii: "n")); buffer.put(UInt8(ascii: "u")); buffer.put(UInt8(ascii: "l")); buffer.put(UInt8(ascii: "l"))
    }

    private func appendText(_ text: String) {
        var t = text
        t.withUTF8 { buffer.append($0) }
    }

    private func appendInt(_ value: Int) {
        buffer.reserve(21)
        if value >= 0 && value < 10 { buffer.put(UInt8(48 + value)); return }
        if value < 0 { buffer.put(UInt8(ascii: "-")) }
        var v = value.magnitude
        var digits = 0
        var probe = v
        repeat { digits += 1; probe /= 10 } while probe > 0
        let end = buffer.count + digits
        var i = end
        repeat { i -= 1; buffer.base[i] = UInt8(48 + v % 10); v /= 10 } while v > 0
        buffer.count = end
    }

    /// Text already in JSON form (a number, `null`, a bracket), appended as it is.
    public mutating func appendRaw(_ json: String) {
        var s = json
        s.withUTF8 { buffer.append($0) }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`; other text as UTF-8.
    public mutating func appendQuoted(_ value: String) {
        var s = value
        s.withUTF8 { appendQuoted($0) }
    }

    public mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        buffer.append(UInt8(ascii: "\""))
        appendEscaped(utf8)
        buffer.append(UInt8(ascii: "\""))
    }

    private func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            if i > start { buffer.append(UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            start = i + 1
            switch b {
            case 0x22: buffer.append(0x5C, 0x22)
            case 0x5C: buffer.append(0x5C, 0x5C)
            case 0x0A: buffer.append(0x5C, UInt8(ascii: "n"))
            case 0x0D: buffer.append(0x5C, UInt8(ascii: "r"))
            case 0x09: buffer.append(0x5C, UInt8(ascii: "t"))
            case 0x08: buffer.append(0x5C, UInt8(ascii: "b"))
            case 0x0C: buffer.append(0x5C, UInt8(ascii: "f"))
            default:
                let hex: StaticString = "0123456789abcdef"
                let h = hex.utf8Start
                buffer.reserve(6)
                buffer.put(0x5C); buffer.put(UInt8(ascii: "u")); buffer.put(48); buffer.put(48)
                buffer.put(h[Int(b >> 4)]); buffer.put(h[Int(b & 15)])
            }
        }
        if start < utf8.count { buffer.append(UnsafeBufferPointer(rebasing: utf8[start...])) }
    }
}

/// The bytes of a `JSONLine`: one allocation that grows by doubling and is reused for every line.
private final class LineBuffer {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int
    /// The last time written and its RFC 3339 text.
    var lastTime = Double.nan
    var timeText: [UInt8] = []

    init(capacity: Int) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var next = capacity * 2
        while next < needed { next *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: next)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = next
    }

    /// Only after `reserve`.
    @inline(__always) func put(_ b: UInt8) { base[count] = b; count += 1 }

    @inline(__always) func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        // Keys and most values are a few bytes: a plain loop beats a call to memmove.
        if n <= 16 {
            for i in 0..<n { base[count + i] = p[i] }
        } else {
            (base + count).update(from: p, count: n)
        }
        count += n
    }

    @inline(__always) func append(_ b: UInt8) { reserve(1); put(b) }

    @inline(__always) func append(_ a: UInt8, _ b: UInt8) { reserve(2); put(a); put(b) }

    @inline(__always) func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        put(p, bytes.count)
    }
}
