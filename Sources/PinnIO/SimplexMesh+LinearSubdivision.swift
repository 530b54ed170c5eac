/// A quadratic mesh as linear simplices on all of its nodes, for writers and viewers that draw
/// linear cells: every 3-node line becomes 2 segments, every 6-node triangle 4 triangles (one per
/// vertex and the middle one) and every 10-node tetrahedron 8 tetrahedra (one per vertex, and the
/// octahedron left in the middle cut along its diagonal between the nodes of edges (2,0) and
/// (3,1)). Each piece keeps its parent's orientation, element tag and entity (so its physical
/// groups); node fields at every node of the quadratic mesh are then drawn piecewise linearly
/// on the pieces, and curved edges as two straight halves.
extension SimplexMesh {
    /// The mesh with its quadratic elements split into linear ones on the same nodes (the mesh
    /// itself when it is linear).
    public func linearSubdivision() -> SimplexMesh {
        guard elements.contains(where: { $0.order == 2 }) else { return self }
        var copy = self
        copy.elements = elements.map { $0.linearSubdivision() }
        return copy
    }
}

extension SimplexElements {
    /// The pieces of one quadratic element, as local node indices in Gmsh's order (vertices, then
    /// the edge nodes; see `SimplexElements`), each oriented as the element.
    static func linearPieces(dimension: Int) -> [[Int]] {
        switch dimension {
        case 1: [[0, 2], [2, 1]]
        case 2: [[0, 3, 5], [3, 1, 4], [5, 4, 2], [3, 4, 5]]
        case 3:
            // Edge nodes: 4 (0,1), 5 (1,2), 6 (2,0), 7 (3,0), 8 (3,2), 9 (3,1).
            [
                [0, 4, 6, 7], [4, 1, 5, 9], [6, 5, 2, 8], [7, 9, 8, 3],
                [6, 9, 4, 5], [6, 9, 5, 8], [6, 9, 8, 7], [6, 9, 7, 4]
            ]
        default: [[0]]
        }
    }

    /// These elements split into linear ones (themselves when linear).
    func linearSubdivision() -> SimplexElements {
        guard order == 2 else { return self }
        let pieces = Self.linearPieces(dimension: dimension)
        var result = SimplexElements(dimension: dimension)
        result.physicalTagsByEntity = physicalTagsByEntity
        for element in 0..<count {
            let local = nodes(of: element)
            for piece in pieces {
                result.append(
                    tag: elementTags[element], entity: entityTags[element],
                    nodes: piece.map { local[local.startIndex + $0] })
            }
        }
        return result
    }
}
