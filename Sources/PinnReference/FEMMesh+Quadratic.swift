/// Quadratic meshes: the checks that only order 2 needs, and the P2 mesh of a P1 mesh.
extension FEMMesh {
    /// An edge as its two vertex indices, in any order.
    struct EdgeKey: Hashable {
        var a: Int, b: Int

        init(_ a: Int, _ b: Int) {
            self.a = min(a, b)
            self.b = max(a, b)
        }
    }

    /// Checks what a quadratic mesh adds to a linear one: cells sharing an edge name the same
    /// edge node, edge nodes are not vertices, each facet's edge nodes are those of its cell, and
    /// the isoparametric Jacobian of every cell keeps one sign with |det J| > 10⁻¹² ℓ^d (ℓ the
    /// longest vertex-to-vertex distance) at its vertices and at the points of the degree-5 rule
    /// (the rule the assembly uses), so no cell folds over where it is integrated.
    static func checkQuadratic(
        dimension d: Int, cells: [Int], facets: [Int], facetOwners: [FacetOwner],
        positions: [SIMD3<Double>]
    ) throws(FEMError) {
        let cellBasis = FEMLagrangeBasis(simplexDimension: d, degree: 2)
        let perCell = cellBasis.count, perFacet = FEMLagrangeBasis(simplexDimension: d - 1, degree: 2).count
        let cellEdges = FEMLagrangeBasis.edges(simplexDimension: d)
        let facetEdges = FEMLagrangeBasis.edges(simplexDimension: d - 1)

        var isVertex = [Bool](repeating: false, count: positions.count)
        for cell in 0..<(cells.count / perCell) {
            for k in 0...d { isVertex[cells[cell * perCell + k]] = true }
        }
        var edgeNodes: [EdgeKey: (node: Int, cell: Int)] = [:]
        for cell in 0..<(cells.count / perCell) {
            let s = cell * perCell
            for (k, (i, j)) in cellEdges.enumerated() {
                let key = EdgeKey(cells[s + i], cells[s + j]), node = cells[s + d + 1 + k]
                if isVertex[node] {
                    throw .invalidMesh(
                        reason: "cell \(cell) names node \(node), a vertex, as the node of its edge \([key.a, key.b])")
                }
                if let earlier = edgeNodes[key], earlier.node != node {
                    throw .invalidMesh(
                        reason: "cells \(earlier.cell) and \(cell) share the edge \([key.a, key.b]) but give it "
                            + "the nodes \(earlier.node) and \(node)")
                }
                edgeNodes[key] = (node, cell)
            }
        }
        for facet in 0..<(facets.count / perFacet) {
            let s = facet * perFacet
            for (k, (i, j)) in facetEdges.enumerated() {
                let key = EdgeKey(facets[s + i], facets[s + j]), node = facets[s + d + k]
                let cellNode = edgeNodes[key]?.node ?? -1
                if cellNode != node {
                    throw .invalidMesh(
                        reason: "facet \(facet) names node \(node) for its edge \([key.a, key.b]), but its cell "
                            + "\(facetOwners[facet].cell) names node \(cellNode) (expected Gmsh's node order)")
                }
            }
        }

        let points =
            (0...d).map { k in (0...d).map { $0 == k ? 1.0 : 0.0 } }
            + FEMQuadrature.quadraticAssembly(simplexDimension: d).points
        let values = points.map { cellBasis.values($0) }
        let gradients = points.map { FEMIsoparametricMap.flatten(cellBasis.referenceGradients($0)) }
        for cell in 0..<(cells.count / perCell) {
            let nodes = Array(cells[(cell * perCell)..<((cell + 1) * perCell)])
            let vertices = nodes[0...d].map { positions[$0] }
            var longest = 0.0
            for i in 0...d {
                for j in 0...d where j > i { longest = max(longest, length(vertices[j] - vertices[i])) }
            }
            let x = FEMIsoparametricMap.flatten(nodes.map { positions[$0] })
            let threshold = 1e-12 * (d == 2 ? longest * longest : longest * longest * longest)
            var orientation = 0.0
            for q in points.indices {
                let map = FEMIsoparametricMap.cell(
                    nodes: x, values: values[q], referenceGradients: gradients[q], dimension: d, withGradients: false)
                if orientation == 0 { orientation = map.determinant < 0 ? -1 : 1 }
                let signed = orientation * map.determinant
                guard signed > threshold, signed.isFinite else {
                    let p = map.position
                    throw .invertedCell(
                        cell: cell, nodes: nodes, point: d == 2 ? [p.x, p.y] : [p.x, p.y, p.z],
                        determinant: map.determinant)
                }
            }
        }
    }
}

extension FEMMesh {
    /// The quadratic (order 2) mesh with the same cells and facets: one node added at the
    /// midpoint of every edge, after the existing nodes, numbered in order of first appearance
    /// over the cells. Edges stay straight unless `project` moves boundary edge nodes: it gets
    /// the straight midpoint of each edge of a boundary facet with that facet's index (in 3-D,
    /// an edge on two facets: the lower index) and returns where the node goes, for example onto
    /// the circle or sphere the facet approximates. Moving edge nodes by O(h²), as projecting onto
    /// a smooth boundary through the vertices does, keeps the elements' third order in L2.
    ///
    /// - Throws: `FEMError.invalidMesh` if the mesh is already quadratic or `project` returns a
    ///   point of the wrong dimension; the quadratic mesh's checks (`.invertedCell` if a moved
    ///   node folds a cell).
    public func quadratic(
        projectingBoundaryMidpoints project: ((_ midpoint: [Double], _ facet: Int) -> [Double])? = nil
    ) throws(FEMError) -> FEMMesh {
        guard order == 1 else { throw .invalidMesh(reason: "the mesh is already quadratic (order \(order))") }
        let d = dimension
        var boundaryFacetOfEdge: [EdgeKey: Int] = [:]
        for facet in 0..<facetCount {
            let nodes = Array(nodes(ofFacet: facet))
            for (i, j) in FEMLagrangeBasis.edges(simplexDimension: d - 1) {
                let key = EdgeKey(nodes[i], nodes[j])
                if boundaryFacetOfEdge[key] == nil { boundaryFacetOfEdge[key] = facet }
            }
        }

        var coordinates = coordinates
        var edgeNode: [EdgeKey: Int] = [:]
        var nodeCount = self.nodeCount
        func node(of key: EdgeKey) throws(FEMError) -> Int {
            if let node = edgeNode[key] { return node }
            var midpoint = (0..<d).map { (self.coordinates[d * key.a + $0] + self.coordinates[d * key.b + $0]) / 2 }
            if let project, let facet = boundaryFacetOfEdge[key] {
                midpoint = project(midpoint, facet)
                guard midpoint.count == d else {
                    throw .invalidMesh(
                        reason: "the projection of the midpoint of edge \([key.a, key.b]) returned "
                            + "\(midpoint.count) coordinates; expected \(d)")
                }
            }
            coordinates += midpoint
            edgeNode[key] = nodeCount
            nodeCount += 1
            return nodeCount - 1
        }

        var cells: [Int] = []
        cells.reserveCapacity(cellCount * Self.nodesPerSimplex(dimension: d, order: 2))
        for cell in 0..<cellCount {
            let vertices = Array(nodes(ofCell: cell))
            cells += vertices
            for (i, j) in FEMLagrangeBasis.edges(simplexDimension: d) {
                cells.append(try node(of: EdgeKey(vertices[i], vertices[j])))
            }
        }
        var facets: [Int] = []
        for facet in 0..<facetCount {
            let vertices = Array(nodes(ofFacet: facet))
            facets += vertices
            for (i, j) in FEMLagrangeBasis.edges(simplexDimension: d - 1) {
                facets.append(try node(of: EdgeKey(vertices[i], vertices[j])))
            }
        }
        return try FEMMesh(
            dimension: d, order: 2, coordinates: coordinates, cells: cells, facets: facets,
            facetConditions: facetConditions)
    }
}
