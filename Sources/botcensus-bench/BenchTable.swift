/// The benchmarks' tables as text: left-aligned columns two spaces apart, the last column unpadded.
enum BenchTable {
    static func text(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { c in c == row.count - 1 ? row[c] : row[c].padding(toLength: widths[c] + 2, withPad: " ", startingAt: 0) }.joined()
        }.joined(separator: "\n")
    }
}
