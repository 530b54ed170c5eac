/// A closed domain in R^d (d = 1, 2 or 3) as the finite-difference reference sees it: a
/// bounding box, an inside test and axis-parallel ray casts to its boundary.
///
/// Conforming types: `FDBox`, `FDBall` (`FDDisk`), `FDPolygon`; other domain types (for
/// example those of the problem-file target) can conform with these three requirements.
///
/// Contract, used by the solver to classify grid nodes:
/// - `contains` is a *closed* test, with a small tolerance: points on the boundary are inside.
/// - `boundaryCrossing(from: p, axis: a, direction: s, within: h)`, for p inside, looks at the
///   segment from p to `p + s·h·e_a`. It returns nil when the whole segment lies in the closed
///   domain (in particular when it runs along the boundary, or ends exactly on it). Otherwise it
///   returns the distance t ∈ [0, h] along the segment at which it first leaves the domain,
///   and the outward unit normal of the boundary part it leaves through. t = 0 means p is on
///   the boundary and the direction points out of the domain.
public protocol FDDomain: Sendable {
    /// 1, 2 or 3.
    var dimension: Int { get }
    /// Lower corner of the bounding box on which the grid is laid.
    var lowerCorner: [Double] { get }
    /// Upper corner of the bounding box on which the grid is laid.
    var upperCorner: [Double] { get }
    /// Whether p lies in the closed domain (boundary included, with a small tolerance).
    func contains(_ p: [Double]) -> Bool
    /// The first exit of the segment p → p + direction·h·e_axis from the closed domain, if any:
    /// its distance from p in [0, h] and the outward unit normal there (see the type's contract).
    func boundaryCrossing(from p: [Double], axis: Int, direction: Int, within h: Double)
        -> (distance: Double, normal: [Double])?
}
