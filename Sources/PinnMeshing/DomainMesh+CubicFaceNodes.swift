/// Where the face nodes of cubic cells go.
///
/// Gmsh puts the edge nodes of a cubic mesh on the curved boundary (at equal arc lengths) and
/// places the node at the centre of each face (the triangle's own centre in 2-D, each
/// tetrahedron face's in 3-D) by its own rule, which on cells along a curved boundary lies
/// O(h²) away from where a smooth map of the cell would put it (measured: 2.8e-3, 7.1e-4, 1.8e-4
/// at h = 0.4, 0.2, 0.1 on the unit disk). A cubic map through such a node has third
/// derivatives of O(h²) instead of O(h³), and the isoparametric elements lose order (L2 orders
/// 3.5–3.7 instead of 4 on the disk and ball).
///
/// The centre node is moved to the value at the centre of the cubic serendipity interpolant of
/// the face's boundary (its three vertices v and six edge nodes e):
///
///     x_c = ¼ Σ e − ⅙ Σ v,
///
/// which is the centroid on a straight face and, on a curved one, lies within O(h³) of any
/// smooth map through the face's edges. Faces on a sphere (boundary faces of a ball) then have
/// the node projected radially onto the sphere, so boundary nodes stay on the boundary.
extension DomainMesh {
    /// The same mesh with every face centre node of a cubic mesh placed as described above
    /// (`self` when the order is not 3).
    func withBlendedFaceNodes(domain: MeshDomain) -> DomainMesh {
        guard order == 3 else { return self }
        let d = dimension
        var coordinates = coordinates
        func position(_ node: Int) -> SIMD3<Double> {
            SIMD3(coordinates[d * node], coordinates[d * node + 1], d == 3 ? coordinates[d * node + 2] : 0)
        }
        // Boundary face centres (3-D): the last node of each 10-node facet.
        var onSphere = Set<Int>()
        if case .ball = domain {
            for f in 0..<facetCount { onSphere.insert(facets[nodesPerFacet * (f + 1) - 1]) }
        }
        let layout = Self.cubicFaceLayout(dimension: d)
        for c in 0..<cellCount {
            let nodes = cell(c)
            let s = nodes.startIndex
            for face in layout {
                let vertexSum = face.vertices.reduce(SIMD3<Double>.zero) { $0 + position(nodes[s + $1]) }
                let edgeSum = face.edgeNodes.reduce(SIMD3<Double>.zero) { $0 + position(nodes[s + $1]) }
                var centre = edgeSum / 4 - vertexSum / 6
                let node = nodes[s + face.centre]
                if case .ball(let ballCentre, let radius) = domain, onSphere.contains(node) {
                    let offset = centre - ballCentre
                    centre = ballCentre + radius * offset / (offset * offset).sum().squareRoot()
                }
                for a in 0..<d { coordinates[d * node + a] = centre[a] }
            }
        }
        return DomainMesh(
            dimension: d, order: order, coordinates: coordinates, cells: cells, facets: facets,
            facetParts: facetParts, droppedNodeCount: droppedNodeCount)
    }

    /// For each face of a cubic cell in Gmsh's order: its vertices, its six edge nodes and its
    /// centre node, as local indices (see `GmshElementType` for the order).
    static func cubicFaceLayout(dimension: Int) -> [(vertices: [Int], edgeNodes: [Int], centre: Int)] {
        let edges = dimension == 2 ? [(0, 1), (1, 2), (2, 0)] : [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        let faces = dimension == 2 ? [[0, 1, 2]] : [[0, 2, 1], [0, 1, 3], [0, 3, 2], [3, 1, 2]]
        let firstEdgeNode = dimension + 1
        return faces.enumerated().map { f, face in
            let edgeNodes = edges.enumerated().flatMap { e, edge in
                face.contains(edge.0) && face.contains(edge.1)
                    ? [firstEdgeNode + 2 * e, firstEdgeNode + 2 * e + 1] : []
            }
            return (face, edgeNodes, firstEdgeNode + 2 * edges.count + f)
        }
    }
}
