import Foundation

/// A geometric domain for a problem file. All domains are closed sets (the boundary is inside).
public enum Domain: Sendable, Equatable {
    /// [lower, upper] in 1-D.
    case interval(lower: Double, upper: Double)
    /// An axis-aligned rectangle in 2-D.
    case rectangle(lower: [Double], upper: [Double])
    /// An axis-aligned box in 3-D.
    case box(lower: [Double], upper: [Double])
    /// A ball |x − c| ≤ r (a disk in 2-D); its dimension is `center.count` (1...3).
    case ball(center: [Double], radius: Double)
    /// A simple 2-D polygon (edge i joins vertex i to i+1); vertices counter-clockwise by convention,
    /// clockwise accepted (the area is |signed area| and boundary normals still point outward).
    case polygon(vertices: [[Double]])

    public var dimension: Int {
        switch self {
        case .interval: return 1
        case .rectangle(let lower, _), .box(let lower, _): return lower.count
        case .ball(let center, _): return center.count
        case .polygon: return 2
        }
    }

    /// The smallest axis-aligned box containing the domain.
    public var boundingBox: (lower: [Double], upper: [Double]) {
        switch self {
        case .interval(let lo, let hi): return ([lo], [hi])
        case .rectangle(let lo, let hi), .box(let lo, let hi): return (lo, hi)
        case .ball(let c, let r): return (c.map { $0 - r }, c.map { $0 + r })
        case .polygon(let v):
            return (
                [v.map { $0[0] }.min() ?? 0, v.map { $0[1] }.min() ?? 0],
                [v.map { $0[0] }.max() ?? 0, v.map { $0[1] }.max() ?? 0]
            )
        }
    }

    /// Whether `p` lies in the closed domain.
    public func contains(_ p: [Double]) -> Bool {
        guard p.count == dimension else { return false }
        switch self {
        case .interval(let lo, let hi): return p[0] >= lo && p[0] <= hi
        case .rectangle(let lo, let hi), .box(let lo, let hi):
            return p.indices.allSatisfy { p[$0] >= lo[$0] && p[$0] <= hi[$0] }
        case .ball(let c, let r):
            return zip(p, c).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } <= r * r
        case .polygon(let v):
            return Domain.polygonContains(v, p[0], p[1])
        }
    }

    /// Length, area or volume (polygon by the shoelace formula A = ½|Σ x_i y_{i+1} − x_{i+1} y_i|).
    public var measure: Double {
        switch self {
        case .interval(let lo, let hi): return hi - lo
        case .rectangle(let lo, let hi), .box(let lo, let hi):
            return zip(lo, hi).reduce(1) { $0 * ($1.1 - $1.0) }
        case .ball(let c, let r):
            switch c.count {
            case 1: return 2 * r
            case 2: return Double.pi * r * r
            default: return 4.0 / 3.0 * Double.pi * r * r * r
            }
        case .polygon(let v): return abs(Domain.signedArea(v))
        }
    }

    // MARK: boundary parts

    /// The elementary boundary parts: interval ends, box faces, polygon edges, or [.all] for a ball.
    public func boundaryParts() -> [BoundaryPart] {
        switch self {
        case .interval: return [.left, .right]
        case .rectangle: return [.left, .right, .bottom, .top]
        case .box: return [.left, .right, .bottom, .top, .front, .back]
        case .ball: return [.all]
        case .polygon(let v): return v.indices.map { .edge($0) }
        }
    }

    // MARK: polygon helpers

    /// ½ Σ (x_i y_{i+1} − x_{i+1} y_i); positive for counter-clockwise vertices.
    static func signedArea(_ v: [[Double]]) -> Double {
        var s = 0.0
        for i in v.indices {
            let a = v[i], b = v[(i + 1) % v.count]
            s += a[0] * b[1] - b[0] * a[1]
        }
        return 0.5 * s
    }

    /// Even–odd ray casting, with points on an edge counted as inside.
    static func polygonContains(_ v: [[Double]], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        let n = v.count
        for i in 0..<n {
            let a = v[i], b = v[(i + 1) % n]
            // On the segment a–b?
            let dx = b[0] - a[0], dy = b[1] - a[1]
            let cross = (x - a[0]) * dy - (y - a[1]) * dx
            let len2 = dx * dx + dy * dy
            if abs(cross) <= 1e-14 * max(len2, 1) {
                let t = len2 > 0 ? ((x - a[0]) * dx + (y - a[1]) * dy) / len2 : 0
                if t >= 0 && t <= 1 { return true }
            }
            if (a[1] > y) != (b[1] > y) {
                let xi = a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0])
                if x < xi { inside.toggle() }
            }
        }
        return inside
    }
}

/// A named part of a domain's boundary.
///
/// left/right = x min/max, bottom/top = y min/max, front/back = z min/max; interval ends are
/// left/right; polygon edge i joins vertex i to vertex i+1; a ball has only `all`; a mesh's
/// boundary parts are its physical groups of facets, `group(name)`.
public enum BoundaryPart: Hashable, Sendable, CustomStringConvertible {
    case all, left, right, bottom, top, front, back
    case edge(Int)
    /// A mesh's physical group of facets (lines in 2-D, triangles in 3-D), by name.
    case group(String)

    public var description: String {
        switch self {
        case .all: return "all"
        case .left: return "left"
        case .right: return "right"
        case .bottom: return "bottom"
        case .top: return "top"
        case .front: return "front"
        case .back: return "back"
        case .edge(let i): return "edge:\(i)"
        case .group(let name): return name
        }
    }
}
