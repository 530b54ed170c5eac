/// An interval, rectangle or box `[lower, upper]` in 1, 2 or 3 dimensions.
///
/// On the grid over its own bounding box every node is inside, and the boundary nodes lie on
/// the faces, so the solver uses the plain 3/5/7-point Laplacian with ghost points for
/// Neumann and Robin faces.
public struct FDBox: FDDomain {
    public let lowerCorner: [Double]
    public let upperCorner: [Double]
    private let tolerance: Double

    public init(lower: [Double], upper: [Double]) {
        lowerCorner = lower
        upperCorner = upper
        let extent = zip(lower, upper).map { abs($1 - $0) }.max() ?? 1
        tolerance = 1e-10 * max(extent, .leastNormalMagnitude)
    }

    public var dimension: Int { lowerCorner.count }

    public func contains(_ p: [Double]) -> Bool {
        for a in 0..<dimension where p[a] < lowerCorner[a] - tolerance || p[a] > upperCorner[a] + tolerance {
            return false
        }
        return true
    }

    public func boundaryCrossing(from p: [Double], axis: Int, direction: Int, within h: Double)
        -> (distance: Double, normal: [Double])?
    {
        let face = direction > 0 ? upperCorner[axis] : lowerCorner[axis]
        let distance = Double(direction) * (face - p[axis])
        if distance >= h - tolerance { return nil }
        var normal = [Double](repeating: 0, count: dimension)
        normal[axis] = direction > 0 ? 1 : -1
        return (max(0, distance), normal)
    }

    /// The face whose outward normal is `normal`: its axis and side (−1 lower, +1 upper), or
    /// nil when `normal` is not a coordinate direction. Handy in boundary-condition closures.
    public static func face(ofNormal normal: [Double]) -> (axis: Int, side: Int)? {
        for (axis, component) in normal.enumerated() where abs(component) > 0.999_999 {
            return (axis, component > 0 ? 1 : -1)
        }
        return nil
    }
}
