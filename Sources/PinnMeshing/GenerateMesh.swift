/// Triangulates `domain` with Gmsh: triangles in 2-D, tetrahedra in 3-D, Lagrange elements of
/// order `order` (1: 3/4 nodes, 2: 6/10 nodes, 3: 10/20 nodes per cell), target edge length
/// `meshSize`.
///
/// Gmsh meshes the geometry (frontal-Delaunay in 2-D, Delaunay in 3-D, one thread, so the same
/// call gives the same mesh) with every element size capped at h = `meshSize`; with order 2 or 3
/// it then adds edge (and face) nodes, placed on the circle or sphere where the edge or face lies
/// on one; at order 3 the face centre nodes are then moved where a smooth map of the cell puts
/// them (`DomainMesh.withBlendedFaceNodes(domain:)`), which keeps the elements' fourth order. The result is
/// renumbered (nodes in no cell dropped), cells oriented positively and facets outward, and every
/// boundary facet carries its boundary part; see `DomainMesh` and `MeshDomain` for the conventions.
///
/// Throws `MeshingError`: `.unsupportedOrder`, `.invalidMeshSize`, `.invalidDomain` and the
/// polygon errors before Gmsh runs; `.gmsh` naming the failed call; `.unexpectedMesh` if Gmsh's
/// output does not have the expected shape. Safe to call from several threads (calls are
/// serialised: Gmsh's state is global).
public func generateMesh(_ domain: MeshDomain, order: Int, meshSize: Double) throws(MeshingError) -> DomainMesh {
    guard (1...3).contains(order) else { throw .unsupportedOrder(order) }
    guard meshSize.isFinite, meshSize > 0 else { throw .invalidMeshSize(meshSize) }
    try domain.validate()
    let d = domain.dimension
    let raw = try Gmsh.withSession { session throws(MeshingError) -> GmshMesh in
        // The size is h everywhere: no size from the geometry's points or curvature.
        try session.setOption("Mesh.MeshSizeMax", meshSize)
        try session.setOption("Mesh.MeshSizeMin", 0)
        try session.setOption("Mesh.MeshSizeFromPoints", 0)
        try session.setOption("Mesh.MeshSizeFromCurvature", 0)
        let boundaryParts = try domain.addGeometry(to: session)
        try session.generate(dimension: d)
        if order >= 2 { try session.setOrder(order) }
        return try GmshMesh.read(from: session, dimension: d, order: order, boundaryParts: boundaryParts)
    }
    return try DomainMesh(raw, domain: domain).withBlendedFaceNodes(domain: domain)
}
