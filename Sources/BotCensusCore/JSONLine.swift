/// One JSON object built straight into bytes, for the output paths that print millions of lines (`export`,
/// `identify … --format jsonl`): no dictionary, no `Any`, no Foundation. Callers add keys in sorted order, so
/// the bytes equal what a sorted-keys encoder prints; a `nil` value is written as `null`, never left out.
public struct JSONLine: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var first = true

    public init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// Starts a new object, keeping the buffer's capacity.
    public mutating func begin() {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    /// Closes the object and the line.
    public mutating func end() {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(10)
    }

    public mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
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

    /// Bytes already formatted (a time shared by consecutive rows), quoted as they are.
    public mutating func quotedVerbatim(_ name: StaticString, _ text: [UInt8]) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text)
        bytes.append(UInt8(ascii: "\""))
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
        guard let value, value.isFinite else { return null() }
        if value == value.rounded(), abs(value) < 1e15 { appendInt(Int(value)) } else { bytes.append(contentsOf: value.description.utf8) }
    }

    public mutating func bool(_ name: StaticString, _ value: Bool?) {
        key(name)
        guard let value else { return null() }
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// A time as RFC 3339 UTC text (the same text as `TimeFormat.rfc3339`).
    public mutating func time(_ name: StaticString, _ value: Timestamp?) {
        key(name)
        guard let value else { return null() }
        bytes.append(UInt8(ascii: "\""))
        TimeFormat.appendRFC3339(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Text that is already JSON (a stored document), written as it is.
    public mutating func raw(_ name: StaticString, json: String?) {
        key(name)
        guard let json else { return null() }
        bytes.append(contentsOf: json.utf8)
    }

    /// A nested object: `body` adds its keys (in sorted order).
    public mutating func object(_ name: StaticString, _ body: (inout JSONLine) -> Void) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        first = true
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    public mutating func null() { bytes.append(contentsOf: "null".utf8) }

    private mutating func appendInt(_ value: Int) {
        if value >= 0 && value < 10 { bytes.append(UInt8(48 + value)); return }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + v % 10); v /= 10; n += 1 } while v > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            while n > 0 { n -= 1; bytes.append(d[n]) }
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`; other text as UTF-8.
    public mutating func appendQuoted(_ value: String) {
        var s = value
        s.withUTF8 { appendQuoted($0) }
    }

    public mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
            if i > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            start = i + 1
            bytes.append(0x5C)
            switch b {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            default:
                let hex: StaticString = "0123456789abcdef"
                hex.withUTF8Buffer { h in
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 48, 48, h[Int(b >> 4)], h[Int(b & 15)]])
                }
            }
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension TimeFormat {
    /// RFC 3339 UTC into a byte buffer, by civil-date arithmetic (no `gmtime`, no String): the same text as
    /// `rfc3339(_:)`, whole seconds or microseconds.
    public static func appendRFC3339(_ t: Timestamp, to out: inout [UInt8]) {
        let whole = t.rounded(.down)
        var micros = Int(((t - whole) * 1_000_000).rounded())
        var seconds = Int(whole)
        if micros == 1_000_000 { micros = 0 } // as rfc3339(_:) prints it: the second stays
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        seconds -= days * 86400
        // Civil from days (Howard Hinnant's algorithm).
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func digits(_ v: Int, _ width: Int) {
            var d = 1
            for _ in 1..<width { d *= 10 }
            var v = v
            if v >= d * 10 { out.append(contentsOf: String(v).utf8); return }
            while d > 0 { out.append(UInt8(48 + v / d)); v %= d; d /= 10 }
        }
        digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
        out.append(UInt8(ascii: "T")); digits(seconds / 3600, 2); out.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2); out.append(UInt8(ascii: ":")); digits(seconds % 60, 2)
        if micros != 0 { out.append(UInt8(ascii: ".")); digits(micros, 6) }
        out.append(UInt8(ascii: "Z"))
    }
}
