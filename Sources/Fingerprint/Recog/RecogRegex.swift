/// Recog patterns are Ruby regexes. Their semantics in PCRE2 terms (FORMATS.md):
/// `^`/`$` always match at line boundaries (PCRE2 MULTILINE always on); Ruby's MULTILINE — the flags
/// `REG_DOT_NEWLINE`, `REG_LINE_ANY_CRLF`, `REG_MULTILINE` and the inline `(?m)` — means dot-matches-newline
/// (PCRE2 DOTALL, inline `(?s)`); the only line break is `\n`; `\w \d \s` are ASCII (PCRE2 without UCP);
/// `.` takes one character of UTF-8 text and one byte of binary input, as Ruby does.
enum RecogRegex {
    struct FlagError: Error, CustomStringConvertible {
        var flag: String
        var description: String { "unknown Recog flag '\(flag)'" }
    }

    static func options(_ flags: String?) throws -> PCRE2Pattern.Options {
        var options: PCRE2Pattern.Options = [.multiline]
        for flag in (flags ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !flag.isEmpty {
            switch flag {
            case "REG_ICASE", "IGNORECASE": options.insert(.caseless)
            case "REG_DOT_NEWLINE", "REG_LINE_ANY_CRLF", "REG_MULTILINE", "MULTILINE": options.insert(.dotAll)
            default: throw FlagError(flag: flag)
            }
        }
        return options
    }

    /// Rewrites Ruby's inline option `m` to PCRE's `s` in `(?flags)` and `(?flags:` groups; everything else
    /// is left as written (escapes and character classes are skipped so their contents are untouched).
    static func translate(_ pattern: String) -> String {
        let chars = Array(pattern)
        var out = ""
        out.reserveCapacity(chars.count)
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                out.append(c); out.append(chars[i + 1]); i += 2; continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.append(c); i += 1; continue
            }
            if c == "[" { inClass = true; out.append(c); i += 1
                // A `]` right after `[` or `[^` is a literal member.
                if i < chars.count, chars[i] == "^" { out.append("^"); i += 1 }
                if i < chars.count, chars[i] == "]" { out.append("]"); i += 1 }
                continue
            }
            if c == "(", i + 1 < chars.count, chars[i + 1] == "?" {
                var j = i + 2
                var letters = ""
                while j < chars.count, "imx-".contains(chars[j]) { letters.append(chars[j]); j += 1 }
                if !letters.isEmpty, j < chars.count, chars[j] == ")" || chars[j] == ":" {
                    out += "(?" + letters.replacingOccurrences(of: "m", with: "s")
                    i = j
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}

import Foundation
