/// One `match` or `softmatch` line, parsed but not yet compiled.
///
/// The grammar is nmap's own (`ServiceProbeMatch::InitMatch` and `next_template` in service_scan.cc):
/// `match <service> m<D>regex<D>[flags] <templates>`, where D is ANY byte that is not a letter or space and
/// the regex ends at the next D (nmap has no escape for the delimiter, so a pattern never contains its own
/// delimiter). Each template is 1–3 letters, a delimiter, text up to the next copy of that delimiter, and up
/// to three flag letters (`cpe:/…/a`); `cpe:` is special in that its text keeps the `cpe:/` prefix and its
/// delimiter must be `/`.
public struct NmapMatchLine: Sendable, Equatable {
    public var isSoft: Bool
    public var service: String
    /// The regex between the delimiters, as bytes (PCRE without UTF: bytes are bytes).
    public var regex: [UInt8]
    public var caseless: Bool
    public var dotAll: Bool
    public var templates: NmapTemplates

    public static func parse(_ line: [UInt8], file: String, lineNumber: Int) throws -> NmapMatchLine {
        func fail(_ message: String) -> NmapParseError { NmapParseError(file: file, line: lineNumber, message: message) }
        var i = 0
        while i < line.count, NmapBytes.isSpace(line[i]) { i += 1 }
        let isSoft: Bool
        if line[i...].starts(with: Array("softmatch ".utf8)) { isSoft = true; i += 10 }
        else if line[i...].starts(with: Array("match ".utf8)) { isSoft = false; i += 6 }
        else { throw fail("line must begin with \"match \" or \"softmatch \"") }

        // The service name runs to the next space, exactly as nmap's strchr(' ') does.
        guard let space = line[i...].firstIndex(of: 0x20), space > i else {
            throw fail("could not find the service name")
        }
        let service = String(decoding: line[i..<space], as: UTF8.self)
        i = space

        guard let regexPart = try nextTemplate(line, from: &i, fail: fail) else { throw fail("missing m<D>regex<D>") }
        guard regexPart.name == "m" else { throw fail("pattern must begin with 'm' (found '\(regexPart.name)')") }
        var caseless = false, dotAll = false
        for flag in regexPart.flags {
            switch flag {
            case "i": caseless = true
            case "s": dotAll = true
            default: throw fail("illegal regexp option '\(flag)' (nmap knows i and s)")
            }
        }

        var templates = NmapTemplates()
        while let template = try nextTemplate(line, from: &i, fail: fail) {
            // Template flags (the `a` of `cpe:/…/a`) are read and ignored, as nmap does.
            guard templates.set(template.name, template.text) else {
                throw fail("unknown template specifier '\(template.name)' (nmap knows p v i h o d cpe:)")
            }
        }
        return NmapMatchLine(isSoft: isSoft, service: service, regex: regexPart.text, caseless: caseless,
                             dotAll: dotAll, templates: templates)
    }

    /// nmap's `next_template`: skips spaces, then reads `name D text D flags`; nil at the end of the line.
    static func nextTemplate(_ line: [UInt8], from i: inout Int,
                             fail: (String) -> NmapParseError) throws -> (name: String, text: [UInt8], flags: String)? {
        var p = i
        while p < line.count, NmapBytes.isSpace(line[p]) { p += 1 }
        guard p < line.count else { i = p; return nil }

        var q = p
        while q < line.count, q - p < 3, NmapBytes.isAlpha(line[q]) { q += 1 }
        let name = String(decoding: line[p..<q], as: UTF8.self)
        let textStart: Int
        let delimiterAt: Int
        if q < line.count, line[q] == 0x3A, name == "cpe" {
            // `cpe:/…/`: the delimiter must be '/', and the text keeps "cpe:/" (nmap stores it that way).
            q += 1
            guard q < line.count, line[q] == 0x2F else { throw fail("cpe: must be followed by '/'") }
            textStart = p
            delimiterAt = q
        } else {
            guard q < line.count, !NmapBytes.isSpace(line[q]) else {
                throw fail("'\(name)' is not followed by a delimiter")
            }
            textStart = q + 1
            delimiterAt = q
        }
        let delimiter = line[delimiterAt]
        guard let close = line[(delimiterAt + 1)...].firstIndex(of: delimiter) else {
            throw fail("missing closing delimiter '\(printable(delimiter))' for '\(name)'")
        }
        let text = Array(line[textStart..<close])

        var f = close + 1
        while f < line.count, f - close - 1 < 3, NmapBytes.isAlpha(line[f]) { f += 1 }
        let flags = String(decoding: line[(close + 1)..<f], as: UTF8.self)
        // nmap demands a space after the flags; the end of the line counts as one (nmap's lines keep their '\n').
        guard f == line.count || NmapBytes.isSpace(line[f]) else {
            throw fail("unexpected '\(printable(line[f]))' after '\(name)\(printable(delimiter))…\(printable(delimiter))\(flags)'")
        }
        i = f
        return (name, text, flags)
    }

    static func printable(_ b: UInt8) -> String {
        NmapBytes.isPrint(b) ? String(UnicodeScalar(b)) : "\\x" + String(b, radix: 16)
    }
}
