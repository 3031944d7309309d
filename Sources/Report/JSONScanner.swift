/// Just enough of a JSON reader to walk one object line token by token, on its bytes: the CSV export needs
/// each top-level value's exact text (or a string's unescaped bytes), which a decoder into values loses.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let line: Int
    private(set) var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        self.bytes = bytes
        self.line = line
    }

    func error(_ what: String) -> CSVExportError {
        CSVExportError(description: "export line \(line): \(what) (byte \(at))")
    }

    /// The next byte after white space, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        while at < bytes.count, JSONScanner.isSpace(bytes[at]) { at += 1 }
        return at < bytes.count ? bytes[at] : nil
    }

    mutating func expect(_ byte: UInt8) throws {
        guard peek() == byte else { throw error("expected '\(Character(UnicodeScalar(byte)))'") }
        at += 1
    }

    /// Nothing but white space (the line's newline) is left.
    mutating func expectEnd() throws {
        if peek() != nil { throw error("text after the object") }
    }

    /// A string's content, unescaped, as UTF-8 bytes.
    mutating func string(into out: inout [UInt8]) throws {
        try expect(UInt8(ascii: "\""))
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"): try escape(into: &out)
            default: out.append(byte)
            }
        }
        throw error("unterminated string")
    }

    /// A nested array or object, as its JSON text (strings inside may hold brackets).
    mutating func nested() throws -> Slice<UnsafeBufferPointer<UInt8>> {
        _ = peek()
        let start = at
        var depth = 0
        var inString = false
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            if inString {
                if byte == UInt8(ascii: "\\") { at += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return bytes[start..<at] }
            default: break
            }
        }
        throw error("unterminated array or object")
    }

    /// A number, `true`, `false` or `null`: the bytes up to the next separator.
    mutating func literal() throws -> Slice<UnsafeBufferPointer<UInt8>> {
        _ = peek()
        let start = at
        while at < bytes.count, !JSONScanner.isSpace(bytes[at]),
              bytes[at] != UInt8(ascii: ","), bytes[at] != UInt8(ascii: "}"), bytes[at] != UInt8(ascii: "]") {
            at += 1
        }
        guard at > start else { throw error("expected a value") }
        return bytes[start..<at]
    }

    private mutating func escape(into out: inout [UInt8]) throws {
        guard at < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[at]
        at += 1
        switch byte {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar), at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                let resume = at
                at += 2
                let low = try hex4()
                if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) } else { at = resume }
            }
            // A lone surrogate is no character: U+FFFD, as a UTF-8 decoder would read it.
            out.append(contentsOf: String(Character(UnicodeScalar(scalar) ?? "\u{FFFD}")).utf8)
        default: out.append(byte)   // `"`, `\`, `/`
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[at..<(at + 4)], as: UTF8.self), radix: 16) else {
            throw error("bad \\u escape")
        }
        at += 4
        return value
    }
}
