import PinnNumerics

extension MeshDomain {
    /// Whether a point lies in the domain: in one of its cells, taken straight-sided (the
    /// barycentric test of `MeshPointLocator`). A quadratic mesh's cells along a curved boundary
    /// bulge past their chords by up to the sagitta, so there a point outside every straight cell
    /// still counts as inside when it lies within a quarter of the mean boundary edge of a boundary
    /// node (vertex or edge node): the slivers are that thin, while a point in a hole or beyond the
    /// mesh further from its boundary is refused.
    public func containment() -> ([Double]) -> Bool {
        let d = dimension
        let vertexCells = cells.flatMap { mesh.cells.vertices(of: $0) }
        let locator = MeshPointLocator(dimension: d, nodes: nodeCoordinates, cells: vertexCells)
        guard mesh.order > 1 else { return { locator.cell(containing: $0) != nil } }
        let coordinates = nodeCoordinates
        var boundaryNodes = Set<Int>()
        var edgeSum = 0.0, edgeCount = 0
        for face in 0..<boundary.count {
            let vertices = Array(boundary.nodes(of: face))
            boundaryNodes.formUnion(boundary.allNodes(of: face))
            for (i, a) in vertices.enumerated() {
                for b in vertices[(i + 1)...] {
                    edgeSum += (0..<d).map { coordinates[a * d + $0] - coordinates[b * d + $0] }
                        .reduce(0) { $0 + $1 * $1 }.squareRoot()
                    edgeCount += 1
                }
            }
        }
        let reach = 0.25 * edgeSum / Double(max(1, edgeCount))
        let nodes = boundaryNodes.sorted()
        return { x in
            if locator.cell(containing: x) != nil { return true }
            return nodes.contains { node in
                (0..<d).map { coordinates[node * d + $0] - x[$0] }.reduce(0) { $0 + $1 * $1 } <= reach * reach
            }
        }
    }
}
