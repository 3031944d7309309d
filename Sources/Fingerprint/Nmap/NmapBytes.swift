/// Byte-level helpers with the C locale's meaning, because nmap parses its probe file and fills its templates
/// with `<ctype.h>` in the C locale: only ASCII letters are letters, and bytes ≥ 0x80 are nothing at all.
enum NmapBytes {
    /// `isspace`: space, \t, \n, \v, \f, \r.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    /// `isprint`: 0x20 through 0x7E.
    @inline(__always) static func isPrint(_ b: UInt8) -> Bool { b >= 0x20 && b <= 0x7E }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// nmap's `cstring_unescape`: `\0 \a \b \f \n \r \t \v \xHH`; a backslash before any other letter or digit
    /// is an error (nmap refuses octal such as `\015`); before anything else it just yields that byte.
    /// Used for probe strings and for the string arguments of `$SUBST`.
    static func unescapeCString<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i != text.endIndex {
            let b = text[i]
            i = text.index(after: i)
            guard b == 0x5C else { out.append(b); continue }
            guard i != text.endIndex else { return nil }    // a lone trailing backslash
            let e = text[i]
            i = text.index(after: i)
            switch e {
            case 0x30: out.append(0)                          // \0
            case 0x61: out.append(0x07)                       // \a
            case 0x62: out.append(0x08)                       // \b
            case 0x66: out.append(0x0C)                       // \f
            case 0x6E: out.append(0x0A)                       // \n
            case 0x72: out.append(0x0D)                       // \r
            case 0x74: out.append(0x09)                       // \t
            case 0x76: out.append(0x0B)                       // \v
            case 0x78:                                        // \xHH, exactly two hex digits
                guard i != text.endIndex, let hi = hexValue(text[i]) else { return nil }
                i = text.index(after: i)
                guard i != text.endIndex, let lo = hexValue(text[i]) else { return nil }
                i = text.index(after: i)
                out.append(hi << 4 | lo)
            default:
                if isAlnum(e) { return nil }
                out.append(e)
            }
        }
        return out
    }

    /// `strtol(s, &end, 0)` narrowed to `int`: leading space, a sign, then `0x` hex, `0` octal or decimal.
    /// Returns nil when no digits were read (nmap's `p <= args_start` test).
    static func parseCInteger(_ bytes: [UInt8], from start: Int) -> (value: Int, end: Int)? {
        var i = start
        while i < bytes.count, isSpace(bytes[i]) { i += 1 }
        var negative = false
        if i < bytes.count, bytes[i] == 0x2B || bytes[i] == 0x2D { negative = bytes[i] == 0x2D; i += 1 }
        var base = 10
        if i < bytes.count, bytes[i] == 0x30 {
            if i + 2 < bytes.count, bytes[i + 1] | 0x20 == 0x78, hexValue(bytes[i + 2]) != nil { base = 16; i += 2 } else { base = 8 }
        }
        let digitsStart = i
        var value = 0
        while i < bytes.count, let d = hexValue(bytes[i]), Int(d) < base {
            value = value &* base &+ Int(d)
            if value > Int(Int32.max) { value = Int(Int32.max) + 1 }   // saturate: only small numbers are meaningful
            i += 1
        }
        guard i > digitsStart else { return nil }
        return (negative ? -value : value, i)
    }
}
