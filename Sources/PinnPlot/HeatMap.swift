/// A scalar field on a rectilinear 2-D grid drawn as a heat map with axes and a colour bar.
public struct HeatMap {
    /// Node coordinates along x and y, increasing.
    public var x: [Double]
    public var y: [Double]
    /// Values at the nodes, x fastest (`values[i + nx·j]` at (x_i, y_j)); NaN where undefined.
    public var values: [Double]
    public var title: String
    public var xLabel = "x"
    public var yLabel = "y"
    public var colorMap = ColorMap.viridis
    /// The values mapped to the ends of the colour map (default: the finite values' min and max).
    public var range: (lo: Double, hi: Double)?
    public var style = PlotStyle()

    public init(x: [Double], y: [Double], values: [Double], title: String) throws {
        guard x.count >= 2, y.count >= 2 else {
            throw PlotError.invalidData("a heat map needs at least 2 nodes per axis, got \(x.count)×\(y.count)")
        }
        guard values.count == x.count * y.count else {
            throw PlotError.invalidData("\(values.count) values for a \(x.count)×\(y.count) grid")
        }
        guard zip(x, x.dropFirst()).allSatisfy({ $0 < $1 }), zip(y, y.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw PlotError.invalidData("heat map coordinates must increase")
        }
        self.x = x
        self.y = y
        self.values = values
        self.title = title
    }

    /// The colour-map range: `range`, or the finite values' extent (widened when flat).
    public var valueRange: (lo: Double, hi: Double) {
        if let range { return range }
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (0, 1) }
        if hi > lo { return (lo, hi) }
        let pad = lo == 0 ? 1 : abs(lo) * 1e-3
        return (lo - pad, hi + pad)
    }

    /// The field value at (px, py) by bilinear interpolation between the four surrounding nodes;
    /// near undefined nodes it uses the defined ones (renormalised weights) if the nearest node is
    /// defined, else NaN.
    public func sample(_ px: Double, _ py: Double) -> Double {
        guard let (i, fx) = Self.locate(px, in: x), let (j, fy) = Self.locate(py, in: y) else { return .nan }
        let nx = x.count
        let corners = [(i, j, (1 - fx) * (1 - fy)), (i + 1, j, fx * (1 - fy)), (i, j + 1, (1 - fx) * fy), (i + 1, j + 1, fx * fy)]
        let nearest = corners.max { $0.2 < $1.2 }!
        guard values[nearest.0 + nx * nearest.1].isFinite else { return .nan }
        var sum = 0.0, weight = 0.0
        for (ci, cj, w) in corners {
            let v = values[ci + nx * cj]
            if v.isFinite { sum += w * v; weight += w }
        }
        return weight > 0 ? sum / weight : .nan
    }

    /// The cell [c_k, c_{k+1}] holding v and the fraction along it, or nil outside [c_0, c_last].
    static func locate(_ v: Double, in c: [Double]) -> (Int, Double)? {
        guard let first = c.first, let last = c.last, v >= first, v <= last else { return nil }
        var lo = 0, hi = c.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if c[mid] <= v { lo = mid } else { hi = mid }
        }
        return (lo, (v - c[lo]) / (c[hi] - c[lo]))
    }

    /// Draws the title, the map (aspect ratio of the data kept), its axes and a colour bar in `frame`.
    public func draw(on canvas: inout Canvas, in frame: Rect, font: Font) {
        let axes = AxisPainter(font: font, style: style)
        let (lo, hi) = valueRange
        let barTicks = NiceTicks.linear(lo: lo, hi: hi, count: 6)
        let barLabels = NiceTicks.labels(for: barTicks, step: NiceTicks.step(lo: lo, hi: hi, count: 6))
        let xTicks = NiceTicks.linear(lo: x[0], hi: x[x.count - 1], count: 5)
        let yTicks = NiceTicks.linear(lo: y[0], hi: y[y.count - 1], count: 5)
        let xLabels = NiceTicks.labels(for: xTicks, step: NiceTicks.step(lo: x[0], hi: x[x.count - 1], count: 5))
        let yLabels = NiceTicks.labels(for: yTicks, step: NiceTicks.step(lo: y[0], hi: y[y.count - 1], count: 5))

        let titleHeight = Double(style.titleSize) * 1.3 + 12
        let left = axes.widest(yLabels) + style.tickLength + 14 + Double(style.labelSize) * 1.3
        let bottom = style.tickLength + 7 + Double(style.tickSize + style.labelSize) * 1.3
        let barWidth = 22.0, barGap = 18.0
        let right = barGap + barWidth + style.tickLength + 8 + axes.widest(barLabels)
        let box = frame.inset(left: left, top: titleHeight, right: right + 6, bottom: bottom + 4)
        let aspect = (x[x.count - 1] - x[0]) / (y[y.count - 1] - y[0])
        var plotWidth = box.width, plotHeight = box.width / aspect
        if plotHeight > box.height { plotHeight = box.height; plotWidth = box.height * aspect }
        let plot = Rect(x: (box.minX + (box.width - plotWidth) / 2).rounded(), y: (box.minY + (box.height - plotHeight) / 2).rounded(),
                        width: plotWidth.rounded(), height: plotHeight.rounded())

        let xScale = AxisScale(domain: (x[0], x[x.count - 1]), range: (plot.minX, plot.maxX))
        let yScale = AxisScale(domain: (y[0], y[y.count - 1]), range: (plot.maxY, plot.minY))
        for py in Int(plot.minY)..<Int(plot.maxY) {
            for px in Int(plot.minX)..<Int(plot.maxX) {
                let v = sample(xScale.value(atPixel: Double(px) + 0.5), yScale.value(atPixel: Double(py) + 0.5))
                canvas[px, py] = v.isFinite ? colorMap.color(at: (v - lo) / (hi - lo)) : style.missingColor
            }
        }
        canvas.stroke(plot.inset(left: -1, top: -1), with: style.ink)
        axes.bottomAxis(on: &canvas, plot: plot, scale: xScale, ticks: xTicks, labels: xLabels, label: xLabel)
        axes.leftAxis(on: &canvas, plot: plot, scale: yScale, ticks: yTicks, labels: yLabels, label: yLabel)
        canvas.draw(title, font: font, size: style.titleSize, at: Point(plot.minX + plot.width / 2, plot.minY - 12),
                    anchor: .bottom, color: style.ink)

        let bar = Rect(x: plot.maxX + barGap, y: plot.minY, width: barWidth, height: plot.height)
        ColorBar(colorMap: colorMap, range: (lo, hi), style: style)
            .draw(on: &canvas, in: bar, ticks: barTicks, labels: barLabels, font: font)
    }
}

/// A vertical colour bar: the colour map from `range.lo` (bottom) to `range.hi` (top), with ticks.
public struct ColorBar {
    public var colorMap: ColorMap
    public var range: (lo: Double, hi: Double)
    public var style = PlotStyle()

    public func draw(on canvas: inout Canvas, in bar: Rect, ticks: [Double], labels: [String], font: Font) {
        let scale = AxisScale(domain: range, range: (bar.maxY, bar.minY))
        for py in Int(bar.minY)..<Int(bar.maxY) {
            let t = scale.fraction(scale.value(atPixel: Double(py) + 0.5))
            canvas.fill(Rect(x: bar.minX, y: Double(py), width: bar.width, height: 1), with: colorMap.color(at: t))
        }
        canvas.stroke(bar.inset(left: -1, top: -1), with: style.ink)
        AxisPainter(font: font, style: style).rightAxis(on: &canvas, plot: bar, scale: scale, ticks: ticks, labels: labels)
    }
}
