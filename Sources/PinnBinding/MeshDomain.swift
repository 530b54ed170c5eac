import PinnIO
import PinnProblems

/// A Gmsh mesh as the domain of a PDE: the cells it holds on (every cell of the mesh's dimension,
/// or those of a physical group) and the boundary of their union (`SimplexMesh.boundary(ofCells:)`),
/// each face with the physical groups it lies in.
public struct MeshDomain: Sendable {
    public let mesh: SimplexMesh
    /// The physical group of cells the PDE holds on; nil for every cell.
    public let subdomain: String?
    /// The domain's cells, indices into `mesh.cells`.
    public let cells: [Int]
    /// The faces that bound the domain, with outward normals.
    public let boundary: MeshBoundary
    /// The names of the physical groups each boundary face lies in (empty for a face in none).
    public let faceGroups: [[String]]
    /// Cells picked by area/volume, boundary faces by length/area.
    let cellChoice: WeightedElementChoice
    let faceChoice: WeightedElementChoice

    /// The domain of the cells of `subdomain` (every cell when nil) of `mesh`.
    public init(mesh: SimplexMesh, subdomain: String? = nil) {
        self.mesh = mesh
        self.subdomain = subdomain
        cells = subdomain.map { mesh.cellIndices(inGroup: $0) } ?? Array(0..<mesh.cells.count)
        boundary = mesh.boundary(ofCells: cells)
        faceGroups = boundary.facets.map { facet in facet.map { mesh.facetGroupNames($0).filter { !$0.isEmpty } } ?? []
        }
        let measures = mesh.cellMeasures()
        cellChoice = WeightedElementChoice(elements: cells, weights: cells.map { measures[$0] })
        faceChoice = WeightedElementChoice(elements: Array(0..<boundary.count), weights: boundary.measures)
    }

    /// Reads the Gmsh MSH 4.1 file at `path` and takes the cells of `subdomain` (every cell when nil).
    public static func read(at path: String, subdomain: String? = nil) throws -> MeshDomain {
        MeshDomain(mesh: try SimplexMesh.readGmsh(at: path), subdomain: subdomain)
    }

    /// 2 or 3.
    public var dimension: Int { mesh.dimension }

    /// The total area (2-D) or volume (3-D) of the domain's cells.
    public var measure: Double { cellChoice.total }

    /// What a problem file is checked against: the named groups, the facet groups on the boundary
    /// and the number of boundary faces in no named group.
    public var outline: MeshOutline {
        MeshOutline(
            dimension: dimension,
            groups: mesh.physicalGroups.filter { !$0.name.isEmpty }.map {
                MeshOutline.Group(name: $0.name, dimension: $0.dimension)
            },
            boundaryGroups: Set(faceGroups.joined()).sorted(),
            unnamedBoundaryFaces: faceGroups.filter(\.isEmpty).count)
    }

    /// Whether each node is a node of a domain cell (a vertex, or an edge node of a quadratic cell;
    /// nodes of other cells, or of none, are not).
    public var nodeMask: [Bool] {
        var mask = [Bool](repeating: false, count: mesh.nodes.count)
        for cell in cells { for node in mesh.cells.nodes(of: cell) { mask[node] = true } }
        return mask
    }

    /// The node coordinates as the columns of a dimension × nodeCount array.
    public var nodeCoordinates: [Double] {
        var values = [Double]()
        values.reserveCapacity(mesh.nodes.count * dimension)
        for node in mesh.nodes { append(node, to: &values) }
        return values
    }

    /// Appends x, y (and z in 3-D) of `point` to `values`.
    func append(_ point: SIMD3<Double>, to values: inout [Double]) {
        values.append(point.x)
        values.append(point.y)
        if dimension == 3 { values.append(point.z) }
    }
}

/// pinn's `ProblemFile.MeshReader`: reads the Gmsh MSH 4.1 file at `path` and outlines the domain
/// of `subdomain` (every cell when nil); a malformed file throws its `GmshError` (file and line).
public func readMeshOutline(_ path: String, _ subdomain: String?) throws -> MeshOutline {
    try MeshDomain.read(at: path, subdomain: subdomain).outline
}
