/// The layout shared by heat maps of gridded and of meshed fields: the title, a plot box that
/// keeps the data's aspect ratio, the x and y axes and a colour bar on the right. What fills the
/// plot box is the caller's.
struct FieldMapFrame {
    var xExtent: (lo: Double, hi: Double)
    var yExtent: (lo: Double, hi: Double)
    var valueRange: (lo: Double, hi: Double)
    var title: String
    var xLabel: String
    var yLabel: String
    var colorMap: ColorMap
    var style: PlotStyle

    /// Draws the frame in `frame`; `paint` fills the plot box, given the box and the scales that
    /// map data coordinates to pixels (y increasing upwards).
    func draw(
        on canvas: inout Canvas, in frame: Rect, font: Font,
        paint: (inout Canvas, Rect, AxisScale, AxisScale) -> Void
    ) {
        let axes = AxisPainter(font: font, style: style)
        let (lo, hi) = valueRange
        let barTicks = NiceTicks.linear(lo: lo, hi: hi, count: 6)
        let barLabels = NiceTicks.labels(for: barTicks, step: NiceTicks.step(lo: lo, hi: hi, count: 6))
        let xTicks = NiceTicks.linear(lo: xExtent.lo, hi: xExtent.hi, count: 5)
        let yTicks = NiceTicks.linear(lo: yExtent.lo, hi: yExtent.hi, count: 5)
        let xLabels = NiceTicks.labels(for: xTicks, step: NiceTicks.step(lo: xExtent.lo, hi: xExtent.hi, count: 5))
        let yLabels = NiceTicks.labels(for: yTicks, step: NiceTicks.step(lo: yExtent.lo, hi: yExtent.hi, count: 5))

        let titleHeight = Double(style.titleSize) * 1.3 + 12
        let left = axes.widest(yLabels) + style.tickLength + 14 + Double(style.labelSize) * 1.3
        let bottom = style.tickLength + 7 + Double(style.tickSize + style.labelSize) * 1.3
        let barWidth = 22.0, barGap = 18.0
        let right = barGap + barWidth + style.tickLength + 8 + axes.widest(barLabels)
        let box = frame.inset(left: left, top: titleHeight, right: right + 6, bottom: bottom + 4)
        let aspect = (xExtent.hi - xExtent.lo) / (yExtent.hi - yExtent.lo)
        var plotWidth = box.width, plotHeight = box.width / aspect
        if plotHeight > box.height { plotHeight = box.height; plotWidth = box.height * aspect }
        let plot = Rect(
            x: (box.minX + (box.width - plotWidth) / 2).rounded(),
            y: (box.minY + (box.height - plotHeight) / 2).rounded(),
            width: plotWidth.rounded(), height: plotHeight.rounded())

        let xScale = AxisScale(domain: xExtent, range: (plot.minX, plot.maxX))
        let yScale = AxisScale(domain: yExtent, range: (plot.maxY, plot.minY))
        paint(&canvas, plot, xScale, yScale)
        canvas.stroke(plot.inset(left: -1, top: -1), with: style.ink)
        axes.bottomAxis(on: &canvas, plot: plot, scale: xScale, ticks: xTicks, labels: xLabels, label: xLabel)
        axes.leftAxis(on: &canvas, plot: plot, scale: yScale, ticks: yTicks, labels: yLabels, label: yLabel)
        canvas.draw(
            title, font: font, size: style.titleSize, at: Point(plot.minX + plot.width / 2, plot.minY - 12),
            anchor: .bottom, color: style.ink)

        let bar = Rect(x: plot.maxX + barGap, y: plot.minY, width: barWidth, height: plot.height)
        ColorBar(colorMap: colorMap, range: (lo, hi), style: style)
            .draw(on: &canvas, in: bar, ticks: barTicks, labels: barLabels, font: font)
    }
}

extension FieldMapFrame {
    /// The colour-map range: `fixed`, or the finite values' extent (widened when flat; (0, 1) when none is finite).
    static func colorRange(of values: [Double], fixed: (lo: Double, hi: Double)?) -> (lo: Double, hi: Double) {
        if let fixed { return fixed }
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (0, 1) }
        if hi > lo { return (lo, hi) }
        let pad = lo == 0 ? 1 : abs(lo) * 1e-3
        return (lo - pad, hi + pad)
    }
}
