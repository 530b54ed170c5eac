/// Storing a `SimplexMesh` in HDF5 and describing it, with fields on it, in XDMF.
///
/// Layout under `group` (default "/mesh"):
///
///     nodes        Float64 [nodeCount, 2] (2-D: x, y) or [nodeCount, 3] (3-D)
///     cells        Int64   [cellCount, 3] triangles or [cellCount, 4] tetrahedra, 0-based node indices
///     cell_group   Int64   [cellCount] the first physical tag of each cell (−1 if none)
///
/// Node fields are `[nodeCount]` datasets in `nodes` order, cell fields `[cellCount]` in `cells` order.
/// A quadratic mesh is written as its linear subdivision (`SimplexMesh.linearSubdivision()`: 4
/// triangles per 6-node triangle, 8 tetrahedra per 10-node tetrahedron, on the same nodes), with the
/// group attribute `element_order` = 2 saying so; `cellCount` counts the pieces.
extension HDF5Location {
    /// Writes `mesh` under `group` (see the layout above).
    public func writeMesh(_ mesh: SimplexMesh, in group: String = "/mesh") throws {
        let order = mesh.order
        let mesh = mesh.linearSubdivision()
        try createGroup(group)
        if order != 1 { try setAttribute("element_order", to: Int64(order), on: group) }
        var coordinates = [Double]()
        coordinates.reserveCapacity(mesh.nodes.count * mesh.dimension)
        for node in mesh.nodes { mesh.append(node, to: &coordinates) }
        try writeDataset(Self.join(group, "nodes"), values: coordinates, shape: [mesh.nodes.count, mesh.dimension])
        try writeDataset(
            Self.join(group, "cells"), values: mesh.cells.connectivity.map(Int64.init),
            shape: [mesh.cells.count, mesh.cells.nodesPerElement])
        try writeDataset(
            Self.join(group, "cell_group"),
            values: (0..<mesh.cells.count).map { Int64(mesh.cells.physicalTags(of: $0).first ?? -1) })
    }
}

extension XDMFGrid {
    /// The grid that `writeMesh(mesh, in: meshGroup)` produces in `file` (relative to the .xdmf
    /// file), with one node-centred attribute per `nodeFields` entry and one cell-centred
    /// attribute per `cellFields` entry (`(name, dataset path)`), plus `cell_group`. A quadratic
    /// mesh is described as the linear subdivision `writeMesh` stores (cell fields then have one
    /// value per piece).
    public init(
        name: String, file: String, mesh: SimplexMesh, meshGroup: String = "/mesh",
        nodeFields: [(name: String, path: String)], cellFields: [(name: String, path: String)] = []
    ) {
        let mesh = mesh.linearSubdivision()
        let join = HDF5Location.join
        let cellType: XDMFCellType = mesh.dimension == 3 ? .tetrahedron : .triangle
        let connectivity = XDMFDataItem(
            file: file, path: join(meshGroup, "cells"),
            shape: [mesh.cells.count, mesh.cells.nodesPerElement], kind: .int64)
        let nodes = XDMFDataItem(file: file, path: join(meshGroup, "nodes"), shape: [mesh.nodes.count, mesh.dimension])
        let nodeAttributes = nodeFields.map {
            XDMFAttribute(
                name: $0.name, center: .node, data: XDMFDataItem(file: file, path: $0.path, shape: [mesh.nodes.count]))
        }
        let cellAttributes =
            (cellFields.map { ($0.name, $0.path, HDF5ElementKind.float64) }
            + [("cell_group", join(meshGroup, "cell_group"), .int64)]).map {
                XDMFAttribute(
                    name: $0.0, center: .cell,
                    data: XDMFDataItem(file: file, path: $0.1, shape: [mesh.cells.count], kind: $0.2))
            }
        self.init(
            name: name, mesh: .unstructured(cells: cellType, connectivity: connectivity, nodes: nodes),
            attributes: nodeAttributes + cellAttributes)
    }
}
