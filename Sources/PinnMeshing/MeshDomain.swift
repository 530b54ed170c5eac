/// A domain given analytically, to be triangulated by `generateMesh(_:order:meshSize:)`.
///
/// The same shapes as the problem files' domains (this target does not depend on the problem
/// target; the caller converts). Boundary parts are numbered as the problem files name them:
/// - rectangle and box: part `2·axis + side` (side 0 at the lower bound, 1 at the upper), that is
///   0 left (x = lower.x), 1 right (x = upper.x), 2 bottom (y = lower.y), 3 top (y = upper.y),
///   4 front (z = lower.z), 5 back (z = upper.z);
/// - polygon: part i is edge i, from vertex i to vertex i + 1 (the last edge closes the polygon);
/// - disk and ball: one part, 0.
public enum MeshDomain: Sendable, Equatable {
    /// The disk |x − center| ≤ radius.
    case disk(center: SIMD2<Double>, radius: Double)
    /// The ball |x − center| ≤ radius.
    case ball(center: SIMD3<Double>, radius: Double)
    /// A simple polygon: vertices in order along the boundary, either orientation, convex or not.
    case polygon(vertices: [SIMD2<Double>])
    /// The axis-aligned rectangle lower ≤ x ≤ upper.
    case rectangle(lower: SIMD2<Double>, upper: SIMD2<Double>)
    /// The axis-aligned box lower ≤ x ≤ upper.
    case box(lower: SIMD3<Double>, upper: SIMD3<Double>)

    /// 2 (disk, polygon, rectangle) or 3 (ball, box).
    public var dimension: Int {
        switch self {
        case .disk, .polygon, .rectangle: return 2
        case .ball, .box: return 3
        }
    }

    /// How many boundary parts there are; a facet's part is in `0..<boundaryPartCount`.
    public var boundaryPartCount: Int {
        switch self {
        case .disk, .ball: return 1
        case .polygon(let vertices): return vertices.count
        case .rectangle: return 4
        case .box: return 6
        }
    }

    /// The problem files' name of boundary part `part`: "all", "edge:i", or left/right/bottom/top/front/back.
    public func boundaryPartName(_ part: Int) -> String {
        switch self {
        case .disk, .ball: return "all"
        case .polygon: return "edge:\(part)"
        case .rectangle, .box:
            let names = ["left", "right", "bottom", "top", "front", "back"]
            return names.indices.contains(part) ? names[part] : "part \(part)"
        }
    }

    /// Length of the boundary (2-D) or area of the boundary surface (3-D).
    public var boundaryMeasure: Double {
        switch self {
        case .disk(_, let r): return 2 * Double.pi * r
        case .ball(_, let r): return 4 * Double.pi * r * r
        case .polygon(let v):
            return v.indices.reduce(0) { sum, i in sum + Self.length(v[(i + 1) % v.count] - v[i]) }
        case .rectangle(let lo, let hi):
            return 2 * ((hi.x - lo.x) + (hi.y - lo.y))
        case .box(let lo, let hi):
            let e = hi - lo
            return 2 * (e.x * e.y + e.y * e.z + e.z * e.x)
        }
    }

    /// Area (2-D) or volume (3-D); a polygon's by the shoelace formula.
    public var measure: Double {
        switch self {
        case .disk(_, let r): return Double.pi * r * r
        case .ball(_, let r): return 4 / 3 * Double.pi * r * r * r
        case .polygon(let v): return abs(Self.signedArea(v))
        case .rectangle(let lo, let hi): return (hi.x - lo.x) * (hi.y - lo.y)
        case .box(let lo, let hi):
            let e = hi - lo
            return e.x * e.y * e.z
        }
    }

    /// ½ Σ (x_i y_{i+1} − x_{i+1} y_i): positive when the vertices run counter-clockwise.
    static func signedArea(_ v: [SIMD2<Double>]) -> Double {
        var sum = 0.0
        for i in v.indices {
            let a = v[i]
            let b = v[(i + 1) % v.count]
            sum += a.x * b.y - b.x * a.y
        }
        return 0.5 * sum
    }

    static func length(_ v: SIMD2<Double>) -> Double { (v * v).sum().squareRoot() }
}
