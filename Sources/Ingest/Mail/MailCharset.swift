/// The character sets raw mail is read in. Spam headers and bodies are often mislabelled or carry 8-bit bytes
/// with no label at all, so decoding is lenient where it has to guess and refuses only unknown labels.
enum MailCharset: Sendable, Equatable {
    case utf8, latin1, latin9, windows1252, ascii

    /// A MIME charset label (case-insensitive, common aliases); nil for a charset not read here.
    init?(label: some StringProtocol) {
        var name = label.lowercased()
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) } // RFC 2231 language suffix
        switch String(name.map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819": self = .latin1
        case "iso-8859-15", "iso8859-15", "latin9", "latin-9", "l9": self = .latin9
        case "windows-1252", "cp1252", "x-cp1252", "win-1252": self = .windows1252
        case "us-ascii", "ascii", "ansi-x3.4-1968", "iso646-us": self = .ascii
        default: return nil
        }
    }

    /// Text of `bytes` in this charset. UTF-8 that does not validate and 8-bit bytes labelled US-ASCII fall
    /// back to Windows-1252 (a superset of Latin-1 for the printable range): mislabelled mail is common and a
    /// readable guess serves better than replacement characters.
    func decode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        switch self {
        case .utf8, .ascii:
            if let s = String(validating: bytes, as: UTF8.self) { return s }
            return MailCharset.windows1252.decode(bytes)
        case .latin1, .latin9, .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes { scalars.append(scalar(b)) }
            return String(scalars)
        }
    }

    /// The character of one byte in a single-byte charset (UTF-8 and ASCII: Latin-1 for bytes above 0x7F).
    func scalar(_ b: UInt8) -> Unicode.Scalar {
        switch self {
        case .windows1252 where b >= 0x80 && b < 0xA0:
            return Unicode.Scalar(MailCharset.cp1252High[Int(b - 0x80)])!
        case .latin9:
            switch b {
            case 0xA4: return "\u{20AC}"
            case 0xA6: return "\u{0160}"
            case 0xA8: return "\u{0161}"
            case 0xB4: return "\u{017D}"
            case 0xB8: return "\u{017E}"
            case 0xBC: return "\u{0152}"
            case 0xBD: return "\u{0153}"
            case 0xBE: return "\u{0178}"
            default: return Unicode.Scalar(b)
            }
        default:
            return Unicode.Scalar(b)
        }
    }

    /// True for charsets with one byte per character (their bytes above 0x7F need transcoding to UTF-8).
    var isSingleByte: Bool { self == .latin1 || self == .latin9 || self == .windows1252 }

    /// Windows-1252 0x80–0x9F; the five unassigned bytes map to the C1 control of the same value, as WHATWG does.
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

/// Header text with no charset label: UTF-8 when it validates, else Latin-1 (RFC 6532 allows UTF-8 in
/// headers; older mailers wrote raw 8-bit Latin-1).
enum MailText {
    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return MailCharset.latin1.decode(bytes)
    }
}
