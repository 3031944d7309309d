/// The report's recurring pieces: a section with its anchor, a chart with its caption, a table of figures.
extension HTMLWriter {
    /// `<section id=…><h2>title</h2>`; the caller writes the body and `close("section")`.
    mutating func section(id: String, title: String) {
        newline()
        open("section", ["id": id])
        element("h2", [:], title)
    }

    /// A chart (markup built by this module) and its caption.
    mutating func figure(_ svg: String, caption: String) {
        open("figure", ["class": "keep"])
        markup(svg)
        element("figcaption", [:], caption)
        close("figure")
    }

    /// A plain table: a header row, then rows of cells; columns in `numeric` align right.
    mutating func table(headers: [String], rows: [[String]], numeric: Set<Int> = [], className: String? = nil) {
        if let className { open("table", ["class": className]) } else { open("table") }
        open("thead"); open("tr")
        for (i, h) in headers.enumerated() {
            if numeric.contains(i) { open("th", ["class": "num"]) } else { open("th") }
            text(h); close("th")
        }
        close("tr"); close("thead"); open("tbody")
        for row in rows {
            open("tr")
            for (i, cell) in row.enumerated() {
                if numeric.contains(i) { open("td", ["class": "num"]) } else { open("td") }
                text(cell); close("td")
            }
            close("tr")
        }
        close("tbody"); close("table")
    }

    /// The numbers behind a chart, folded away on screen (and left out in print, where the chart stands).
    mutating func figuresBehind(headers: [String], rows: [[String]], numeric: Set<Int>) {
        open("details", ["class": "figures"])
        element("summary", [:], "the figures")
        table(headers: headers, rows: rows, numeric: numeric)
        close("details")
    }

    /// A paragraph of text.
    mutating func paragraph(_ value: String, className: String? = nil) {
        if let className { element("p", ["class": className], value) } else { element("p", [:], value) }
    }
}
