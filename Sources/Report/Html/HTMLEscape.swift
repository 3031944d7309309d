import BotCensusCore

/// Text into HTML (element content, quoted attribute values, SVG text alike). Banners, HELO names, subjects
/// and headers are written by attackers: markup characters become entities, so `<script>` stays text, and
/// control characters (ESC sequences, NUL, CR, bidi overrides) become visible escapes (`\x1b`, `\x00`) as on
/// a terminal (`TerminalText`), so nothing in the page is hidden or reordered by them.
public enum HTMLEscape {
    public static func text(_ raw: String) -> String {
        let visible = TerminalText.escape(raw)
        var out = ""
        out.reserveCapacity(visible.utf8.count + 16)
        for scalar in visible.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// This module's own words (never data): markup characters escaped, nothing else, so a sentence may name
    /// an escape such as `\x1b` as it is written.
    static func prose(_ own: String) -> String {
        var out = ""
        for ch in own {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// At most `limit` characters of `raw` (an ellipsis marks the cut), escaped: one banner cannot make a
    /// table row a megabyte long.
    public static func text(_ raw: String, limit: Int) -> String {
        guard raw.count > limit else { return text(raw) }
        return text(String(raw.prefix(limit))) + "…"
    }
}
