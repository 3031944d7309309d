/// Vertical columns over ordered categories (histogram bins, time buckets), one segment per series,
/// stacked (spam per class over time) or side by side (two counts per bin), with a y axis of round ticks.
struct SVGColumnChart {
    struct Series {
        var name: String
        var color: String
    }

    struct Column {
        var label: String
        /// One value per series.
        var values: [Double]
        /// Tooltip of the whole column (the series' values are added to it).
        var tip: String
    }

    var label: String
    var series: [Series]
    var columns: [Column]
    var stacked: Bool
    var yTitle: String
    var width: Double = 1000
    var plotHeight: Double = 220
    /// Show the legend even for a single series.
    var alwaysLegend = false

    func render() -> String {
        let left = 58.0, right = 12.0
        let showLegend = series.count > 1 || alwaysLegend
        let legend = showLegend ? SVGElements.legendHeight(series.map(\.name), maxWidth: width - left - right) : 0
        let top = legend + 14
        // Labels turn when they would run into each other.
        let slot = (width - left - right) / Double(max(columns.count, 1))
        let longest = Double(columns.map(\.label.count).max() ?? 0) * 6.5
        let turned = longest > slot * 0.95
        let every = turned ? max(1, Int((20 / slot).rounded(.up))) : 1
        let bottom = turned ? min(longest, 110) * 0.72 + 18 : 30
        let height = top + plotHeight + bottom
        let totals = columns.map { c in stacked ? c.values.reduce(0, +) : (c.values.max() ?? 0) }
        let ticks = ChartAxis.ticks(max: max(totals.max() ?? 0, 1))
        let yMax = ticks.last ?? 1
        let y = { (v: Double) in top + plotHeight - v / yMax * plotHeight }

        var svg = SVGElements(width: width, height: height, label: label)
        if showLegend { svg.legend(series.map { ($0.name, $0.color) }, x: left, y: 12, maxWidth: width - left - right) }
        for t in ticks {
            svg.line(x1: left, y1: y(t), x2: width - right, y2: y(t), stroke: t == 0 ? ChartPalette.neutral : "#e3e7ec")
            svg.text(ChartAxis.label(t), x: left - 6, y: y(t) + 4, anchor: .end, size: 11, fill: ChartPalette.neutral)
        }
        svg.text(yTitle, x: 12, y: top + plotHeight / 2, anchor: .middle, size: 11, fill: ChartPalette.neutral, rotate: -90)

        let inner = slot * 0.8
        for (i, column) in columns.enumerated() {
            let x0 = left + Double(i) * slot + (slot - inner) / 2
            let parts = zip(series, column.values).filter { $0.1 > 0 }
                .map { "\($0.0.name) \(ChartAxis.label($0.1))" }.joined(separator: ", ")
            let tip = column.tip + (parts.isEmpty ? ": none" : ": " + parts)
            if stacked {
                var base = 0.0
                for (s, v) in column.values.enumerated() where v > 0 && s < series.count {
                    svg.rect(x: x0, y: y(base + v), width: inner, height: y(base) - y(base + v), fill: series[s].color, tip: tip)
                    base += v
                }
            } else {
                let w = inner / Double(max(series.count, 1))
                for (s, v) in column.values.enumerated() where v > 0 && s < series.count {
                    svg.rect(x: x0 + Double(s) * w, y: y(v), width: w - 1, height: y(0) - y(v), fill: series[s].color, tip: tip)
                }
            }
            guard i % every == 0 else { continue }
            let cx = left + (Double(i) + 0.5) * slot
            if turned {
                svg.text(column.label, x: cx + 3, y: top + plotHeight + 10, anchor: .end, size: 10, fill: ChartPalette.neutral, rotate: -45)
            } else {
                svg.text(column.label, x: cx, y: top + plotHeight + 16, anchor: .middle, size: 11, fill: ChartPalette.neutral)
            }
        }
        return svg.finished()
    }
}
