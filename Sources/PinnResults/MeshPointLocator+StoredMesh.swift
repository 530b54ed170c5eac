import PinnNumerics

extension MeshPointLocator {
    /// The locator of the cells of the domain of a result on `mesh` (`StoredPDEResult.domainCells`).
    public init(_ mesh: StoredMesh, domainCells: [Int]) {
        self.init(dimension: mesh.dimension, nodes: mesh.nodes, cells: domainCells)
    }
}
