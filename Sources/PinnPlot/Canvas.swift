/// A point in canvas pixel coordinates: x to the right, y downwards, pixel (i, j) covering
/// [i, i+1) × [j, j+1) (its centre at (i + ½, j + ½)).
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle in canvas pixel coordinates.
public struct Rect: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var minX: Double { x }
    public var maxX: Double { x + width }
    public var minY: Double { y }
    public var maxY: Double { y + height }

    /// The rectangle shrunk by the given margins.
    public func inset(left: Double = 0, top: Double = 0, right: Double = 0, bottom: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }
}

/// An RGB raster image with drawing operations (filled rectangles, anti-aliased lines and discs,
/// alpha-blended glyph masks). Rows run top to bottom; `pixels` holds r, g, b per pixel.
public struct Canvas: Sendable {
    public let width: Int
    public let height: Int
    /// r, g, b bytes, row by row from the top.
    public private(set) var pixels: [UInt8]

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, background: RGB = .white) {
        precondition(width > 0 && height > 0, "a canvas needs a positive size, got \(width)×\(height)")
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            pixels[3 * i] = background.r
            pixels[3 * i + 1] = background.g
            pixels[3 * i + 2] = background.b
        }
    }

    /// The colour of pixel (x, y) (column, row from the top).
    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = 3 * (y * width + x)
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = 3 * (y * width + x)
            pixels[i] = newValue.r
            pixels[i + 1] = newValue.g
            pixels[i + 2] = newValue.b
        }
    }

    /// Mixes `color` into pixel (x, y) with weight `coverage` ∈ [0, 1]; ignores pixels off the canvas.
    public mutating func blend(x: Int, y: Int, color: RGB, coverage: Double) {
        guard x >= 0, y >= 0, x < width, y < height, coverage > 0 else { return }
        self[x, y] = coverage >= 1 ? color : self[x, y].mixed(with: color, by: coverage)
    }

    /// Fills the pixels whose centres lie in `rect`.
    public mutating func fill(_ rect: Rect, with color: RGB) {
        let (x0, x1) = pixelSpan(rect.minX, rect.maxX, width)
        let (y0, y1) = pixelSpan(rect.minY, rect.maxY, height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { self[x, y] = color }
        }
    }

    /// Draws the outline of `rect` as 1-pixel lines along its edges (on pixel centres).
    public mutating func stroke(_ rect: Rect, with color: RGB) {
        let x0 = Int(rect.minX.rounded(.down)), x1 = Int(rect.maxX.rounded(.down))
        let y0 = Int(rect.minY.rounded(.down)), y1 = Int(rect.maxY.rounded(.down))
        for x in x0...max(x0, x1) {
            blend(x: x, y: y0, color: color, coverage: 1)
            blend(x: x, y: y1, color: color, coverage: 1)
        }
        for y in y0...max(y0, y1) {
            blend(x: x0, y: y, color: color, coverage: 1)
            blend(x: x1, y: y, color: color, coverage: 1)
        }
    }

    /// Draws a polyline of the given stroke `width` (pixels), anti-aliased, optionally dashed
    /// (`dash`: on, off, on, off… lengths in pixels) and clipped to `clip`. Non-finite points break
    /// the line. Coverage is the maximum over the segments, so joints are not drawn twice.
    public mutating func strokePolyline(
        _ points: [Point], color: RGB, width lineWidth: Double = 1.5,
        dash: [Double] = [], clip: Rect? = nil
    ) {
        var mask = CoverageMask(canvas: self, clip: clip, bounds: CoverageMask.bounds(of: points, pad: lineWidth + 2))
        var pattern = DashPattern(dash)
        for (a, b) in zip(points, points.dropFirst()) {
            guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else {
                pattern.reset()
                continue
            }
            for (p, q) in pattern.pieces(from: a, to: b) {
                mask.addSegment(p, q, halfWidth: lineWidth / 2)
            }
        }
        mask.apply(to: &self, color: color)
    }

    /// A filled, anti-aliased disc, clipped to `clip`.
    public mutating func fillDisc(center: Point, radius: Double, color: RGB, clip: Rect? = nil) {
        var mask = CoverageMask(canvas: self, clip: clip, bounds: CoverageMask.bounds(of: [center], pad: radius + 2))
        mask.addDisc(center: center, radius: radius, ring: nil)
        mask.apply(to: &self, color: color)
    }

    /// An anti-aliased circle outline of stroke `lineWidth`, clipped to `clip`.
    public mutating func strokeCircle(
        center: Point, radius: Double, color: RGB, lineWidth: Double = 1, clip: Rect? = nil
    ) {
        var mask = CoverageMask(
            canvas: self, clip: clip, bounds: CoverageMask.bounds(of: [center], pad: radius + lineWidth + 2))
        mask.addDisc(center: center, radius: radius, ring: lineWidth)
        mask.apply(to: &self, color: color)
    }

    /// Blends an alpha mask (`alpha` row by row, `maskWidth` wide, 0–255) in `color` with its top
    /// left pixel at (x, y).
    public mutating func blendMask(_ alpha: [UInt8], width maskWidth: Int, at x: Int, _ y: Int, color: RGB) {
        guard maskWidth > 0 else { return }
        let rows = alpha.count / maskWidth
        for j in 0..<rows {
            for i in 0..<maskWidth {
                let a = alpha[j * maskWidth + i]
                if a > 0 { blend(x: x + i, y: y + j, color: color, coverage: Double(a) / 255) }
            }
        }
    }

    /// The pixels [first, last) whose centres lie in [lo, hi], clamped to 0..<limit.
    private func pixelSpan(_ lo: Double, _ hi: Double, _ limit: Int) -> (Int, Int) {
        let first = max(0, Int((lo - 0.5).rounded(.up)))
        let last = min(limit, Int((hi - 0.5).rounded(.down)) + 1)
        return (first, max(first, last))
    }
}

/// Per-pixel coverage of a shape being drawn, kept as the maximum over its parts, over the
/// pixels of a region (the shape's padded bounding box within the clip rectangle).
struct CoverageMask {
    /// The region [x0, x1) × [y0, y1); pixels outside it are never covered.
    let x0: Int, x1: Int, y0: Int, y1: Int
    var coverage: [Float]

    /// A mask for a shape within `bounds` (already padded by the caller), clipped to `clip` and the canvas.
    init(canvas: Canvas, clip: Rect?, bounds: Rect) {
        let c = clip ?? Rect(x: 0, y: 0, width: Double(canvas.width), height: Double(canvas.height))
        func clamp(_ v: Double, _ limit: Int) -> Int { v.isFinite ? min(max(0, Int(v)), limit) : 0 }
        x0 = clamp(max(c.minX, bounds.minX).rounded(.down), canvas.width)
        y0 = clamp(max(c.minY, bounds.minY).rounded(.down), canvas.height)
        x1 = max(x0, clamp(min(c.maxX, bounds.maxX).rounded(.up), canvas.width))
        y1 = max(y0, clamp(min(c.maxY, bounds.maxY).rounded(.up), canvas.height))
        coverage = [Float](repeating: 0, count: (x1 - x0) * (y1 - y0))
    }

    /// The padded bounding box of `points` (finite ones).
    static func bounds(of points: [Point], pad: Double) -> Rect {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard let first = finite.first else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        var lo = first, hi = first
        for p in finite {
            lo = Point(min(lo.x, p.x), min(lo.y, p.y))
            hi = Point(max(hi.x, p.x), max(hi.y, p.y))
        }
        return Rect(x: lo.x - pad, y: lo.y - pad, width: hi.x - lo.x + 2 * pad, height: hi.y - lo.y + 2 * pad)
    }

    /// Raises the coverage of pixels in a box to a function of their centre, where larger.
    private mutating func cover(box: (Double, Double, Double, Double), _ value: (Double, Double) -> Double) {
        guard box.0.isFinite, box.1.isFinite, box.2.isFinite, box.3.isFinite else { return }
        let xa = max(x0, Int(max(box.0, -1).rounded(.down))), xb = min(x1 - 1, Int(min(box.2, 1e7).rounded(.up)))
        let ya = max(y0, Int(max(box.1, -1).rounded(.down))), yb = min(y1 - 1, Int(min(box.3, 1e7).rounded(.up)))
        guard xa <= xb, ya <= yb else { return }
        let w = x1 - x0
        for y in ya...yb {
            for x in xa...xb {
                let c = value(Double(x) + 0.5, Double(y) + 0.5)
                guard c > 0 else { continue }
                let i = (y - y0) * w + (x - x0)
                if Float(c) > coverage[i] { coverage[i] = Float(min(c, 1)) }
            }
        }
    }

    /// A segment of half-width h: coverage clamp(h + ½ − distance, 0, 1) (a box filter of the edge).
    mutating func addSegment(_ a: Point, _ b: Point, halfWidth h: Double) {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        let pad = h + 1
        cover(box: (min(a.x, b.x) - pad, min(a.y, b.y) - pad, max(a.x, b.x) + pad, max(a.y, b.y) + pad)) { px, py in
            var t = length2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / length2 : 0
            t = min(max(t, 0), 1)
            let ex = a.x + t * dx - px, ey = a.y + t * dy - py
            return h + 0.5 - (ex * ex + ey * ey).squareRoot()
        }
    }

    /// A disc of `radius`, or with `ring` a circle outline of that stroke width.
    mutating func addDisc(center: Point, radius: Double, ring: Double?) {
        let pad = radius + 1 + (ring ?? 0)
        cover(box: (center.x - pad, center.y - pad, center.x + pad, center.y + pad)) { px, py in
            let r = ((px - center.x) * (px - center.x) + (py - center.y) * (py - center.y)).squareRoot()
            if let ring { return ring / 2 + 0.5 - abs(r - radius) }
            return radius + 0.5 - r
        }
    }

    /// Blends `color` into the canvas with the accumulated coverage.
    func apply(to canvas: inout Canvas, color: RGB) {
        let w = x1 - x0
        guard w > 0 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 {
                let c = coverage[(y - y0) * w + (x - x0)]
                if c > 0 { canvas.blend(x: x, y: y, color: color, coverage: Double(c)) }
            }
        }
    }
}

/// Splits a polyline into dashes: alternating on/off lengths carried across segments.
struct DashPattern {
    let lengths: [Double]
    var index = 0
    var remaining: Double

    init(_ lengths: [Double]) {
        self.lengths = lengths.filter { $0 > 0 }.count == lengths.count ? lengths : []
        remaining = self.lengths.first ?? .infinity
    }

    mutating func reset() {
        index = 0
        remaining = lengths.first ?? .infinity
    }

    /// The "on" pieces of the segment a → b, advancing the pattern.
    mutating func pieces(from a: Point, to b: Point) -> [(Point, Point)] {
        guard !lengths.isEmpty else { return [(a, b)] }
        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
        guard length > 0 else { return index % 2 == 0 ? [(a, b)] : [] }
        func at(_ s: Double) -> Point { Point(a.x + (b.x - a.x) * s / length, a.y + (b.y - a.y) * s / length) }
        var result: [(Point, Point)] = []
        var s = 0.0
        while s < length {
            let step = min(remaining, length - s)
            if index % 2 == 0 { result.append((at(s), at(s + step))) }
            s += step
            remaining -= step
            if remaining <= 1e-9 {
                index = (index + 1) % lengths.count
                remaining = lengths[index]
            }
        }
        return result
    }
}
