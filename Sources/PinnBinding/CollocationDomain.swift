import PinnIO
import PinnProblems

/// A training point on the boundary: where it is, the outward unit normal there and the boundary
/// parts it lies on (one side or edge of an analytic domain; the physical groups of a mesh face).
public struct BoundarySample: Sendable {
    public var point: [Double]
    public var normal: [Double]
    public var parts: [BoundaryPart]

    public init(point: [Double], normal: [Double], parts: [BoundaryPart]) {
        self.point = point
        self.normal = normal
        self.parts = parts
    }
}

/// Where a problem's collocation points come from: points spread uniformly inside its domain and
/// on its boundary, drawn from a point source in the unit cube (Halton, Sobol or pseudo-random).
public protocol CollocationDomain: Sendable {
    /// 1, 2 or 3.
    var dimension: Int { get }
    /// The smallest axis-aligned box holding the domain.
    var boundingBox: (lower: [Double], upper: [Double]) { get }
    /// `count` points inside the domain, as the columns of a dimension × count array
    /// (point j at `[j·d ..< (j+1)·d]`).
    func interiorPoints(count: Int, using source: inout PointSource) -> [Double]
    /// `count` points on the boundary, spread by length/area, with their normals and parts.
    func boundaryPoints(count: Int, using source: inout PointSource) -> [BoundarySample]
}

/// An analytic domain (interval, rectangle, box, ball, polygon): its own samplers.
extension Domain: CollocationDomain {
    public func interiorPoints(count: Int, using source: inout PointSource) -> [Double] {
        sampleInterior(count: count, using: &source).flatMap { $0 }
    }

    public func boundaryPoints(count: Int, using source: inout PointSource) -> [BoundarySample] {
        sampleBoundary(count: count, using: &source).map {
            BoundarySample(point: $0.point, normal: $0.normal, parts: [$0.part])
        }
    }
}

/// A mesh: a cell is picked with probability proportional to its area/volume by the first unit
/// coordinate, the point inside it by the next d (`SimplexMesh.point(inSimplex:at:)`, in the
/// straight simplex on the cell's vertices); boundary points likewise on the boundary faces (d unit
/// coordinates: one picks the face, d − 1 place the point), with the face's outward normal and its
/// physical groups as the parts. On a quadratic mesh the boundary points and normals are those of
/// the curved faces (`SimplexMesh.boundarySample`), so conditions hold on the boundary the file
/// describes; the interior points stay in the straight cells (on a convex curved boundary, inside).
extension MeshDomain: CollocationDomain {
    public var boundingBox: (lower: [Double], upper: [Double]) {
        let used = nodeMask
        var lower = [Double](repeating: .infinity, count: dimension),
            upper = [Double](repeating: -.infinity, count: dimension)
        for (node, point) in mesh.nodes.enumerated() where used[node] {
            for k in 0..<dimension {
                lower[k] = min(lower[k], point[k])
                upper[k] = max(upper[k], point[k])
            }
        }
        return (lower, upper)
    }

    public func interiorPoints(count: Int, using source: inout PointSource) -> [Double] {
        var points = [Double]()
        points.reserveCapacity(count * dimension)
        for _ in 0..<max(count, 0) {
            let u = source.next(dimension: dimension + 1)
            let cell = cellChoice.element(at: u[0])
            append(mesh.point(inSimplex: mesh.cells.vertices(of: cell), at: Array(u[1...])), to: &points)
        }
        return points
    }

    public func boundaryPoints(count: Int, using source: inout PointSource) -> [BoundarySample] {
        guard faceChoice.total > 0 else { return [] }
        return (0..<max(count, 0)).map { _ in
            let u = source.next(dimension: dimension)
            let face = faceChoice.element(at: u[0])
            var point = [Double](), normal = [Double]()
            let sample = mesh.boundarySample(boundary, face: face, at: Array(u[1...]))
            append(sample.point, to: &point)
            append(sample.normal, to: &normal)
            return BoundarySample(point: point, normal: normal, parts: faceGroups[face].map { .group($0) })
        }
    }
}

/// The domain of a bound problem: an analytic shape (its results on a grid, with a
/// finite-difference reference) or a mesh (its results on the mesh's nodes).
public enum ProblemDomain: Sendable {
    case analytic(Domain)
    case mesh(MeshDomain)

    /// The domain as a source of collocation points.
    public var collocation: any CollocationDomain {
        switch self {
        case .analytic(let domain): domain
        case .mesh(let mesh): mesh
        }
    }
}
