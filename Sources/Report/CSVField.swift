/// RFC 4180 fields and records, written as bytes. A field holding a comma, a double quote, CR or LF is
/// quoted, its quotes doubled; every other byte is kept as it is, so attacker-written text (HELO names,
/// banners) comes back from any RFC 4180 reader exactly as it went in. No formula guard (a leading `'`
/// before `=`, `+`, `-`, `@`): that would change values (negative weights, the text itself); docs/EXPORTS.md.
public enum CSVField {
    /// Records end in CRLF (RFC 4180 section 2.1), also the last one.
    public static let recordEnd: [UInt8] = [13, 10]

    /// Appends one field. An empty string is written as `""`, so it stays apart from a missing value (JSON
    /// `null`: nothing between the separators), as PostgreSQL's CSV does.
    public static func append<C: Collection>(_ value: C, to out: inout [UInt8]) where C.Element == UInt8 {
        guard !value.isEmpty, !value.contains(where: needsQuotes) else {
            out.append(quote)
            for byte in value {
                if byte == quote { out.append(quote) }
                out.append(byte)
            }
            out.append(quote)
            return
        }
        out.append(contentsOf: value)
    }

    /// One header or data row: the fields joined by commas, then CRLF.
    public static func record(_ fields: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(comma) }
            append(Array(field.utf8), to: &out)
        }
        out.append(contentsOf: recordEnd)
        return out
    }

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == quote || byte == comma || byte == 13 || byte == 10
    }
}
