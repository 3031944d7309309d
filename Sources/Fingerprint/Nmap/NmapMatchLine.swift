/// One `match` or `softmatch` line, parsed but not yet compiled.
///
/// The grammar is nmap's own (`ServiceProbeMatch::InitMatch` and `next_template` in service_scan.cc):
/// `match <service> m<D>regex<D>[flags] <templates>`, where D is any byte but a letter, ':' or space, and
/// the regex ends at the next D (nmap has no escape for the delimiter, so a pattern never contains its own
/// delimiter). Each template is a name (`p v i h o d cpe:`), any delimiter, text up to the next copy of
/// that delimiter, and optional flag letters (`cpe:/…/a`), which nmap ignores.
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

    /// nmap's `next_template` in its older form, which Debian's 7.93 file needs (its line 11999 has
    /// `cpe:|h:siemens:315-2pn/dp|`, which nmap's current parser rejects): skips spaces, then reads a name of
    /// letters and colons, the delimiter right after it, the text up to the next copy of the delimiter, and
    /// the letters after it as flags. nil at the end of the line.
    static func nextTemplate(_ line: [UInt8], from i: inout Int,
                             fail: (String) -> NmapParseError) throws -> (name: String, text: [UInt8], flags: String)? {
        var p = i
        while p < line.count, NmapBytes.isSpace(line[p]) { p += 1 }
        guard p < line.count else { i = p; return nil }

        var q = p
        while q < line.count, NmapBytes.isAlpha(line[q]) || line[q] == 0x3A { q += 1 }
        let name = String(decoding: line[p..<q], as: UTF8.self)
        guard q < line.count, !NmapBytes.isSpace(line[q]) else {
            throw fail("'\(name)' is not followed by a delimiter")
        }
        let delimiter = line[q]
        guard let close = line[(q + 1)...].firstIndex(of: delimiter) else {
            throw fail("missing closing delimiter '\(printable(delimiter))' for '\(name)'")
        }
        var text = Array(line[(q + 1)..<close])
        // `cpe:/a:x:y/` and `cpe:|a:x:y|` alike store "cpe:/a:x:y": nmap puts the "cpe:/" prefix back.
        if name == "cpe:" { text = Array("cpe:/".utf8) + text }

        var f = close + 1
        while f < line.count, NmapBytes.isAlpha(line[f]) { f += 1 }
        let flags = String(decoding: line[(close + 1)..<f], as: UTF8.self)
        // The next template must be separated by a space. nmap would instead fail on a nameless template;
        // saying what follows the flags is clearer.
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
