/// A simple polygon in the plane, given by its vertices in order (counter-clockwise by
/// convention; clockwise input is accepted and its normals still point outward).
///
/// Edge i runs from `vertices[i]` to `vertices[(i + 1) % count]`; boundary-condition closures
/// can find the edge of a boundary point with `edgeIndex(containing:normal:)`. On a grid whose
/// lines pass through the axis-aligned edges (an L-shape on a suitable grid) those edges carry
/// any condition; elsewhere the solver uses Shortley–Weller arms, which need Dirichlet data.
public struct FDPolygon: FDDomain {
    public let vertices: [[Double]]
    /// Outward unit normal of each edge.
    public let edgeNormals: [[Double]]
    private let tolerance: Double

    public init(vertices: [[Double]]) {
        self.vertices = vertices
        let n = vertices.count
        var twiceArea = 0.0
        for i in 0..<n {
            let a = vertices[i], b = vertices[(i + 1) % n]
            twiceArea += a[0] * b[1] - b[0] * a[1]
        }
        let orientation = twiceArea >= 0 ? 1.0 : -1.0
        edgeNormals = (0..<n).map { i in
            let a = vertices[i], b = vertices[(i + 1) % n]
            let dx = b[0] - a[0], dy = b[1] - a[1]
            let length = max((dx * dx + dy * dy).squareRoot(), .leastNormalMagnitude)
            return [orientation * dy / length, -orientation * dx / length]
        }
        let xs = vertices.map { $0[0] }, ys = vertices.map { $0[1] }
        let extent = max((xs.max() ?? 0) - (xs.min() ?? 0), (ys.max() ?? 0) - (ys.min() ?? 0))
        tolerance = 1e-10 * max(extent, .leastNormalMagnitude)
    }

    public var dimension: Int { 2 }
    public var lowerCorner: [Double] { [vertices.map { $0[0] }.min() ?? 0, vertices.map { $0[1] }.min() ?? 0] }
    public var upperCorner: [Double] { [vertices.map { $0[0] }.max() ?? 0, vertices.map { $0[1] }.max() ?? 0] }

    /// Distance from p to edge i.
    public func distance(from p: [Double], toEdge i: Int) -> Double {
        let a = vertices[i], b = vertices[(i + 1) % vertices.count]
        let wx = b[0] - a[0], wy = b[1] - a[1]
        let lengthSquared = wx * wx + wy * wy
        var s = lengthSquared > 0 ? ((p[0] - a[0]) * wx + (p[1] - a[1]) * wy) / lengthSquared : 0
        s = min(1, max(0, s))
        let dx = p[0] - (a[0] + s * wx), dy = p[1] - (a[1] + s * wy)
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The edge on which the boundary point p lies; at a vertex, the edge whose outward normal
    /// is closest to `normal` (the first one if `normal` is nil). nil when p is not on the boundary.
    public func edgeIndex(containing p: [Double], normal: [Double]? = nil) -> Int? {
        var best: (index: Int, score: Double)?
        for i in vertices.indices where distance(from: p, toEdge: i) <= 1e3 * tolerance {
            let score = normal.map { edgeNormals[i][0] * $0[0] + edgeNormals[i][1] * $0[1] } ?? 0
            if best == nil || score > best!.score { best = (i, score) }
        }
        return best?.index
    }

    public func contains(_ p: [Double]) -> Bool {
        var inside = false
        let n = vertices.count
        for i in 0..<n {
            if distance(from: p, toEdge: i) <= tolerance { return true }
            let a = vertices[i], b = vertices[(i + 1) % n]
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
                if p[0] < x { inside.toggle() }
            }
        }
        return inside
    }

    public func boundaryCrossing(from p: [Double], axis: Int, direction: Int, within h: Double)
        -> (distance: Double, normal: [Double])?
    {
        var u = [0.0, 0.0]
        u[axis] = Double(direction)
        func point(_ t: Double) -> [Double] { [p[0] + t * u[0], p[1] + t * u[1]] }
        // Parameters where the segment meets an edge (both ends of collinear overlaps).
        var parameters: [Double] = [0, h]
        let n = vertices.count
        for i in 0..<n {
            let a = vertices[i], b = vertices[(i + 1) % n]
            let w = [b[0] - a[0], b[1] - a[1]]
            let ap = [a[0] - p[0], a[1] - p[1]]
            let denominator = u[0] * w[1] - u[1] * w[0]
            let wLength = (w[0] * w[0] + w[1] * w[1]).squareRoot()
            if abs(denominator) > 1e-14 * wLength {
                let t = (ap[0] * w[1] - ap[1] * w[0]) / denominator
                let s = (ap[0] * u[1] - ap[1] * u[0]) / denominator
                let slack = tolerance / max(wLength, .leastNormalMagnitude)
                if s >= -slack, s <= 1 + slack, t > -tolerance, t < h + tolerance { parameters.append(t) }
            } else if abs(ap[0] * u[1] - ap[1] * u[0]) <= tolerance {
                parameters.append(ap[0] * u[0] + ap[1] * u[1])
                parameters.append((b[0] - p[0]) * u[0] + (b[1] - p[1]) * u[1])
            }
        }
        let sorted = parameters.map { min(h, max(0, $0)) }.sorted()
        for (t0, t1) in zip(sorted, sorted.dropFirst()) where t1 - t0 > tolerance {
            if !contains(point(0.5 * (t0 + t1))) { return (t0, exitNormal(at: point(t0), direction: u)) }
        }
        if !contains(point(h)) { return (h, exitNormal(at: point(h), direction: u)) }
        return nil
    }

    /// Normal of the edge through q that the direction u leaves through (largest n·u).
    private func exitNormal(at q: [Double], direction u: [Double]) -> [Double] {
        var best: (index: Int, score: Double, distance: Double)?
        for i in vertices.indices {
            let d = distance(from: q, toEdge: i)
            let score = edgeNormals[i][0] * u[0] + edgeNormals[i][1] * u[1]
            let near = d <= 1e3 * tolerance
            if let current = best {
                let currentNear = current.distance <= 1e3 * tolerance
                if near && (!currentNear || score > current.score) || !near && !currentNear && d < current.distance {
                    best = (i, score, d)
                }
            } else {
                best = (i, score, d)
            }
        }
        return edgeNormals[best!.index]
    }
}
