/// A mesh of triangles (2-D) or tetrahedra (3-D) for the finite-element reference, with the
/// boundary facets (segments in 2-D, triangles in 3-D) on which conditions hold; linear
/// (order 1: 3-node triangles, 4-node tetrahedra), quadratic (order 2: 6-node triangles,
/// 10-node tetrahedra, 3-node segments and 6-node triangles as facets) or cubic (order 3:
/// 10-node triangles, 20-node tetrahedra, 4-node segments and 10-node triangles as facets), in
/// Gmsh's node order: vertices, then the nodes of each edge, edges (0,1), (1,2), (2,0) and for
/// tetrahedra (3,0), (3,2), (3,1), then (order 3) one node per face; see `FEMLagrangeBasis`.
/// Quadratic and cubic cells are isoparametric: an edge is the parabola or cubic through its
/// nodes, so cells along a curved boundary can follow it.
///
/// Plain arrays, so that any mesh source (a Gmsh file read by the IO target, a generator) can
/// fill it without this target knowing about it:
/// - `coordinates`: node i at `coordinates[d·i ..< d·(i+1)]` (x, y; and z in 3-D);
/// - `cells`: `nodesPerCell` 0-based node indices per cell (d + 1 vertices, then the edge and
///   face nodes for orders 2 and 3), in either orientation;
/// - `facets`: `nodesPerFacet` node indices per facet; `facetConditions[f]` is the index, in
///   `FEMProblem.boundaryConditions`, of the condition that holds on facet f.
///
/// The initializer checks the mesh: every facet must be a face of exactly one cell (a boundary
/// face, listed once), every boundary face must be covered by a facet (so a condition holds on
/// the whole boundary), and no cell may be degenerate. For orders 2 and 3 also: cells sharing an
/// edge or face agree on its nodes, a facet's nodes are its cell's, and the isoparametric
/// Jacobian keeps one sign, away from zero, at the vertices and quadrature points of every cell. Nodes that belong to no cell are
/// allowed (Gmsh keeps, for example, the centre point of a circle); the solution is NaN there.
public struct FEMMesh: Sendable {
    /// 2 (triangles) or 3 (tetrahedra).
    public let dimension: Int
    /// 1 (linear cells, P1 elements), 2 or 3 (quadratic or cubic isoparametric cells, P2 or P3
    /// elements).
    public let order: Int
    /// Node coordinates, `dimension` per node.
    public let coordinates: [Double]
    /// Cell connectivity, `nodesPerCell` node indices per cell.
    public let cells: [Int]
    /// Boundary facet connectivity, `nodesPerFacet` node indices per facet.
    public let facets: [Int]
    /// For each facet, the index of the boundary condition that holds on it.
    public let facetConditions: [Int]

    /// Node positions (z = 0 in 2-D), for the geometry.
    let positions: [SIMD3<Double>]
    /// For each facet, the cell it bounds and the local index (0…d) of that cell's vertex
    /// opposite the facet, which orients the facet's outward normal.
    let facetOwners: [FacetOwner]

    struct FacetOwner: Sendable {
        var cell: Int
        var oppositeVertex: Int
    }

    /// Checks and stores a mesh; throws `FEMError.invalidMesh`, `.degenerateCell`,
    /// `.invertedCell` or `.uncoveredBoundary` naming the offending cell, facet or face.
    public init(
        dimension: Int, order: Int = 1, coordinates: [Double], cells: [Int], facets: [Int],
        facetConditions: [Int]
    ) throws(FEMError) {
        guard dimension == 2 || dimension == 3 else {
            throw .invalidMesh(reason: "dimension \(dimension); expected 2 (triangles) or 3 (tetrahedra)")
        }
        guard (1...3).contains(order) else {
            throw .invalidMesh(reason: "order \(order); expected 1 (linear), 2 (quadratic) or 3 (cubic) cells")
        }
        let d = dimension
        let perCell = Self.nodesPerSimplex(dimension: d, order: order)
        let perFacet = Self.nodesPerSimplex(dimension: d - 1, order: order)
        guard !coordinates.isEmpty, coordinates.count % d == 0 else {
            throw .invalidMesh(
                reason: "\(coordinates.count) coordinates is not a positive multiple of the dimension \(d)")
        }
        if let i = coordinates.firstIndex(where: { !$0.isFinite }) {
            throw .invalidMesh(reason: "coordinate \(i % d) of node \(i / d) is \(coordinates[i]), not finite")
        }
        let nodeCount = coordinates.count / d
        guard !cells.isEmpty, cells.count % perCell == 0 else {
            throw .invalidMesh(reason: "\(cells.count) cell node indices is not a positive multiple of \(perCell)")
        }
        guard facets.count % perFacet == 0 else {
            throw .invalidMesh(reason: "\(facets.count) facet node indices is not a multiple of \(perFacet)")
        }
        guard facetConditions.count == facets.count / perFacet else {
            throw .invalidMesh(
                reason: "\(facetConditions.count) facet conditions for \(facets.count / perFacet) facets")
        }
        if let i = cells.firstIndex(where: { !(0..<nodeCount).contains($0) }) {
            throw .invalidMesh(
                reason: "cell \(i / perCell) refers to node \(cells[i]); the mesh has \(nodeCount) nodes")
        }
        if let i = facets.firstIndex(where: { !(0..<nodeCount).contains($0) }) {
            throw .invalidMesh(
                reason: "facet \(i / perFacet) refers to node \(facets[i]); the mesh has \(nodeCount) nodes")
        }
        if let f = facetConditions.firstIndex(where: { $0 < 0 }) {
            throw .invalidMesh(reason: "facet \(f) has the negative condition index \(facetConditions[f])")
        }

        let positions = (0..<nodeCount).map { i in
            SIMD3(coordinates[d * i], coordinates[d * i + 1], d == 3 ? coordinates[d * i + 2] : 0)
        }
        for cell in 0..<(cells.count / perCell) {
            let nodes = Array(cells[(cell * perCell)..<(cell * perCell + d + 1)])
            let vertices = nodes.map { positions[$0] }
            let geometry = FEMCellGeometry(vertices: vertices, dimension: d)
            if !geometry.isRegular(vertices: vertices) {
                throw .degenerateCell(cell: cell, nodes: nodes, measure: geometry.measure)
            }
        }
        let cellVertices = Self.vertices(of: cells, stride: perCell, count: d + 1)
        let facetVertices = Self.vertices(of: facets, stride: perFacet, count: d)
        facetOwners = try Self.boundaryOwners(
            dimension: d, cells: cellVertices, facets: facetVertices, positions: positions)
        if order >= 2 {
            try Self.checkHigherOrder(
                dimension: d, order: order, cells: cells, facets: facets, facetOwners: facetOwners,
                positions: positions)
        }
        self.dimension = d
        self.order = order
        self.coordinates = coordinates
        self.cells = cells
        self.facets = facets
        self.facetConditions = facetConditions
        self.positions = positions
    }

    /// The number of nodes.
    public var nodeCount: Int { coordinates.count / dimension }
    /// The number of cells.
    public var cellCount: Int { cells.count / nodesPerCell }
    /// The number of boundary facets.
    public var facetCount: Int { facets.count / nodesPerFacet }
    /// Nodes per cell: 3 or 4 (order 1), 6 or 10 (order 2), 10 or 20 (order 3).
    public var nodesPerCell: Int { Self.nodesPerSimplex(dimension: dimension, order: order) }
    /// Nodes per facet: 2 or 3 (order 1), 3 or 6 (order 2), 4 or 10 (order 3).
    public var nodesPerFacet: Int { Self.nodesPerSimplex(dimension: dimension - 1, order: order) }

    /// The number of Lagrange nodes of degree `order` on the simplex of `dimension`:
    /// (n + p)! / (n! p!).
    static func nodesPerSimplex(dimension n: Int, order p: Int) -> Int {
        var count = 1
        for k in 1...n { count = count * (p + k) / k }
        return count
    }

    /// The first `count` entries of every `stride`-long block of `connectivity`.
    static func vertices(of connectivity: [Int], stride: Int, count: Int) -> [Int] {
        guard stride != count else { return connectivity }
        return (0..<(connectivity.count / stride)).flatMap { connectivity[($0 * stride)..<($0 * stride + count)] }
    }

    /// The coordinates of node `node`.
    public func point(_ node: Int) -> [Double] {
        Array(coordinates[(dimension * node)..<(dimension * (node + 1))])
    }

    /// The node indices of cell `cell` (vertices, then edge and face nodes for orders 2 and 3).
    public func nodes(ofCell cell: Int) -> ArraySlice<Int> {
        cells[(cell * nodesPerCell)..<((cell + 1) * nodesPerCell)]
    }

    /// The node indices of facet `facet` (vertices, then edge and face nodes for orders 2 and 3).
    public func nodes(ofFacet facet: Int) -> ArraySlice<Int> {
        facets[(facet * nodesPerFacet)..<((facet + 1) * nodesPerFacet)]
    }

    /// The position of the vertex of facet `facet`'s cell that is not on the facet.
    func oppositeVertex(ofFacet facet: Int) -> SIMD3<Double> {
        let owner = facetOwners[facet]
        return positions[cells[owner.cell * nodesPerCell + owner.oppositeVertex]]
    }

    /// The measure and outward unit normal of facet `facet` (order 1: a straight facet).
    func facetGeometry(_ facet: Int) -> FEMFacetGeometry {
        let opposite = oppositeVertex(ofFacet: facet)
        return FEMFacetGeometry(
            vertices: nodes(ofFacet: facet).map { positions[$0] }, opposite: opposite,
            dimension: dimension)
    }

    /// The point with barycentric coordinates `lambda` in the simplex (cell or facet) with `nodes`.
    func point(_ lambda: [Double], in nodes: ArraySlice<Int>) -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        var k = 0
        for node in nodes {
            let start = dimension * node
            for a in 0..<dimension { x[a] += lambda[k] * coordinates[start + a] }
            k += 1
        }
        return x
    }

    /// The first `dimension` coordinates of `p` as an array (what the problem's closures take).
    func coordinates(of p: SIMD3<Double>) -> [Double] {
        dimension == 2 ? [p.x, p.y] : [p.x, p.y, p.z]
    }
}

extension FEMMesh {
    /// A face of a cell as the sorted indices of its nodes (the third is −1 for segments).
    private struct FaceKey: Hashable {
        var a: Int, b: Int, c: Int

        /// The segment with nodes a and b, in any order.
        init(_ a: Int, _ b: Int) {
            self.a = min(a, b)
            self.b = max(a, b)
            c = -1
        }

        /// The triangle with nodes a, b and c, in any order.
        init(_ a: Int, _ b: Int, _ c: Int) {
            var (a, b, c) = (a, b, c)
            if a > b { swap(&a, &b) }
            if b > c { swap(&b, &c) }
            if a > b { swap(&a, &b) }
            self.a = a
            self.b = b
            self.c = c
        }

        /// The facet with `nodes` (2 or 3).
        init(_ nodes: ArraySlice<Int>) {
            let s = nodes.startIndex
            if nodes.count == 2 {
                self.init(nodes[s], nodes[s + 1])
            } else {
                self.init(nodes[s], nodes[s + 1], nodes[s + 2])
            }
        }

        var nodes: [Int] { c < 0 ? [a, b] : [a, b, c] }
    }

    private struct FaceRecord {
        var owner: FacetOwner
        var cellCount: Int
    }

    /// Finds, for each facet, the one cell it bounds; checks that facets are boundary faces,
    /// listed once, and that they cover the whole boundary.
    private static func boundaryOwners(
        dimension d: Int, cells: [Int], facets: [Int],
        positions: [SIMD3<Double>]
    ) throws(FEMError) -> [FacetOwner] {
        var faces: [FaceKey: FaceRecord] = [:]
        faces.reserveCapacity(cells.count)
        for cell in 0..<(cells.count / (d + 1)) {
            let nodes = cells[(cell * (d + 1))..<((cell + 1) * (d + 1))]
            for opposite in 0...d {
                let s = nodes.startIndex
                let key =
                    d == 2
                    ? FaceKey(nodes[s + (opposite + 1) % 3], nodes[s + (opposite + 2) % 3])
                    : FaceKey(
                        nodes[s + (opposite + 1) % 4], nodes[s + (opposite + 2) % 4], nodes[s + (opposite + 3) % 4])
                if var record = faces[key] {
                    record.cellCount += 1
                    if record.cellCount > 2 {
                        throw .invalidMesh(
                            reason: "the face with nodes \(key.nodes) is shared by more than two cells "
                                + "(cells \(record.owner.cell) and \(cell) among them)")
                    }
                    faces[key] = record
                } else {
                    faces[key] = FaceRecord(owner: FacetOwner(cell: cell, oppositeVertex: opposite), cellCount: 1)
                }
            }
        }

        var owners: [FacetOwner] = []
        owners.reserveCapacity(facets.count / d)
        var facetOfFace: [FaceKey: Int] = [:]
        for facet in 0..<(facets.count / d) {
            let nodes = facets[(facet * d)..<((facet + 1) * d)]
            let key = FaceKey(nodes)
            guard let record = faces[key] else {
                throw .invalidMesh(reason: "facet \(facet) (nodes \(nodes)) is not a face of any cell")
            }
            guard record.cellCount == 1 else {
                throw .invalidMesh(
                    reason: "facet \(facet) (nodes \(nodes)) lies inside the mesh, between two cells; "
                        + "conditions hold only on the boundary")
            }
            if let earlier = facetOfFace.updateValue(facet, forKey: key) {
                throw .invalidMesh(reason: "facet \(facet) (nodes \(nodes)) repeats facet \(earlier)")
            }
            owners.append(record.owner)
        }

        // Report the uncovered face with the smallest node indices, so the error is reproducible.
        let uncovered = faces.lazy.filter { $0.value.cellCount == 1 && facetOfFace[$0.key] == nil }.map(\.key)
        if let key = uncovered.min(by: { ($0.a, $0.b, $0.c) < ($1.a, $1.b, $1.c) }) {
            let nodes = key.nodes
            let centre = nodes.reduce(SIMD3<Double>.zero) { $0 + positions[$1] } / Double(d)
            throw .uncoveredBoundary(
                nodes: nodes, point: d == 2 ? [centre.x, centre.y] : [centre.x, centre.y, centre.z])
        }
        return owners
    }
}
