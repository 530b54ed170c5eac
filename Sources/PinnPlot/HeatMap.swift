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
    public var valueRange: (lo: Double, hi: Double) { FieldMapFrame.colorRange(of: values, fixed: range) }

    /// The field value at (px, py) by bilinear interpolation between the four surrounding nodes;
    /// near undefined nodes it uses the defined ones (renormalised weights) if the nearest node is
    /// defined, else NaN.
    public func sample(_ px: Double, _ py: Double) -> Double {
        guard let (i, fx) = Self.locate(px, in: x), let (j, fy) = Self.locate(py, in: y) else { return .nan }
        let nx = x.count
        let corners = [
            (i, j, (1 - fx) * (1 - fy)), (i + 1, j, fx * (1 - fy)), (i, j + 1, (1 - fx) * fy), (i + 1, j + 1, fx * fy)
        ]
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
        let (lo, hi) = valueRange
        let layout = FieldMapFrame(
            xExtent: (x[0], x[x.count - 1]), yExtent: (y[0], y[y.count - 1]), valueRange: (lo, hi),
            title: title, xLabel: xLabel, yLabel: yLabel, colorMap: colorMap, style: style)
        layout.draw(on: &canvas, in: frame, font: font) { canvas, plot, xScale, yScale in
            for py in Int(plot.minY)..<Int(plot.maxY) {
                for px in Int(plot.minX)..<Int(plot.maxX) {
                    let v = sample(xScale.value(atPixel: Double(px) + 0.5), yScale.value(atPixel: Double(py) + 0.5))
                    canvas[px, py] = v.isFinite ? colorMap.color(at: (v - lo) / (hi - lo)) : style.missingColor
                }
            }
        }
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
        AxisPainter(font: font, style: style).rightAxis(
            on: &canvas, plot: bar, scale: scale, ticks: ticks, labels: labels)
    }
}
