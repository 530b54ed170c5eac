/// A triangulation of a `MeshDomain` with Lagrange elements of order 1 or 2, as plain arrays.
///
/// - `coordinates`: node i at `coordinates[d·i ..< d·(i+1)]` (x, y; and z in 3-D). Every node
///   belongs to at least one cell (Gmsh's nodes in no cell are dropped, `droppedNodeCount` says
///   how many) and nodes are numbered in Gmsh's tag order.
/// - `cells`: `nodesPerCell` 0-based node indices per cell, **in Gmsh's node order**: the
///   vertices first, then (order 2) one node per edge,
///   - triangle (3 or 6 nodes): v0, v1, v2, then edges v0v1, v1v2, v2v0;
///   - tetrahedron (4 or 10 nodes): v0, v1, v2, v3, then edges v0v1, v1v2, v2v0, v3v0, v3v2, v3v1.
///   Cells are positively oriented: (v1 − v0) × (v2 − v0) > 0 for a triangle,
///   det[v1 − v0, v2 − v0, v3 − v0] > 0 for a tetrahedron.
/// - `facets`: `nodesPerFacet` node indices per boundary facet, also in Gmsh's order:
///   - segment (2 or 3 nodes): v0, v1, then the midpoint node;
///   - triangle (3 or 6 nodes): as a triangular cell.
///   Facets are oriented outward: a segment's normal (y1 − y0, −(x1 − x0)), a triangle's
///   (v1 − v0) × (v2 − v0), points out of the domain. Every facet is a face of exactly one cell
///   and the facets cover the boundary.
/// - `facetParts[f]`: the boundary part facet f lies on (see `MeshDomain` for the numbering).
///
/// With order 2, edge nodes on a curved boundary (circle, sphere) lie on it; elsewhere they are
/// edge midpoints.
public struct DomainMesh: Sendable, Equatable {
    /// 2 (triangles) or 3 (tetrahedra).
    public let dimension: Int
    /// 1 (linear) or 2 (quadratic).
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

    /// 3 or 6 (triangles), 4 or 10 (tetrahedra).
    public var nodesPerCell: Int { Self.nodesPerSimplex(dimension: dimension, order: order) }
    /// 2 or 3 (segments), 3 or 6 (triangles).
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

    /// Nodes of a Lagrange simplex of dimension 1…3 and order 1 or 2: vertices, plus edges at order 2.
    static func nodesPerSimplex(dimension: Int, order: Int) -> Int {
        let vertices = dimension + 1
        return order == 2 ? vertices + vertices * dimension / 2 : vertices
    }
}
