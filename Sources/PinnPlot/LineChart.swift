import Foundation

/// One data series of a line chart: a line, markers, or both.
public struct LineSeries {
    /// How points are marked.
    public enum Marker: Sendable {
        case none
        case disc(radius: Double)
        case circle(radius: Double)
    }

    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var color: RGB
    /// Stroke width of the line; 0 draws no line.
    public var lineWidth: Double
    /// Dash pattern (on, off… pixels); empty is solid.
    public var dash: [Double]
    public var marker: Marker

    public init(
        label: String, x: [Double], y: [Double], color: RGB, lineWidth: Double = 2.2,
        dash: [Double] = [], marker: Marker = .none
    ) {
        precondition(x.count == y.count, "a series needs as many x as y values")
        self.label = label
        self.x = x
        self.y = y
        self.color = color
        self.lineWidth = lineWidth
        self.dash = dash
        self.marker = marker
    }
}

/// A vertical reference line across a chart (e.g. the end of the training window).
public struct VerticalMarker {
    public var x: Double
    public var label: String
    public var color: RGB
    public init(x: Double, label: String, color: RGB = RGB(hex: 0x777777)) {
        self.x = x
        self.label = label
        self.color = color
    }
}

/// An x–y chart with a linear x axis and a linear or logarithmic y axis, grid lines, a legend,
/// axis labels and a title.
public struct LineChart {
    public var series: [LineSeries]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var yScale: AxisScale.Kind = .linear
    /// Axis ranges (default: the data's, widened to nice numbers or whole decades).
    public var xRange: (lo: Double, hi: Double)?
    public var yRange: (lo: Double, hi: Double)?
    public var markers: [VerticalMarker] = []
    public var showLegend = true
    /// Put the legend to the right of the plot area instead of inside it. The space is reserved
    /// even when `showLegend` is off, so stacked charts with the same series keep aligned axes.
    public var legendOutside = false
    public var style = PlotStyle()

    public init(series: [LineSeries], title: String, xLabel: String, yLabel: String, yScale: AxisScale.Kind = .linear) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yScale = yScale
    }

    /// The x range: `xRange`, or the extent of the data (not widened: a time or step axis ends where the data does).
    func resolvedXRange() -> (lo: Double, hi: Double) {
        if let xRange { return xRange }
        let xs = series.flatMap(\.x).filter(\.isFinite)
        guard let lo = xs.min(), let hi = xs.max() else { return (0, 1) }
        return hi > lo ? (lo, hi) : (lo - 0.5, hi + 0.5)
    }

    /// The y range: `yRange`, or the data's extent widened to nice ticks (linear) or whole decades (log).
    func resolvedYRange() -> (lo: Double, hi: Double) {
        if let yRange { return yRange }
        var ys = series.flatMap(\.y).filter(\.isFinite)
        if yScale == .logarithmic { ys = ys.filter { $0 > 0 } }
        guard let lo = ys.min(), let hi = ys.max() else { return yScale == .logarithmic ? (1e-3, 1) : (0, 1) }
        switch yScale {
        case .linear:
            return NiceTicks.looseRange(lo: lo, hi: hi, count: 6)
        case .logarithmic:
            let a = pow(10, log10(lo).rounded(.down)), b = pow(10, log10(hi).rounded(.up))
            return b > a ? (a, b) : (a / 10, b * 10)
        }
    }

    /// Left and right margins forced on the plot area (pixels), so stacked charts line up; nil
    /// lets the chart size them from its tick labels and legend (`requiredMargins`).
    public var margins: (left: Double, right: Double)?

    /// The ticks and labels of both axes.
    private func ticks() -> (x: [Double], xLabels: [String], y: [Double], yLabels: [String], yMinor: [Double]) {
        let (x0, x1) = resolvedXRange(), (y0, y1) = resolvedYRange()
        let xTicks = NiceTicks.linear(lo: x0, hi: x1, count: 6)
        let xLabels = NiceTicks.labels(for: xTicks, step: NiceTicks.step(lo: x0, hi: x1, count: 6))
        switch yScale {
        case .linear:
            let yTicks = NiceTicks.linear(lo: y0, hi: y1, count: 6)
            return (
                xTicks, xLabels, yTicks, NiceTicks.labels(for: yTicks, step: NiceTicks.step(lo: y0, hi: y1, count: 6)),
                []
            )
        case .logarithmic:
            let yTicks = NiceTicks.logarithmic(lo: y0, hi: y1, maxCount: 10)
            let decades = log10(y1) - log10(y0)
            let minor =
                decades > 12
                ? []
                : stride(from: log10(y0).rounded(.down), to: log10(y1), by: 1).flatMap { k in
                    (2...9).map { Double($0) * pow(10, k) }
                }.filter { $0 > y0 && $0 < y1 }
            return (xTicks, xLabels, yTicks, yTicks.map(NiceTicks.decadeLabel), minor)
        }
    }

    /// The margins the chart needs left of the plot area (tick labels and the axis label) and
    /// right of it (the legend when outside).
    public func requiredMargins(font: Font) -> (left: Double, right: Double) {
        let axes = AxisPainter(font: font, style: style)
        let left = axes.widest(ticks().yLabels) + style.tickLength + 16 + Double(style.labelSize) * 1.3
        return (left, 32 + (legendOutside ? legendSize(font: font).width + 24 : 0))
    }

    /// Draws the chart into `frame`.
    public func draw(on canvas: inout Canvas, in frame: Rect, font: Font) {
        let axes = AxisPainter(font: font, style: style)
        let (x0, x1) = resolvedXRange(), (y0, y1) = resolvedYRange()
        let (xTicks, xLabels, yTicks, yLabels, yMinor) = ticks()
        let titleHeight = title.isEmpty ? 10 : Double(style.titleSize) * 1.3 + 14
        let bottom = style.tickLength + 7 + Double(style.tickSize + style.labelSize) * 1.3 + 4
        let (left, right) = margins ?? requiredMargins(font: font)
        let plot = frame.inset(left: left, top: titleHeight, right: right, bottom: bottom)
        let xs = AxisScale(domain: (x0, x1), range: (plot.minX, plot.maxX))
        let ys = AxisScale(kind: yScale, domain: (y0, y1), range: (plot.maxY, plot.minY))

        for t in yTicks {
            let y = ys.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline([Point(plot.minX, y), Point(plot.maxX, y)], color: style.gridColor, width: 1)
        }
        for t in xTicks {
            let x = xs.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline([Point(x, plot.minY), Point(x, plot.maxY)], color: style.gridColor, width: 1)
        }
        for m in markers where m.x >= x0 && m.x <= x1 {
            let x = xs.pixel(m.x)
            canvas.strokePolyline([Point(x, plot.minY), Point(x, plot.maxY)], color: m.color, width: 1.5, dash: [6, 5])
            let w = Double(font.width(of: m.label, size: style.legendSize))
            canvas.fill(
                Rect(x: x + 3, y: plot.minY + 4, width: w + 6, height: Double(style.legendSize) * 1.3 + 2), with: .white
            )
            canvas.draw(
                m.label, font: font, size: style.legendSize, at: Point(x + 6, plot.minY + 6), anchor: .topLeft,
                color: m.color)
        }
        for s in series {
            let points = zip(s.x, s.y).map { Point(xs.pixel($0), ys.pixel($1)) }
            if s.lineWidth > 0 {
                canvas.strokePolyline(points, color: s.color, width: s.lineWidth, dash: s.dash, clip: plot)
            }
            for p in points where p.x.isFinite && p.y.isFinite {
                switch s.marker {
                case .none: break
                case .disc(let r): canvas.fillDisc(center: p, radius: r, color: s.color, clip: plot)
                case .circle(let r):
                    canvas.strokeCircle(center: p, radius: r, color: s.color, lineWidth: 1.3, clip: plot)
                }
            }
        }
        canvas.stroke(plot, with: style.ink)
        axes.bottomAxis(on: &canvas, plot: plot, scale: xs, ticks: xTicks, labels: xLabels, label: xLabel)
        axes.leftAxis(
            on: &canvas, plot: plot, scale: ys, ticks: yTicks, labels: yLabels, label: yLabel, minorTicks: yMinor)
        if !title.isEmpty {
            canvas.draw(
                title, font: font, size: style.titleSize, at: Point(plot.minX + plot.width / 2, plot.minY - 12),
                anchor: .bottom, color: style.ink)
        }
        if showLegend {
            // Covering a marker's label is worse than covering a few data points: its points count 50 times.
            let labelPoints = markers.filter { $0.x >= x0 && $0.x <= x1 }.flatMap { m in
                let x = xs.pixel(m.x), w = Double(font.width(of: m.label, size: style.legendSize))
                return stride(from: 0.0, through: w, by: 4).map { Point(x + 6 + $0, plot.minY + 14) }
            }
            let occupied =
                series.flatMap { s in zip(s.x, s.y).map { Point(xs.pixel($0), ys.pixel($1)) } }
                + Array(repeating: labelPoints, count: 50).flatMap { $0 }
            drawLegend(on: &canvas, plot: plot, font: font, avoiding: occupied)
        }
    }

    /// The legend box's width and height.
    public func legendSize(font: Font) -> (width: Double, height: Double) {
        let entries = series.filter { !$0.label.isEmpty }
        let rowHeight = Double(style.legendSize) * 1.45, sample = 34.0, pad = 10.0
        let textWidth = Double(entries.map { font.width(of: $0.label, size: style.legendSize) }.max() ?? 0)
        return (sample + 8 + textWidth + 2 * pad, rowHeight * Double(entries.count) + 2 * pad - 4)
    }

    /// The legend box: a line/marker sample and the label per series, in the corner of the plot
    /// that covers the fewest of the `occupied` points (data and marker labels); top right on ties.
    private func drawLegend(on canvas: inout Canvas, plot: Rect, font: Font, avoiding occupied: [Point]) {
        let entries = series.filter { !$0.label.isEmpty }
        guard !entries.isEmpty else { return }
        let rowHeight = Double(style.legendSize) * 1.45, sample = 34.0, pad = 10.0
        let (w, h) = legendSize(font: font)
        let corners =
            legendOutside
            ? [Point(plot.maxX + 32, plot.minY)]
            : [
                Point(plot.maxX - pad - w, plot.minY + pad), Point(plot.minX + pad, plot.minY + pad),
                Point(plot.maxX - pad - w, plot.maxY - pad - h), Point(plot.minX + pad, plot.maxY - pad - h)
            ]
        let boxes = corners.map { Rect(x: $0.x, y: $0.y, width: w, height: h) }
        func covered(_ r: Rect) -> Int {
            occupied.filter { $0.x >= r.minX - 10 && $0.x <= r.maxX + 10 && $0.y >= r.minY - 10 && $0.y <= r.maxY + 10 }
                .count
        }
        let box = boxes.min { covered($0) < covered($1) } ?? boxes[0]
        canvas.fill(box, with: .white)
        canvas.stroke(box, with: RGB(hex: 0xBBBBBB))
        for (k, s) in entries.enumerated() {
            let y = box.minY + pad + rowHeight * (Double(k) + 0.5) - 2
            let a = Point(box.minX + pad, y), b = Point(box.minX + pad + sample, y)
            if s.lineWidth > 0 { canvas.strokePolyline([a, b], color: s.color, width: s.lineWidth, dash: s.dash) }
            let mid = Point((a.x + b.x) / 2, y)
            switch s.marker {
            case .none: break
            case .disc(let r): canvas.fillDisc(center: mid, radius: max(r, 3), color: s.color)
            case .circle(let r): canvas.strokeCircle(center: mid, radius: max(r, 3), color: s.color, lineWidth: 1.3)
            }
            canvas.draw(
                s.label, font: font, size: style.legendSize, at: Point(b.x + 8, y), anchor: .left, color: style.ink)
        }
    }
}
