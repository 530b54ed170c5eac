import Foundation
import PinnNumerics

/// A source of points in the unit cube [0,1)^d.
///
/// `.halton` takes the first d coordinates of each Halton point, so its sequence must have
/// dimension ≥ the d requested (boundary sampling of a 3-D box asks for d = 3: one coordinate
/// picks the face, two place the point on it). A 4-D sequence serves every domain; the same
/// holds for `.sobol`.
public enum PointSource: Sendable {
    case uniform(SeededGenerator)
    case halton(HaltonSequence)
    case sobol(SobolSequence)

    public mutating func next(dimension d: Int) -> [Double] {
        switch self {
        case .uniform(var g):
            let p = (0..<d).map { _ in g.uniform(0.0, 1.0) }
            self = .uniform(g)
            return p
        case .halton(var h):
            precondition(h.dimension >= d, "Halton point source has dimension \(h.dimension), \(d) needed")
            let p = Array(h.next().prefix(d))
            self = .halton(h)
            return p
        case .sobol(var q):
            precondition(q.dimension >= d, "Sobol point source has dimension \(q.dimension), \(d) needed")
            let p = Array(q.next().prefix(d))
            self = .sobol(q)
            return p
        }
    }
}

extension Domain {
    /// `count` points inside the domain: unit-cube points mapped to the bounding box, with
    /// points outside the domain rejected (ball, polygon).
    public func sampleInterior(count: Int, using source: inout PointSource) -> [[Double]] {
        let (lo, hi) = boundingBox
        let d = dimension
        var points = [[Double]]()
        points.reserveCapacity(max(count, 0))
        var attempts = 0
        while points.count < count {
            attempts += 1
            precondition(
                attempts <= 1000 * count + 1000, "interior sampling rejected too many points; is the domain degenerate?"
            )
            let u = source.next(dimension: d)
            let p = (0..<d).map { lo[$0] + (hi[$0] - lo[$0]) * u[$0] }
            switch self {
            case .interval, .rectangle, .box: points.append(p)
            case .ball, .polygon: if contains(p) { points.append(p) }
            }
        }
        return points
    }

    /// The measure (length, area, or 1 for a point) of each elementary boundary part, in the
    /// order of `boundaryParts()`.
    public func boundaryPartMeasures() -> [Double] {
        switch self {
        case .interval: return [1, 1]
        case .rectangle(let lo, let hi), .box(let lo, let hi):
            let ext = zip(lo, hi).map { $1 - $0 }
            return (0..<lo.count).flatMap { k -> [Double] in
                let face = ext.indices.filter { $0 != k }.reduce(1.0) { $0 * ext[$1] }
                return [face, face]
            }
        case .ball(let c, let r):
            switch c.count {
            case 1: return [2]
            case 2: return [2 * Double.pi * r]
            default: return [4 * Double.pi * r * r]
            }
        case .polygon(let v):
            return v.indices.map { i in
                let a = v[i], b = v[(i + 1) % v.count]
                return hypot(b[0] - a[0], b[1] - a[1])
            }
        }
    }

    /// `count` boundary points with their outward unit normals and the part they lie on.
    /// A part is chosen with probability proportional to its measure, then a point uniformly on it.
    public func sampleBoundary(count: Int, using source: inout PointSource)
        -> [(point: [Double], normal: [Double], part: BoundaryPart)]
    {
        let parts = boundaryParts()
        let weights = boundaryPartMeasures()
        let total = weights.reduce(0, +)
        var cumulative = [Double]()
        var s = 0.0
        for w in weights { s += w; cumulative.append(s / total) }
        let d = dimension
        // A polygon's outward normal is its edge direction turned clockwise for counter-clockwise
        // vertices (positive signed area), counter-clockwise otherwise.
        let orientation: Double = if case .polygon(let v) = self, Domain.signedArea(v) < 0 { -1 } else { 1 }
        var result = [(point: [Double], normal: [Double], part: BoundaryPart)]()
        result.reserveCapacity(max(count, 0))
        for _ in 0..<max(count, 0) {
            switch self {
            case .ball(let c, let r):
                let u = source.next(dimension: max(d - 1, 1))
                let n: [Double]
                switch d {
                case 1: n = [u[0] < 0.5 ? -1 : 1]
                case 2:
                    let t = 2 * Double.pi * u[0]
                    n = [cos(t), sin(t)]
                default:
                    let z = 1 - 2 * u[0], phi = 2 * Double.pi * u[1]
                    let rho = (max(0, 1 - z * z)).squareRoot()
                    n = [rho * cos(phi), rho * sin(phi), z]
                }
                result.append((zip(c, n).map { $0 + r * $1 }, n, .all))
            case .interval(let lo, let hi):
                let u = source.next(dimension: 1)
                result.append(u[0] < 0.5 ? ([lo], [-1], .left) : ([hi], [1], .right))
            case .rectangle(let lo, let hi), .box(let lo, let hi):
                let u = source.next(dimension: d)
                let f = cumulative.firstIndex { u[0] < $0 } ?? parts.count - 1
                let axis = f / 2, upperSide = f % 2 == 1
                var p = [Double](repeating: 0, count: d)
                var n = [Double](repeating: 0, count: d)
                var j = 1
                for k in 0..<d {
                    if k == axis {
                        p[k] = upperSide ? hi[k] : lo[k]
                        n[k] = upperSide ? 1 : -1
                    } else {
                        p[k] = lo[k] + (hi[k] - lo[k]) * u[j]
                        j += 1
                    }
                }
                result.append((p, n, parts[f]))
            case .polygon(let v):
                let u = source.next(dimension: 2)
                let i = cumulative.firstIndex { u[0] < $0 } ?? parts.count - 1
                let a = v[i], b = v[(i + 1) % v.count]
                let dx = b[0] - a[0], dy = b[1] - a[1], len = hypot(dx, dy)
                let p = [a[0] + u[1] * dx, a[1] + u[1] * dy]
                result.append((p, [orientation * dy / len, -orientation * dx / len], .edge(i)))
            }
        }
        return result
    }
}
