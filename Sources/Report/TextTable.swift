import BotCensusCore

/// A plain-text table with aligned columns. Cells are escaped: they may hold attacker-written text.
public struct TextTable {
    public enum Alignment { case left, right }
    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Per row, per cell: the colour it takes when the table is rendered with colour (nil: plain).
    var colours: [[TerminalColour?]] = []

    public init(headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    public mutating func add(_ cells: [String], colours: [TerminalColour?] = []) {
        rows.append(cells.map(TerminalText.escape))
        self.colours.append(colours)
    }

    /// `colour`: wrap the coloured cells in SGR sequences (widths are the text's own, so columns still align).
    public func render(colour: Bool = false) -> String {
        var widths = headers.map { $0.count }
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String], _ styles: [TerminalColour?]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                let shown = colour && i < styles.count ? styles[i].map { $0.wrap(cell) } ?? cell : cell
                return alignments[i] == .right ? pad + shown : (i == cells.count - 1 ? shown : shown + pad)
            }.joined(separator: "  ")
        }
        var out = line(headers, []) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for (k, row) in rows.enumerated() { out += line(row, colours[k]) + "\n" }
        return out
    }
}
