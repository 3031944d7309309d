/// The few SVG shapes the charts draw, as markup. Every text (labels, tooltips) is escaped here; colours
/// and numbers come from this module.
struct SVGElements {
    private(set) var markup = ""

    /// Opens an `<svg>` sized `width`×`height` that scales down with the page; `label` is its accessible name.
    init(width: Double, height: Double, label: String) {
        let w = ReportNumbers.coordinate(width), h = ReportNumbers.coordinate(height)
        markup = "<svg class=\"chart\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-label=\"\(HTMLEscape.text(label))\">"
        markup += "<title>\(HTMLEscape.text(label))</title>"
    }

    private func n(_ x: Double) -> String { ReportNumbers.coordinate(x) }

    /// A filled rectangle with a tooltip.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tip: String? = nil) {
        markup += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
        if let tip { markup += "><title>\(HTMLEscape.text(tip))</title></rect>" } else { markup += "/>" }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false) {
        markup += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        markup += dashed ? " stroke-dasharray=\"4 3\"/>" : "/>"
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, tip: String? = nil) {
        markup += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
        if let tip { markup += "><title>\(HTMLEscape.text(tip))</title></circle>" } else { markup += "/>" }
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ value: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       fill: String = "#1d232b", bold: Bool = false, rotate: Double? = nil) {
        markup += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\""
        if anchor != .start { markup += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { markup += " font-weight=\"600\"" }
        if let rotate { markup += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        markup += ">\(HTMLEscape.text(value))</text>"
    }

    /// A legend: a swatch and a name per entry, left to right from (`x`, `y`), wrapping at `maxWidth`.
    mutating func legend(_ entries: [(name: String, color: String)], x: Double, y: Double, maxWidth: Double) {
        for (e, at) in zip(entries, Self.legendPlaces(entries.map(\.name), maxWidth: maxWidth)) {
            rect(x: x + at.x, y: y + at.y - 10, width: 12, height: 12, fill: e.color)
            text(e.name, x: x + at.x + 17, y: y + at.y, size: 12)
        }
    }

    /// Where each legend entry goes (offsets from the legend's origin); rows are 18 apart.
    static func legendPlaces(_ names: [String], maxWidth: Double) -> [(x: Double, y: Double)] {
        var cx = 0.0, cy = 0.0
        return names.map { name in
            let w = 17 + Double(name.count) * 7 + 16
            if cx + w > maxWidth && cx > 0 { cx = 0; cy += 18 }
            defer { cx += w }
            return (cx, cy)
        }
    }

    /// Height a legend of `names` takes.
    static func legendHeight(_ names: [String], maxWidth: Double) -> Double {
        names.isEmpty ? 0 : (legendPlaces(names, maxWidth: maxWidth).last!.y + 22)
    }

    /// Closes the `<svg>` and returns its markup.
    func finished() -> String { markup + "</svg>" }
}
