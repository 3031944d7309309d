/// Horizontal bars, one group per row and one bar per series (the 2014 method, botcensus, the truth):
/// comparisons of shares or counts across categories. Each bar carries its value as text.
struct SVGBarChart {
    struct Series {
        var name: String
        var color: String
    }

    struct Row {
        var label: String
        /// One value per series; nil draws no bar (the series has no figure for this row).
        var values: [Double?]
        /// Text at the end of each bar.
        var valueLabels: [String]
    }

    var label: String
    var series: [Series]
    var rows: [Row]
    /// The value the full bar width stands for (at least the largest value).
    var scaleMax: Double
    var width: Double = 1000
    var labelWidth: Double = 170

    func render() -> String {
        let barHeight = 14.0, gap = 10.0
        let legendWidth = width - labelWidth
        let legend = series.count > 1 ? SVGElements.legendHeight(series.map(\.name), maxWidth: legendWidth) : 0
        let groupHeight = Double(series.count) * barHeight + gap
        let top = legend + 4
        let height = top + Double(rows.count) * groupHeight + 4
        let plotWidth = width - labelWidth - 70
        let scale = scaleMax > 0 ? plotWidth / scaleMax : 0
        var svg = SVGElements(width: width, height: height, label: label)
        if series.count > 1 {
            svg.legend(series.map { ($0.name, $0.color) }, x: labelWidth, y: 12, maxWidth: legendWidth)
        }
        for (r, row) in rows.enumerated() {
            let y0 = top + Double(r) * groupHeight
            svg.text(row.label, x: labelWidth - 8, y: y0 + groupHeight / 2 + 2, anchor: .end, size: 12)
            for (s, value) in row.values.enumerated() where s < series.count {
                let y = y0 + Double(s) * barHeight
                let text = s < row.valueLabels.count ? row.valueLabels[s] : ""
                guard let value else {
                    svg.text("–", x: labelWidth + 4, y: y + barHeight - 3, size: 11, fill: ChartPalette.neutral)
                    continue
                }
                let w = max(value * scale, value > 0 ? 1 : 0)
                svg.rect(x: labelWidth, y: y, width: w, height: barHeight - 2, fill: series[s].color,
                         tip: "\(row.label), \(series[s].name): \(text)")
                svg.text(text, x: labelWidth + w + 4, y: y + barHeight - 3, size: 11, fill: ChartPalette.neutral)
            }
        }
        svg.line(x1: labelWidth, y1: top - 2, x2: labelWidth, y2: height - 2, stroke: ChartPalette.neutral)
        return svg.finished()
    }
}
