/// Turns a match line's regex bytes into the text `PCRE2Pattern` compiles, rewriting it only when needed.
///
/// Measured on Debian 12's nmap 7.93 file: PCRE2 10.42 compiles all 11,917 patterns exactly as written (nmap
/// 7.94+ itself compiles the same data with PCRE2), so no PCRE1→PCRE2 rewrite is applied. The one rewrite
/// kept is for files that are not UTF-8: `PCRE2Pattern` takes a Swift `String`, which cannot carry stray
/// bytes, so each byte ≥ 0x80 becomes `\xHH` — the same byte to PCRE without UTF.
enum NmapPatternSource {
    static let byteEscapeRewrite = "non-UTF-8 bytes as \\xHH"

    /// The pattern text and the name of the rewrite applied, if any.
    static func text(for regex: [UInt8]) -> (text: String, rewrite: String?) {
        // Decoding repairs invalid UTF-8; if the bytes survive unchanged, they were valid.
        let text = String(decoding: regex, as: UTF8.self)
        if text.utf8.elementsEqual(regex) { return (text, nil) }
        return (escapingHighBytes(regex), byteEscapeRewrite)
    }

    /// Writes every byte ≥ 0x80 as `\xHH`. A backslash in front of such a byte only made it literal, so it is
    /// dropped; inside `\Q…\E` the quote is closed around the escape, since escapes are not read there.
    static func escapingHighBytes(_ regex: [UInt8]) -> String {
        var out = ""
        var quoted = false
        var i = 0
        while i < regex.count {
            let b = regex[i]
            if b == 0x5C, i + 1 < regex.count {
                let next = regex[i + 1]
                if quoted {
                    // Inside \Q…\E only \E means anything; another backslash is a literal byte.
                    if next == 0x45 { out += "\\E"; quoted = false; i += 2; continue }
                } else {
                    if next >= 0x80 { out += hex(next, quoted: false); i += 2; continue }
                    if next == 0x51 { quoted = true }
                    out.unicodeScalars.append(UnicodeScalar(b)); out.unicodeScalars.append(UnicodeScalar(next))
                    i += 2
                    continue
                }
            }
            if b >= 0x80 { out += hex(b, quoted: quoted) } else { out.unicodeScalars.append(UnicodeScalar(b)) }
            i += 1
        }
        return out
    }

    private static func hex(_ b: UInt8, quoted: Bool) -> String {
        let escape = "\\x" + (b < 0x10 ? "0" : "") + String(b, radix: 16, uppercase: true)
        return quoted ? "\\E" + escape + "\\Q" : escape
    }
}
