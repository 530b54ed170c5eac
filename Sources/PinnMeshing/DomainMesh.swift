/// A triangulation of a `MeshDomain` with Lagrange elements of order 1, 2 or 3, as plain arrays.
///
/// - `coordinates`: node i at `coordinates[d·i ..< d·(i+1)]` (x, y; and z in 3-D). Every node
///   belongs to at least one cell (Gmsh's nodes in no cell are dropped, `droppedNodeCount` says
///   how many) and nodes are numbered in Gmsh's tag order.
/// - `cells`: `nodesPerCell` 0-based node indices per cell, **in Gmsh's node order**: the
///   vertices first, then (order 2) one node per edge or (order 3) two per edge, from its first
///   vertex towards its second, and one per face (see `GmshElementType`),
///   - triangle (3, 6 or 10 nodes): v0, v1, v2, then edges v0v1, v1v2, v2v0, then the centre;
///   - tetrahedron (4, 10 or 20 nodes): v0, v1, v2, v3, then edges v0v1, v1v2, v2v0, v3v0, v3v2,
///     v3v1, then faces v0v2v1, v0v1v3, v0v3v2, v3v1v2.
///   Cells are positively oriented: (v1 − v0) × (v2 − v0) > 0 for a triangle,
///   det[v1 − v0, v2 − v0, v3 − v0] > 0 for a tetrahedron.
/// - `facets`: `nodesPerFacet` node indices per boundary facet, also in Gmsh's order:
///   - segment (2, 3 or 4 nodes): v0, v1, then the edge nodes from v0 to v1;
///   - triangle (3 or 6 nodes): as a triangular cell.
///   Facets are oriented outward: a segment's normal (y1 − y0, −(x1 − x0)), a triangle's
///   (v1 − v0) × (v2 − v0), points out of the domain. Every facet is a face of exactly one cell
///   and the facets cover the boundary.
/// - `facetParts[f]`: the boundary part facet f lies on (see `MeshDomain` for the numbering).
///
/// With order 2 or 3, edge and face nodes on a curved boundary (circle, sphere) lie on it;
/// elsewhere they are where Gmsh puts them (edge midpoints and thirds on straight edges).
public struct DomainMesh: Sendable, Equatable {
    /// 2 (triangles) or 3 (tetrahedra).
    public let dimension: Int
    /// 1 (linear), 2 (quadratic) or 3 (cubic).
    public let order: Int
    /// Node coordinates, `dimension` per node.
    public let coordinates: [Double]
    /// Cell connectivity, `nodesPerCell` node indices per cell, in Gmsh's node order.
    public let cells: [Int]
    /// Boundary facet connectivity, `nodesPerFacet` node indices per facet, in Gmsh's node order.
    public let facets: [Int]
    /// For each facet, the boundary part it lies on.
    public let facetParts: [Int]
    /// How many of Gmsh's nodes belonged to no cell (e.g. a geometric point) and were dropped.
    public let droppedNodeCount: Int

    /// 3, 6 or 10 (triangles), 4, 10 or 20 (tetrahedra).
    public var nodesPerCell: Int { Self.nodesPerSimplex(dimension: dimension, order: order) }
    /// 2, 3 or 4 (segments), 3, 6 or 10 (triangles).
    public var nodesPerFacet: Int { Self.nodesPerSimplex(dimension: dimension - 1, order: order) }
    public var nodeCount: Int { coordinates.count / dimension }
    public var cellCount: Int { cells.count / nodesPerCell }
    public var facetCount: Int { facets.count / nodesPerFacet }

    /// The coordinates of node `node`.
    public func point(_ node: Int) -> [Double] {
        Array(coordinates[(dimension * node)..<(dimension * (node + 1))])
    }

    /// The node indices of cell `cell`.
    public func cell(_ cell: Int) -> ArraySlice<Int> {
        cells[(nodesPerCell * cell)..<(nodesPerCell * (cell + 1))]
    }

    /// The node indices of facet `facet`.
    public func facet(_ facet: Int) -> ArraySlice<Int> {
        facets[(nodesPerFacet * facet)..<(nodesPerFacet * (facet + 1))]
    }

    /// "2-D order 2 mesh: N nodes, M cells, F boundary facets (K nodes in no cell dropped)".
    public var summary: String {
        let dropped = droppedNodeCount > 0 ? " (\(droppedNodeCount) nodes in no cell dropped)" : ""
        return "\(dimension)-D order \(order) mesh: \(nodeCount) nodes, \(cellCount) cells, "
            + "\(facetCount) boundary facets\(dropped)"
    }

    /// Nodes of a Lagrange simplex of dimension n = 1…3 and order p = 1…3: (n + p)! / (n! p!)
    /// (vertices; plus p − 1 per edge; plus one per face at order 3).
    static func nodesPerSimplex(dimension n: Int, order p: Int) -> Int {
        var count = 1
        for k in 1...n { count = count * (p + k) / k }
        return count
    }
}
