/// The mesh as Gmsh holds it: node tags with x, y, z each, and element connectivity by node tag.
struct GmshMesh: Sendable {
    var dimension: Int
    var order: Int
    /// Gmsh's node tags, and 3 coordinates per node in the same order.
    var nodeTags: [Int]
    var nodeCoordinates: [Double]
    /// Node tags of every cell, `DomainMesh.nodesPerSimplex(dimension, order)` per cell.
    var cellNodeTags: [Int]
    /// Node tags of every boundary facet, and its boundary part.
    var facetNodeTags: [Int]
    var facetParts: [Int]

    /// Reads the cells (every element of the full-dimensional simplex type) and, entity by
    /// entity in the order of Gmsh's tags, the facets on each boundary entity in `boundaryParts`.
    static func read(
        from session: GmshSession, dimension: Int, order: Int, boundaryParts: [GmshEntity: Int]
    ) throws(MeshingError) -> GmshMesh {
        let nodes = try session.nodes()
        let cells = try session.elementNodes(type: GmshElementType.simplex(dimension: dimension, order: order))
        let facetType = GmshElementType.simplex(dimension: dimension - 1, order: order)
        let perFacet = DomainMesh.nodesPerSimplex(dimension: dimension - 1, order: order)
        var facetNodes: [Int] = []
        var facetParts: [Int] = []
        for (entity, part) in boundaryParts.sorted(by: { $0.key.tag < $1.key.tag }) {
            let nodes = try session.elementNodes(type: facetType, on: entity)
            facetNodes += nodes
            facetParts += Array(repeating: part, count: nodes.count / perFacet)
        }
        return GmshMesh(
            dimension: dimension, order: order, nodeTags: nodes.tags, nodeCoordinates: nodes.coordinates,
            cellNodeTags: cells, facetNodeTags: facetNodes, facetParts: facetParts)
    }
}
