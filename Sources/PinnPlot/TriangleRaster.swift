/// A piecewise-linear field on a triangle mesh sampled at the pixel centres of a raster.
///
/// Pixel (i, j) of a `width` × `height` raster (row j = 0 at the top) has its centre at
/// x = x₀ + (i + ½)·(x₁ − x₀)/width, y = y₁ − (j + ½)·(y₁ − y₀)/height. A centre inside triangle
/// (a, b, c) gets λ_a·v_a + λ_b·v_b + λ_c·v_c with the barycentric coordinates
/// λ_b = ((p − a) × (c − a)) / ((b − a) × (c − a)), λ_c = ((b − a) × (p − a)) / ((b − a) × (c − a)),
/// λ_a = 1 − λ_b − λ_c; a centre in no triangle gets NaN.
public struct TriangleRaster {
    /// Node coordinates.
    public var x: [Double]
    public var y: [Double]
    /// Triangles, 3 node indices each (row-major).
    public var triangles: [Int]
    /// Values at the nodes.
    public var values: [Double]

    public init(x: [Double], y: [Double], triangles: [Int], values: [Double]) throws {
        guard x.count == y.count, values.count == x.count else {
            throw PlotError.invalidData(
                "\(x.count) x, \(y.count) y and \(values.count) values for the nodes of a triangle mesh")
        }
        guard triangles.count % 3 == 0, triangles.allSatisfy({ $0 >= 0 && $0 < x.count }) else {
            throw PlotError.invalidData("triangles must be 3 node indices each, within 0..<\(x.count)")
        }
        self.x = x
        self.y = y
        self.triangles = triangles
        self.values = values
    }

    /// The values at the pixel centres of a `width` × `height` raster over [x₀, x₁] × [y₀, y₁],
    /// row-major from the top row; NaN outside every triangle.
    public func rasterise(width: Int, height: Int, xDomain: (Double, Double), yDomain: (Double, Double)) -> [Double] {
        var raster = [Double](repeating: .nan, count: max(0, width * height))
        guard width > 0, height > 0 else { return raster }
        let dx = (xDomain.1 - xDomain.0) / Double(width), dy = (yDomain.1 - yDomain.0) / Double(height)
        // A small slack, relative to the triangle, so centres on a shared edge are not lost to rounding.
        let slack = 1e-10
        for t in stride(from: 0, to: triangles.count, by: 3) {
            let a = triangles[t], b = triangles[t + 1], c = triangles[t + 2]
            let (ax, ay, bx, by, cx, cy) = (x[a], y[a], x[b], y[b], x[c], y[c])
            let det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
            guard det != 0, det.isFinite else { continue }
            let columns = Self.span(
                lo: (min(ax, bx, cx) - xDomain.0) / dx - 0.5, hi: (max(ax, bx, cx) - xDomain.0) / dx - 0.5, count: width
            )
            let rows = Self.span(
                lo: (yDomain.1 - max(ay, by, cy)) / dy - 0.5, hi: (yDomain.1 - min(ay, by, cy)) / dy - 0.5,
                count: height)
            guard let columns, let rows else { continue }
            for j in rows {
                let py = yDomain.1 - (Double(j) + 0.5) * dy
                for i in columns {
                    let px = xDomain.0 + (Double(i) + 0.5) * dx
                    let lb = ((px - ax) * (cy - ay) - (py - ay) * (cx - ax)) / det
                    let lc = ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / det
                    let la = 1 - lb - lc
                    guard la >= -slack, lb >= -slack, lc >= -slack else { continue }
                    raster[j * width + i] = la * values[a] + lb * values[b] + lc * values[c]
                }
            }
        }
        return raster
    }

    /// The integer indices k in 0..<count with lo ≤ k ≤ hi (pixel centres), or nil when none.
    static func span(lo: Double, hi: Double, count: Int) -> ClosedRange<Int>? {
        guard lo.isFinite, hi.isFinite else { return nil }
        let first = max(0, Int((lo - 1e-9).rounded(.up))), last = min(count - 1, Int((hi + 1e-9).rounded(.down)))
        return first <= last ? first...last : nil
    }

    /// The distinct edges of the triangles, as node index pairs (smaller first).
    public var edges: [(Int, Int)] {
        var seen = Set<Int>()
        var list: [(Int, Int)] = []
        for t in stride(from: 0, to: triangles.count, by: 3) {
            for (p, q) in [
                (triangles[t], triangles[t + 1]), (triangles[t + 1], triangles[t + 2]), (triangles[t + 2], triangles[t])
            ] {
                let (lo, hi) = (min(p, q), max(p, q))
                if seen.insert(lo * x.count + hi).inserted { list.append((lo, hi)) }
            }
        }
        return list
    }
}

/// A scalar field on a triangle mesh (piecewise linear between its nodal values) drawn as a heat
/// map with axes and a colour bar, laid out like `HeatMap`; pixels in no triangle (holes, the
/// outside of a non-rectangular domain) get the style's missing colour.
public struct TriangleHeatMap {
    public var raster: TriangleRaster
    public var title: String
    public var xLabel = "x"
    public var yLabel = "y"
    public var colorMap = ColorMap.viridis
    /// The values mapped to the ends of the colour map (default: the finite values' min and max).
    public var range: (lo: Double, hi: Double)?
    /// The colour of the mesh edges drawn thinly over the map; nil draws none.
    public var edgeColor: RGB?
    public var style = PlotStyle()

    public init(x: [Double], y: [Double], triangles: [Int], values: [Double], title: String) throws {
        raster = try TriangleRaster(x: x, y: y, triangles: triangles, values: values)
        guard let xlo = x.min(), let xhi = x.max(), let ylo = y.min(), let yhi = y.max(), xhi > xlo, yhi > ylo else {
            throw PlotError.invalidData("a triangle heat map needs nodes spanning an area")
        }
        self.title = title
    }

    public var valueRange: (lo: Double, hi: Double) { FieldMapFrame.colorRange(of: raster.values, fixed: range) }

    /// Draws the title, the map over the nodes' bounding box (aspect ratio kept), its axes and a
    /// colour bar in `frame`.
    public func draw(on canvas: inout Canvas, in frame: Rect, font: Font) {
        let (lo, hi) = valueRange
        let xExtent = (raster.x.min() ?? 0, raster.x.max() ?? 1), yExtent = (raster.y.min() ?? 0, raster.y.max() ?? 1)
        let layout = FieldMapFrame(
            xExtent: xExtent, yExtent: yExtent, valueRange: (lo, hi),
            title: title, xLabel: xLabel, yLabel: yLabel, colorMap: colorMap, style: style)
        layout.draw(on: &canvas, in: frame, font: font) { canvas, plot, xScale, yScale in
            let width = Int(plot.width), height = Int(plot.height), x0 = Int(plot.minX), y0 = Int(plot.minY)
            let values = raster.rasterise(width: width, height: height, xDomain: xExtent, yDomain: yExtent)
            for j in 0..<height {
                for i in 0..<width {
                    let v = values[j * width + i]
                    canvas[x0 + i, y0 + j] = v.isFinite ? colorMap.color(at: (v - lo) / (hi - lo)) : style.missingColor
                }
            }
            guard let edgeColor else { return }
            for (p, q) in raster.edges {
                canvas.strokePolyline(
                    [
                        Point(xScale.pixel(raster.x[p]), yScale.pixel(raster.y[p])),
                        Point(xScale.pixel(raster.x[q]), yScale.pixel(raster.y[q]))
                    ],
                    color: edgeColor, width: 0.5, clip: plot)
            }
        }
    }
}
