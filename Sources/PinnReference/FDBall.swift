/// A disk (2-D) or ball (3-D) `|x − center| ≤ radius`, or an interval in 1-D.
///
/// Grid nodes rarely fall on its boundary, so the solver treats it as a masked grid with
/// Shortley–Weller arms; only Dirichlet conditions are supported on it (see
/// `solveFiniteDifference`). The bounding box is the ball's own box.
public struct FDBall: FDDomain {
    public let center: [Double]
    public let radius: Double
    private let tolerance: Double

    public init(center: [Double], radius: Double) {
        self.center = center
        self.radius = radius
        tolerance = 1e-10 * max(abs(radius), .leastNormalMagnitude)
    }

    public var dimension: Int { center.count }
    public var lowerCorner: [Double] { center.map { $0 - radius } }
    public var upperCorner: [Double] { center.map { $0 + radius } }

    public func contains(_ p: [Double]) -> Bool {
        var squared = 0.0
        for a in 0..<dimension { squared += (p[a] - center[a]) * (p[a] - center[a]) }
        return squared.squareRoot() <= radius + tolerance
    }

    public func boundaryCrossing(from p: [Double], axis: Int, direction: Int, within h: Double)
        -> (distance: Double, normal: [Double])?
    {
        var end = p
        end[axis] += Double(direction) * h
        if contains(end) { return nil } // convex: the whole segment is inside
        // Solve |q + t·s·e_a| = r for the larger root, q = p − center.
        let q = zip(p, center).map { $0 - $1 }
        let s = Double(direction) * q[axis]
        let c = q.reduce(0) { $0 + $1 * $1 } - radius * radius
        let t = min(h, max(0, -s + max(0, s * s - c).squareRoot()))
        var normal = q
        normal[axis] += Double(direction) * t
        let length = normal.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return (t, normal.map { $0 / length })
    }
}

/// A disk is a two-dimensional ball.
public typealias FDDisk = FDBall
