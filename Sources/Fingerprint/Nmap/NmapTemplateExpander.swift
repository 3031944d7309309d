/// Fills nmap version-info templates from capture groups, reproducing nmap's `dotmplsubst`/`substvar`
/// (service_scan.cc) byte for byte, including its failure rules, so that a field reads as nmap prints it:
///
/// - `$1`…`$9`: the group's bytes. `$0`, a group the pattern does not have, or a group that did not take part
///   make the whole template fail.
/// - `$P(n)`: the group with every byte outside 0x20–0x7E dropped (for UTF-16-ish "W\0O\0R\0K\0").
/// - `$SUBST(n,"from","to")`: the group with each `from` replaced by `to` (C escapes in both strings).
/// - `$I(n,">")` / `$I(n,"<")`: the group (1–8 bytes) read as an unsigned big/little-endian integer, in decimal.
/// - A template that fails, or whose result does not fit nmap's fixed buffer (80 bytes for most fields, 256
///   for `i/`, 32 for `o/` and `d/`), yields an empty field: nmap warns and prints nothing.
/// - Trailing spaces and commas are trimmed; a substitution stops at its first NUL byte (nmap's C strings).
/// - In `cpe:` templates, substituted text (not the literal text) is lower-cased, spaces become `_` and
///   CPE-reserved characters are %-escaped (`transform_cpe`).
///
/// Where nmap versions differ, this follows nmap's PCRE2 code (7.94+): there an unset group fails cleanly,
/// whereas Debian's 7.93 (PCRE1) aborts on an assertion for an unset group in the middle of the pattern.
public enum NmapTemplateExpander {
    /// nmap's buffer sizes: SERVICE_FIELD_LEN, SERVICE_EXTRA_LEN, SERVICE_TYPE_LEN.
    public static let fieldCapacity = 80
    public static let infoCapacity = 256
    public static let typeCapacity = 32

    static func result(of match: NmapMatch, subject: UnsafeRawBufferPointer, groups: [Range<Int>?]) -> NmapMatchResult {
        let t = match.templates
        func fill(_ template: [UInt8]?, _ capacity: Int) -> String? {
            guard let template, let bytes = expand(template, subject: subject, groups: groups, capacity: capacity),
                  !bytes.isEmpty else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        var result = NmapMatchResult(service: match.service, isSoft: match.isSoft,
                                     product: fill(t.product, fieldCapacity), version: fill(t.version, fieldCapacity),
                                     info: fill(t.info, infoCapacity), hostname: fill(t.hostname, fieldCapacity),
                                     os: fill(t.os, typeCapacity), deviceType: fill(t.deviceType, typeCapacity))
        // nmap keeps one CPE per part (a, h, o): a later template of the same part replaces the earlier one, and
        // a template that fails empties its part. Templates of any other part are ignored with a warning.
        var parts: [UInt8: String] = [:]
        for template in t.cpe {
            guard template.count > 5, template.starts(with: Array("cpe:/".utf8)) else { continue }
            let part = template[5]
            guard part == 0x61 || part == 0x68 || part == 0x6F else { continue }
            if let bytes = expand(template, subject: subject, groups: groups, capacity: fieldCapacity, cpe: true), !bytes.isEmpty {
                parts[part] = String(decoding: bytes, as: UTF8.self)
            } else {
                parts[part] = nil
            }
        }
        result.cpe = [0x61, 0x68, 0x6F].compactMap { parts[$0] }
        return result
    }

    /// `dotmplsubst`: the template filled in, or nil when nmap would leave the field empty.
    public static func expand(_ template: [UInt8], subject: UnsafeRawBufferPointer, groups: [Range<Int>?],
                              capacity: Int, cpe: Bool = false) -> [UInt8]? {
        guard capacity >= 3 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(min(capacity, template.count + 16))
        var i = 0
        while i < template.count {
            guard let dollar = template[i...].firstIndex(of: 0x24) else {
                // Only literal text remains; nmap copies byte by byte while one byte of room is left.
                if out.count + (template.count - i) > capacity - 1 { return nil }
                out.append(contentsOf: template[i...])
                return trimmed(out)
            }
            let literal = dollar - i
            if capacity - out.count <= literal - 1 { return nil }
            out.append(contentsOf: template[i..<dollar])
            guard let (value, end) = substitution(template, at: dollar, subject: subject, groups: groups) else { return nil }
            var piece = value
            if let nul = piece.firstIndex(of: 0) { piece.removeSubrange(nul...) }   // strlen() of nmap's result
            if cpe { piece = transformCPE(piece) }
            if out.count + piece.count >= capacity - 1 { return nil }
            out.append(contentsOf: piece)
            i = end
        }
        if out.count >= capacity - 1 { return nil }
        return trimmed(out)
    }

    /// Removes trailing whitespace and commas, as nmap does to every field.
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var end = bytes.count
        while end > 0, NmapBytes.isSpace(bytes[end - 1]) || bytes[end - 1] == 0x2C { end -= 1 }
        return end == bytes.count ? bytes : Array(bytes[..<end])
    }

    /// `substvar`: the value of the variable starting at `template[dollar]` (a '$') and the index just after it.
    static func substitution(_ template: [UInt8], at dollar: Int, subject: UnsafeRawBufferPointer,
                             groups: [Range<Int>?]) -> (value: [UInt8], end: Int)? {
        var i = dollar + 1
        func group(_ n: Int) -> Range<Int>? {
            guard (1...9).contains(n), n < groups.count else { return nil }
            return groups[n]
        }
        if i < template.count, NmapBytes.isDigit(template[i]) {
            // `$N`: one digit only, so `$10` is group 1 followed by a literal 0.
            guard let range = group(Int(template[i] - 0x30)) else { return nil }
            return (Array(subject[range]), i + 1)
        }
        // A command such as `$P(1)`: its name is everything up to the next '(' (1–15 bytes).
        guard let open = template[i...].firstIndex(of: 0x28), (1...15).contains(open - i) else { return nil }
        let command = String(decoding: template[i..<open], as: UTF8.self)
        i = open + 1
        guard let (args, end) = commandArguments(template, from: i), !args.isEmpty else { return nil }

        switch command {
        case "P":
            guard args.count == 1, case .int(let n) = args[0], let range = group(n) else { return nil }
            return (printableOnly(subject[range]), end)
        case "SUBST":
            guard args.count == 3, case .int(let n) = args[0], case .string(let from) = args[1],
                  case .string(let to) = args[2], let range = group(n) else { return nil }
            return (substitute(in: subject, range: range, from: from, to: to), end)
        case "I":
            guard args.count == 2, case .int(let n) = args[0], case .string(let order) = args[1], let range = group(n),
                  order.count == 1, order[0] == 0x3E || order[0] == 0x3C,
                  let value = unsignedInteger(subject[range], bigEndian: order[0] == 0x3E) else { return nil }
            return (Array(String(value).utf8), end)
        default:
            return nil   // a command nmap does not know
        }
    }

    /// `$P`: keeps only printable ASCII.
    public static func printableOnly<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        bytes.filter(NmapBytes.isPrint)
    }

    /// `$SUBST`: replaces `from` with `to` in `subject[range]`. Like nmap, the comparison may read past the end
    /// of the group into the rest of the subject (nmap's memcmp does), so `from` can straddle the group's end.
    public static func substitute(in subject: UnsafeRawBufferPointer, range: Range<Int>, from: [UInt8], to: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var k = range.lowerBound
        while k < range.upperBound {
            // An empty `from` would loop forever in nmap; here it simply never matches.
            if !from.isEmpty, k + from.count <= subject.count, subject[k..<(k + from.count)].elementsEqual(from) {
                out.append(contentsOf: to)
                k += from.count
            } else {
                out.append(subject[k])
                k += 1
            }
        }
        return out
    }

    /// `$I`: 0–8 bytes as an unsigned integer; nil for more than 8 bytes (nmap refuses to overflow).
    public static func unsignedInteger<C: Collection>(_ bytes: C, bigEndian: Bool) -> UInt64? where C.Element == UInt8 {
        guard bytes.count <= 8 else { return nil }
        let ordered = bigEndian ? Array(bytes) : bytes.reversed()
        return ordered.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// `transform_cpe`: makes substituted text safe inside a CPE URI.
    static func transformCPE(_ bytes: [UInt8]) -> [UInt8] {
        let reserved = Set(":/?#[]@!$&'()*+,;=%<>\"".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if reserved.contains(b) {
                out.append(contentsOf: Array("%".utf8) + Array(hex2(b).utf8))
            } else if NmapBytes.isSpace(b) {
                out.append(0x5F)
            } else if b >= 0x41 && b <= 0x5A {
                out.append(b | 0x20)
            } else {
                out.append(b)
            }
        }
        return out
    }

    private static func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
    }

    enum Argument: Equatable { case int(Int), string([UInt8]) }

    /// `getsubstcommandargs`: comma-separated integers and double-quoted C strings up to ')'. Returns nil on a
    /// syntax error; the index returned is just past the ')'.
    static func commandArguments(_ t: [UInt8], from start: Int) -> (args: [Argument], end: Int)? {
        var args: [Argument] = []
        var i = start
        // Finds the next ',' or ')' and steps over a ','; nmap's strpbrk(",)").
        func advancePastSeparator() -> Bool {
            guard let sep = t[i...].firstIndex(where: { $0 == 0x2C || $0 == 0x29 }) else { return false }
            i = t[sep] == 0x2C ? sep + 1 : sep
            return true
        }
        while i < t.count, t[i] != 0x29 {
            while i < t.count, NmapBytes.isSpace(t[i]) { i += 1 }
            guard i < t.count else { return nil }
            if t[i] == 0x29 { break }
            guard args.count < 5 else { return nil }      // SUBSTARGS_MAX_ARGS
            if t[i] == 0x22 {
                // A quote ends the string unless escaped; `\\"` does end it (nmap's two-byte look-back).
                var raw: [UInt8] = []
                var closed = false
                i += 1
                while i < t.count {
                    if t[i] == 0x22, t[i - 1] != 0x5C || (i >= 2 && t[i - 2] == 0x5C) { closed = true; break }
                    guard raw.count < 127 else { return nil }   // SUBSTARGS_STRLEN
                    raw.append(t[i])
                    i += 1
                }
                guard closed, let value = NmapBytes.unescapeCString(raw) else { return nil }
                args.append(.string(value))
                i += 1
            } else {
                guard let (value, end) = NmapBytes.parseCInteger(t, from: i) else { return nil }
                args.append(.int(value))
                i = end
            }
            guard advancePastSeparator() else { return nil }
        }
        if i < t.count, t[i] == 0x29 { i += 1 }
        return (args, i)
    }
}
