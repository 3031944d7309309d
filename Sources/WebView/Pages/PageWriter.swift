import Report

/// Builds a page as text. Tag and attribute names are literals of this module; every text and attribute
/// value goes through Report's `HTMLEscape` (markup characters as entities, control characters as visible
/// `\x1b`-style escapes), so no data reaches the page unescaped. The only unescaped text is `markup`, which
/// takes literals of this module (the style sheet) and nothing else.
struct PageWriter {
    private(set) var html = ""

    init(capacity: Int = 1 << 15) { html.reserveCapacity(capacity) }

    /// `<tag a="v" …>`; attribute values escaped.
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:]) {
        html += "<\(tag)"
        for (name, value) in attributes { html += " \(name)=\"\(HTMLEscape.text(value))\"" }
        html += ">"
    }

    mutating func close(_ tag: StaticString) { html += "</\(tag)>" }

    /// Escaped text.
    mutating func text(_ value: String) { html += HTMLEscape.text(value) }

    /// Escaped text, at most `limit` characters of it (a banner cannot make a row a megabyte long).
    mutating func text(_ value: String, limit: Int) { html += HTMLEscape.text(value, limit: limit) }

    /// `<tag>text</tag>`.
    mutating func element(_ tag: StaticString, _ value: String) { element(tag, [:], value) }

    /// `<tag>text</tag>`, at most `limit` characters of the text.
    mutating func element(_ tag: StaticString, _ value: String, limit: Int) { element(tag, [:], value, limit: limit) }

    /// `<tag …>text</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String>, _ value: String) {
        open(tag, attributes)
        text(value)
        close(tag)
    }

    /// `<tag …>text</tag>`, at most `limit` characters of the text.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String>, _ value: String, limit: Int) {
        open(tag, attributes)
        text(value, limit: limit)
        close(tag)
    }

    /// `<a href="…">text</a>`: `href` is a path this module built (`WebPaths`), escaped as any attribute.
    mutating func link(_ href: String, _ value: String) { element("a", ["href": href], value) }

    /// A literal of this module (style sheet, doctype): never data.
    mutating func markup(_ literal: StaticString) { html += "\(literal)" }

    /// A line break in the page source, for a readable source.
    mutating func newline() { html += "\n" }

    /// A table row of cells given as text.
    mutating func row(_ cells: [String], header: Bool = false) {
        open("tr")
        for cell in cells { if header { element("th", cell) } else { element("td", cell) } }
        close("tr")
        newline()
    }
}
