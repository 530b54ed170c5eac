/// Sizes (pixels) and colours shared by the charts, chosen for slides: figures about 1500 px
/// wide shown at full width.
public struct PlotStyle: Sendable {
    public var titleSize = 22
    public var labelSize = 19
    public var tickSize = 16
    public var legendSize = 16
    public var tickLength = 6.0
    public var lineWidth = 2.2
    public var ink = RGB.ink
    public var gridColor = RGB.gridLine
    public var missingColor = RGB.missing

    public init() {}
}

/// Axis drawing shared by heat maps, colour bars and line charts.
struct AxisPainter {
    var font: Font
    var style: PlotStyle

    /// Ticks and labels along the bottom edge of `plot` (tick marks point outwards), then `label`
    /// centred below them. Returns the bottom of what was drawn.
    @discardableResult
    func bottomAxis(
        on canvas: inout Canvas, plot: Rect, scale: AxisScale, ticks: [Double], labels: [String],
        label: String?, minorTicks: [Double] = []
    ) -> Double {
        for t in minorTicks {
            let x = scale.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline(
                [Point(x, plot.maxY), Point(x, plot.maxY + style.tickLength * 0.6)], color: style.ink, width: 1)
        }
        var bottom = plot.maxY + style.tickLength
        for (t, text) in zip(ticks, labels) {
            let x = scale.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline(
                [Point(x, plot.maxY), Point(x, plot.maxY + style.tickLength)], color: style.ink, width: 1.2)
            canvas.draw(
                text, font: font, size: style.tickSize, at: Point(x, plot.maxY + style.tickLength + 3), anchor: .top,
                color: style.ink)
        }
        bottom += 3 + Double(style.tickSize) * 1.3
        if let label {
            canvas.draw(
                label, font: font, size: style.labelSize, at: Point(plot.minX + plot.width / 2, bottom + 4),
                anchor: .top, color: style.ink)
            bottom += 4 + Double(style.labelSize) * 1.3
        }
        return bottom
    }

    /// Ticks and labels along the left edge of `plot`, then `label` rotated to its left.
    func leftAxis(
        on canvas: inout Canvas, plot: Rect, scale: AxisScale, ticks: [Double], labels: [String],
        label: String?, minorTicks: [Double] = []
    ) {
        for t in minorTicks {
            let y = scale.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline(
                [Point(plot.minX, y), Point(plot.minX - style.tickLength * 0.6, y)], color: style.ink, width: 1)
        }
        var widest = 0
        for (t, text) in zip(ticks, labels) {
            let y = scale.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline(
                [Point(plot.minX, y), Point(plot.minX - style.tickLength, y)], color: style.ink, width: 1.2)
            canvas.draw(
                text, font: font, size: style.tickSize, at: Point(plot.minX - style.tickLength - 4, y), anchor: .right,
                color: style.ink)
            widest = max(widest, font.width(of: text, size: style.tickSize))
        }
        if let label {
            let x = plot.minX - style.tickLength - 10 - Double(widest)
            canvas.draw(
                label, font: font, size: style.labelSize, at: Point(x, plot.minY + plot.height / 2), anchor: .right,
                color: style.ink, rotated: true)
        }
    }

    /// Ticks and labels along the right edge of `plot` (for a colour bar).
    func rightAxis(on canvas: inout Canvas, plot: Rect, scale: AxisScale, ticks: [Double], labels: [String]) {
        for (t, text) in zip(ticks, labels) {
            let y = scale.pixel(t).rounded(.down) + 0.5
            canvas.strokePolyline(
                [Point(plot.maxX, y), Point(plot.maxX + style.tickLength, y)], color: style.ink, width: 1.2)
            canvas.draw(
                text, font: font, size: style.tickSize, at: Point(plot.maxX + style.tickLength + 4, y), anchor: .left,
                color: style.ink)
        }
    }

    /// The widest of `labels` at tick size (pixels).
    func widest(_ labels: [String]) -> Double {
        Double(labels.map { font.width(of: $0, size: style.tickSize) }.max() ?? 0)
    }
}
