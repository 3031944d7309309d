/// The reliability diagram: for verdicts grouped by stated confidence, how often the named class was right.
/// A calibrated method's bars reach the diagonal; bars below it are overconfident, above it cautious.
struct SVGReliabilityDiagram {
    struct Bin {
        var low: Double
        var high: Double
        var count: Int
        var accuracy: Double?
        var meanConfidence: Double?
    }

    var label: String
    var bins: [Bin]
    var size: Double = 340

    func render() -> String {
        let left = 52.0, top = 14.0, plot = size - left - 40
        let width = left + plot + 210, height = top + plot + 44
        let x = { (v: Double) in left + v * plot }
        let y = { (v: Double) in top + plot - v * plot }
        var svg = SVGElements(width: width, height: height, label: label)
        for t in stride(from: 0.0, through: 1.0001, by: 0.2) {
            svg.line(x1: x(0), y1: y(t), x2: x(1), y2: y(t), stroke: t == 0 ? ChartPalette.neutral : "#e3e7ec")
            svg.text(ChartAxis.label(t, percent: true), x: left - 6, y: y(t) + 4, anchor: .end, size: 11, fill: ChartPalette.neutral)
            svg.text(ChartAxis.label(t, percent: true), x: x(t), y: y(0) + 16, anchor: .middle, size: 11, fill: ChartPalette.neutral)
        }
        for b in bins {
            guard let accuracy = b.accuracy, b.count > 0 else { continue }
            let tip = "confidence \(ReportNumbers.decimal(b.low, digits: 1))–\(ReportNumbers.decimal(b.high, digits: 1)): "
                + "\(b.count) verdicts, right \(ReportNumbers.percent(accuracy))"
                + (b.meanConfidence.map { ", mean confidence \(ReportNumbers.percent($0))" } ?? "")
            svg.rect(x: x(b.low) + 1, y: y(accuracy), width: x(b.high) - x(b.low) - 2, height: y(0) - y(accuracy),
                     fill: ChartPalette.botcensus, tip: tip)
            if let m = b.meanConfidence { svg.circle(cx: x(m), cy: y(accuracy), r: 3.5, fill: "#1d232b", tip: tip) }
            svg.text("n=\(b.count)", x: (x(b.low) + x(b.high)) / 2, y: y(accuracy) - 4, anchor: .middle, size: 10, fill: ChartPalette.neutral)
        }
        svg.line(x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: "#c0392b", width: 1.5, dashed: true)
        svg.text("stated confidence", x: x(0.5), y: y(0) + 34, anchor: .middle, size: 11, fill: ChartPalette.neutral)
        svg.text("share right", x: 12, y: y(0.5), anchor: .middle, size: 11, fill: ChartPalette.neutral, rotate: -90)
        svg.rect(x: x(1) + 20, y: y(0.9) - 10, width: 12, height: 12, fill: ChartPalette.botcensus)
        svg.text("share right in the bin", x: x(1) + 37, y: y(0.9), size: 11)
        svg.line(x1: x(1) + 20, y1: y(0.8) - 4, x2: x(1) + 32, y2: y(0.8) - 4, stroke: "#c0392b", width: 1.5, dashed: true)
        svg.text("perfectly calibrated", x: x(1) + 37, y: y(0.8), size: 11)
        svg.circle(cx: x(1) + 26, cy: y(0.7) - 4, r: 3.5, fill: "#1d232b")
        svg.text("mean stated confidence", x: x(1) + 37, y: y(0.7), size: 11)
        return svg.finished()
    }
}
