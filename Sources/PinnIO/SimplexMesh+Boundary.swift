/// The boundary of a set of cells: the faces (segments in 2-D, triangles in 3-D) that belong to
/// exactly one of the cells, found from the cells' connectivity, so it is complete even where the
/// .geo file put no boundary curve or surface in a physical group.
public struct MeshBoundary: Sendable, Equatable {
    /// Nodes per face: the mesh's dimension.
    public let nodesPerFace: Int
    /// 0-based node indices, `nodesPerFace` per face, in the order of the cell they come from.
    public internal(set) var connectivity: [Int]
    /// The cell (index into `SimplexMesh.cells`) each face bounds.
    public internal(set) var cells: [Int]
    /// The facet of the file (index into `SimplexMesh.facets`) on each face, which gives its
    /// physical groups; nil when the file lists none there.
    public internal(set) var facets: [Int?]
    /// The outward unit normal of each face: pointing away from its cell (z = 0 in 2-D).
    public internal(set) var normals: [SIMD3<Double>]
    /// The length (2-D) or area (3-D) of each face (of the straight face on its vertices).
    public internal(set) var measures: [Double]
    /// For quadratic cells, the nodes on each face's edges, taken from its cell, `edgesPerFace` per
    /// face in Gmsh's order: edge (0,1) of a segment; (0,1), (1,2), (2,0) of a triangle (vertices
    /// numbered as in `connectivity`). Empty for linear cells.
    public internal(set) var edgeNodes: [Int]

    /// The number of faces.
    public var count: Int { cells.count }

    /// Edges per face: 1 (segment) or 3 (triangle).
    public var edgesPerFace: Int { nodesPerFace == 2 ? 1 : 3 }

    /// The vertex node indices of face `index`.
    public func nodes(of index: Int) -> ArraySlice<Int> {
        connectivity[(index * nodesPerFace)..<((index + 1) * nodesPerFace)]
    }

    /// Every node of face `index`: its vertices, then (quadratic cells) its edge nodes: a 3-node
    /// line or a 6-node triangle in Gmsh's order.
    public func allNodes(of index: Int) -> [Int] {
        guard !edgeNodes.isEmpty else { return Array(nodes(of: index)) }
        return Array(nodes(of: index)) + edgeNodes[(index * edgesPerFace)..<((index + 1) * edgesPerFace)]
    }
}

extension SimplexMesh {
    /// The boundary of the union of `cellIndices` (indices into `cells`; every cell when nil), faces
    /// in the order their cells appear in `cellIndices` and, within a cell, of the node each omits.
    public func boundary(ofCells cellIndices: [Int]? = nil) -> MeshBoundary {
        let chosen = cellIndices ?? Array(0..<cells.count)
        let n = dimension + 1
        // Every face of every chosen cell, counted; the first cell that has it and the node it omits.
        var index = [FaceKey: Int]()
        var counts = [Int](), owners = [(cell: Int, omitted: Int)]()
        for cell in chosen {
            let cellNodes = Array(cells.vertices(of: cell))
            for omitted in 0..<n {
                let key = FaceKey(cellNodes.enumerated().filter { $0.offset != omitted }.map(\.element))
                if let k = index[key] {
                    counts[k] += 1
                } else {
                    index[key] = counts.count
                    counts.append(1)
                    owners.append((cell, omitted))
                }
            }
        }
        var facetOfFace = [FaceKey: Int]()
        for facet in (0..<facets.count).reversed() { facetOfFace[FaceKey(Array(facets.vertices(of: facet)))] = facet }

        var result = MeshBoundary(
            nodesPerFace: n - 1, connectivity: [], cells: [], facets: [], normals: [], measures: [], edgeNodes: [])
        for (k, owner) in owners.enumerated() where counts[k] == 1 {
            let cellNodes = Array(cells.vertices(of: owner.cell))
            let face = cellNodes.enumerated().filter { $0.offset != owner.omitted }.map(\.element)
            var normal = simplexNormal(face[...])
            // Outward: away from the cell's vertex opposite the face.
            if (normal * (nodes[cellNodes[owner.omitted]] - nodes[face[0]])).sum() > 0 { normal = -normal }
            result.connectivity += face
            if cells.order == 2 {
                for (i, j) in SimplexElements.edges(dimension: dimension - 1) {
                    // Every face edge is a cell edge, which has a node.
                    result.edgeNodes.append(cells.edgeNode(of: owner.cell, between: face[i], face[j]) ?? -1)
                }
            }
            result.cells.append(owner.cell)
            result.facets.append(facetOfFace[FaceKey(face)])
            result.normals.append(normal)
            result.measures.append(simplexMeasure(face[...]))
        }
        return result
    }
}
