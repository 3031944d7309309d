/// Content-Transfer-Encoding of a body part, decoded line by line so a body of any size is read in
/// constant memory (a base64 line may end mid-quantum; a quoted-printable line may end in a soft break).
enum TransferEncoding: Sendable, Equatable {
    case identity, quotedPrintable, base64

    /// `7bit`, `8bit`, `binary` and unknown values are read as they are.
    init(header value: ArraySlice<UInt8>?) {
        let text = value.map { String(decoding: $0, as: UTF8.self).lowercased() } ?? ""
        let token = text.split(separator: ";").first?.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? ""
        switch token {
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        default: self = .identity
        }
    }
}

/// Decodes one body part's lines into the bytes the sender wrote.
struct TransferDecoder {
    let encoding: TransferEncoding
    private var base64 = Base64Decoder()

    init(_ encoding: TransferEncoding) { self.encoding = encoding }

    /// Decodes one line (without its line break); `out` receives the bytes, line breaks included.
    mutating func feed(_ line: UnsafeRawBufferPointer, out: (UInt8) -> Void) {
        switch encoding {
        case .identity:
            for b in line { out(b) }
            out(10)
        case .base64:
            for b in line where Base64Decoder.value(b) != nil { base64.feed(b, out: out) }
        case .quotedPrintable:
            // Trailing white space is transport padding (RFC 2045 §6.7 rule 3).
            var end = line.count
            while end > 0, line[end - 1] == 32 || line[end - 1] == 9 { end -= 1 }
            var softBreak = false
            var i = 0
            while i < end {
                let b = line[i]
                if b == UInt8(ascii: "=") {
                    if i + 1 == end { softBreak = true; break }
                    if i + 2 < end, let hi = Hex.value(line[i + 1]), let lo = Hex.value(line[i + 2]) {
                        out(hi << 4 | lo)
                        i += 3
                        continue
                    }
                }
                out(b) // a stray `=` is kept, as RFC 2045 advises readers to do
                i += 1
            }
            if !softBreak { out(10) }
        }
    }
}

/// Streaming base64: bits are carried across calls, so input may be split anywhere.
struct Base64Decoder {
    private var bits: UInt32 = 0
    private var bitCount = 0
    private var symbols = 0

    /// False when the input so far ends with a lone sixth of a quantum (invalid base64).
    var isAligned: Bool { symbols % 4 != 1 }

    /// Feeds one alphabet character (callers skip everything else).
    @inline(__always) mutating func feed(_ c: UInt8, out: (UInt8) -> Void) {
        guard let v = Base64Decoder.value(c) else { return }
        symbols += 1
        bits = bits << 6 | UInt32(v)
        bitCount += 6
        if bitCount >= 8 {
            bitCount -= 8
            out(UInt8(truncatingIfNeeded: bits >> UInt32(bitCount)))
            bits &= (1 << UInt32(bitCount)) - 1
        }
    }

    @inline(__always) static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 65...90: return c - 65
        case 97...122: return c - 71
        case 48...57: return c + 4
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62 // `-`: the URL-safe alphabet some spam tools use
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return nil
        }
    }
}
