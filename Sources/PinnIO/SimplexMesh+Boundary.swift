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
    /// The length (2-D) or area (3-D) of each face.
    public internal(set) var measures: [Double]

    /// The number of faces.
    public var count: Int { cells.count }

    /// The node indices of face `index`.
    public func nodes(of index: Int) -> ArraySlice<Int> {
        connectivity[(index * nodesPerFace)..<((index + 1) * nodesPerFace)]
    }
}

extension SimplexMesh {
    /// The boundary of the union of `cellIndices` (indices into `cells`; every cell when nil), faces
    /// in the order their cells appear in `cellIndices` and, within a cell, of the node each omits.
    public func boundary(ofCells cellIndices: [Int]? = nil) -> MeshBoundary {
        let chosen = cellIndices ?? Array(0..<cells.count)
        let n = cells.nodesPerElement
        // Every face of every chosen cell, counted; the first cell that has it and the node it omits.
        var index = [FaceKey: Int]()
        var counts = [Int](), owners = [(cell: Int, omitted: Int)]()
        for cell in chosen {
            let cellNodes = Array(cells.nodes(of: cell))
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
        for facet in (0..<facets.count).reversed() { facetOfFace[FaceKey(Array(facets.nodes(of: facet)))] = facet }

        var result = MeshBoundary(
            nodesPerFace: n - 1, connectivity: [], cells: [], facets: [], normals: [], measures: [])
        for (k, owner) in owners.enumerated() where counts[k] == 1 {
            let cellNodes = Array(cells.nodes(of: owner.cell))
            let face = cellNodes.enumerated().filter { $0.offset != owner.omitted }.map(\.element)
            var normal = simplexNormal(face[...])
            // Outward: away from the cell's vertex opposite the face.
            if (normal * (nodes[cellNodes[owner.omitted]] - nodes[face[0]])).sum() > 0 { normal = -normal }
            result.connectivity += face
            result.cells.append(owner.cell)
            result.facets.append(facetOfFace[FaceKey(face)])
            result.normals.append(normal)
            result.measures.append(simplexMeasure(face[...]))
        }
        return result
    }
}
