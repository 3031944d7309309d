import BotCensusCore

/// `TextTable`'s output byte for byte (left-aligned columns, cells escaped with `TerminalText`), for the
/// `identify` tables of hundreds of thousands of rows: a cell's width is measured once when it is added,
/// printable ASCII (nearly every cell) skips the escaping and the character count, and rows are written
/// as bytes to the buffered stdout rather than joined into one String.
public struct ByteTable {
    private let headers: [String]
    private var widths: [Int]
    private var cells: [String] = []

    public init(headers: [String]) {
        self.headers = headers
        widths = headers.map(\.count)
    }

    public var isEmpty: Bool { cells.isEmpty }

    public mutating func add(_ row: [String]) {
        for (i, cell) in row.enumerated() {
            let (text, width) = Self.escaped(cell)
            cells.append(text)
            if width > widths[i] { widths[i] = width }
        }
    }

    public func write(to out: BufferedOutput) {
        var line: [UInt8] = []
        func emit<C: Collection>(_ row: C) where C.Element == String {
            line.removeAll(keepingCapacity: true)
            for (i, cell) in row.enumerated() {
                if i > 0 { line.append(32); line.append(32) }
                line.append(contentsOf: cell.utf8)
                // The last column is not padded (as TextTable leaves it).
                if i < widths.count - 1 { line.append(contentsOf: repeatElement(32, count: max(0, widths[i] - Self.width(cell)))) }
            }
            line.append(10)
            out.write(line)
        }
        emit(headers)
        line.removeAll(keepingCapacity: true)
        for (i, w) in widths.enumerated() {
            if i > 0 { line.append(32); line.append(32) }
            line.append(contentsOf: repeatElement(UInt8(ascii: "-"), count: w))
        }
        line.append(10)
        out.write(line)
        var start = 0
        while start < cells.count {
            emit(cells[start..<(start + widths.count)])
            start += widths.count
        }
    }

    /// The cell as TextTable prints it and its width in characters.
    private static func escaped(_ cell: String) -> (String, Int) {
        if isPlain(cell) { return (cell, cell.utf8.count) }
        let text = TerminalText.escape(cell)
        return (text, text.count)
    }

    private static func width(_ cell: String) -> Int { isPlain(cell) ? cell.utf8.count : cell.count }

    /// Printable ASCII without `\`: TerminalText leaves it as it is, one character per byte.
    private static func isPlain(_ cell: String) -> Bool {
        cell.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }
    }
}
