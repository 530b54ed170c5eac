import Foundation
import PinnIO
import PinnNetwork

/// A stored result's mesh (`/mesh`): nodes, cells and their groups.
public struct StoredMesh: Sendable {
    /// 2 (triangles) or 3 (tetrahedra).
    public var dimension: Int
    /// Node coordinates, row-major (`dimension` per node).
    public var nodes: [Double]
    /// Cells, row-major (`dimension + 1` 0-based node indices per cell).
    public var cells: [Int]
    /// The order of the mesh file's cells (/mesh@element_order, 1 when absent): for 2, `cells` are
    /// the linear pieces of its 6-node triangles (4 each) or 10-node tetrahedra (8 each).
    public var elementOrder = 1
    /// The first physical tag of each cell (−1 if none), as in /mesh/cell_group.
    public var cellGroup: [Int]
    /// The mesh file as the problem names it, and the subdomain solved on (nil: every cell).
    public var file: String
    public var subdomain: String?

    public var nodeCount: Int { nodes.count / dimension }
    public var cellCount: Int { cells.count / (dimension + 1) }
    /// "triangle" or "tetrahedron".
    public var cellType: String { dimension == 2 ? "triangle" : "tetrahedron" }

    /// The cells whose nodes all carry a finite value of `u` (a solve leaves u NaN at nodes of no
    /// domain cell, so these are the cells of the domain solved on), row-major like `cells`.
    public func cells(whereFinite u: [Double]) -> [Int] {
        let k = dimension + 1
        var kept: [Int] = []
        kept.reserveCapacity(cells.count)
        for c in 0..<cellCount {
            let corners = cells[c * k..<(c + 1) * k]
            if corners.allSatisfy({ u[$0].isFinite }) { kept += corners }
        }
        return kept
    }

    /// The lower and upper corners of the nodes' bounding box.
    public var boundingBox: (lower: [Double], upper: [Double]) {
        var lower = [Double](repeating: .infinity, count: dimension),
            upper = [Double](repeating: -.infinity, count: dimension)
        for (i, v) in nodes.enumerated() {
            lower[i % dimension] = min(lower[i % dimension], v)
            upper[i % dimension] = max(upper[i % dimension], v)
        }
        return (lower, upper)
    }
}

extension StoredPDEResult {
    /// The cells of the domain solved on, for a result on a mesh (see `StoredMesh.cells(whereFinite:)`).
    public var domainCells: [Int] { mesh?.cells(whereFinite: fields.u) ?? [] }
}

extension StoredResult {
    /// /mesh/nodes, /mesh/cells (checked against each other) and /mesh/cell_group.
    static func readMesh(_ file: HDF5File, path: String) throws -> StoredMesh {
        let nodes = try file.readDataset("/mesh/nodes", as: Double.self)
        guard nodes.shape.count == 2, (2...3).contains(nodes.shape[1]) else {
            throw ResultReadError(
                file: path, message: "/mesh/nodes has shape \(nodes.shape), expected [nodeCount, 2 or 3]")
        }
        let d = nodes.shape[1], nodeCount = nodes.shape[0]
        let cells = try file.readDataset("/mesh/cells", as: Int64.self)
        guard cells.shape.count == 2, cells.shape[1] == d + 1 else {
            throw ResultReadError(
                file: path,
                message: "/mesh/cells has shape \(cells.shape), expected [cellCount, \(d + 1)] for a \(d)-D mesh")
        }
        guard cells.values.allSatisfy({ $0 >= 0 && $0 < nodeCount }) else {
            throw ResultReadError(file: path, message: "/mesh/cells refers to nodes outside 0..<\(nodeCount)")
        }
        let group =
            file.exists("/mesh/cell_group")
            ? try file.readDataset("/mesh/cell_group", as: Int64.self).values.map(Int.init) : []
        var mesh = StoredMesh(
            dimension: d, nodes: nodes.values, cells: cells.values.map(Int.init), cellGroup: group,
            file: try file.hasAttribute("file", of: "/mesh") ? try file.stringAttribute("file", of: "/mesh") : "",
            subdomain: try file.hasAttribute("subdomain", of: "/mesh")
                ? try file.stringAttribute("subdomain", of: "/mesh") : nil)
        if try file.hasAttribute("element_order", of: "/mesh") {
            mesh.elementOrder = Int(try file.int64Attribute("element_order", of: "/mesh"))
        }
        return mesh
    }
}
