/// Builds an HTML page as text. Tag and attribute names come from this module's code; every text and
/// attribute value goes through `HTMLEscape`, so no caller writes unescaped data by accident. `markup`
/// takes fragments this module built (SVG charts) and nothing else.
public struct HTMLWriter {
    public private(set) var html = ""

    public init(capacity: Int = 1 << 16) { html.reserveCapacity(capacity) }

    /// `<tag a="v" …>`: attribute values escaped.
    public mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:]) {
        html += "<\(tag)"
        for (name, value) in attributes { html += " \(name)=\"\(HTMLEscape.text(value))\"" }
        html += ">"
    }

    public mutating func close(_ tag: StaticString) { html += "</\(tag)>" }

    /// Escaped text.
    public mutating func text(_ value: String) { html += HTMLEscape.text(value) }

    /// Escaped text, at most `limit` characters of it.
    public mutating func text(_ value: String, limit: Int) { html += HTMLEscape.text(value, limit: limit) }

    /// Words of this module's own that show an escape as written (`\x1b`): for no data whatsoever.
    mutating func prose(_ own: String) { html += HTMLEscape.prose(own) }

    /// `<tag …>text</tag>`.
    public mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], _ value: String) {
        open(tag, attributes)
        text(value)
        close(tag)
    }

    /// A fragment built by this module (a chart), already escaped where it holds data.
    mutating func markup(_ fragment: String) { html += fragment }

    /// A line break in the source, for a readable page source.
    public mutating func newline() { html += "\n" }
}
