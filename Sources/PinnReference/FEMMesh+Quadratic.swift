/// Quadratic meshes: the P2 mesh of a P1 mesh.
extension FEMMesh {
    /// An edge as its two vertex indices, in any order.
    struct EdgeKey: Hashable {
        var a: Int, b: Int

        init(_ a: Int, _ b: Int) {
            self.a = min(a, b)
            self.b = max(a, b)
        }
    }

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
