import PinnNumerics

/// Where an XDMF attribute's values live on the mesh.
public enum XDMFCenter: String, Sendable {
    case node = "Node"
    case cell = "Cell"
}

/// A reference from the XDMF document into an HDF5 dataset (`poisson.h5:/fields/u`).
public struct XDMFDataItem: Sendable, Equatable {
    /// The HDF5 file as the XML names it, relative to the .xdmf file ("poisson.h5").
    public var file: String
    /// The dataset's absolute path in that file ("/fields/u").
    public var path: String
    /// The dataset's shape, slowest dimension first (as stored).
    public var shape: [Int]
    /// The element type stored.
    public var kind: HDF5ElementKind

    /// A reference to dataset `path` of shape `shape` in `file`.
    public init(file: String, path: String, shape: [Int], kind: HDF5ElementKind = .float64) {
        self.file = file
        self.path = path
        self.shape = shape
        self.kind = kind
    }

    var count: Int { shape.reduce(1, *) }
}

/// A field on a mesh: a named dataset with a centring. One value per node or cell is a Scalar,
/// a trailing dimension of 3 a Vector.
public struct XDMFAttribute: Sendable, Equatable {
    /// The name viewers show ("u", "error").
    public var name: String
    /// Node- or cell-centred.
    public var center: XDMFCenter
    /// The values.
    public var data: XDMFDataItem

    /// A field `name` with values `data`, node-centred unless told otherwise.
    public init(name: String, center: XDMFCenter = .node, data: XDMFDataItem) {
        self.name = name
        self.center = center
        self.data = data
    }
}

/// Cell shapes of an unstructured mesh, with XDMF's node order (VTK's; 0-based node indices).
public enum XDMFCellType: Sendable {
    case line, triangle, quadrilateral, tetrahedron, hexahedron

    /// The XDMF `TopologyType`.
    var topologyType: String {
        switch self {
        case .line: return "Polyline"
        case .triangle: return "Triangle"
        case .quadrilateral: return "Quadrilateral"
        case .tetrahedron: return "Tetrahedron"
        case .hexahedron: return "Hexahedron"
        }
    }

    /// Nodes per cell.
    public var nodesPerCell: Int {
        switch self {
        case .line: return 2
        case .triangle: return 3
        case .quadrilateral, .tetrahedron: return 4
        case .hexahedron: return 8
        }
    }
}

/// The mesh of an XDMF grid.
public enum XDMFMesh: Sendable, Equatable {
    /// A rectilinear grid from 1-D coordinate datasets, in x, y, z order. Fields on it must be
    /// stored x fastest (shape `[nx]`, `[ny, nx]`, `[nz, ny, nx]`; see `RectilinearGrid`).
    ///
    /// Every grid is written as a `3DRectMesh` (`Dimensions="nz ny nx"`, geometry `VXVYVZ`
    /// listing x first); a 1-D or 2-D grid gets singleton axes y = 0 and z = 0 inline, and its
    /// fields are described with leading 1s (`Dimensions="1 ny nx"`, `"1 1 nx"`) over the same
    /// bytes. ParaView 5.11's legacy `XDMFReader` draws a `2DRectMesh` as a single line (its
    /// surface keeps only the x = x₀ column) and reads a field whose rank differs from the
    /// mesh's as its first row only; `Xdmf3ReaderS` reads both forms. The coordinates stay the
    /// HDF5 datasets themselves, so viewers place the nodes exactly and non-uniform grids work.
    case rectilinear(axes: [XDMFDataItem])
    /// Cells of one type: `connectivity` is `[cellCount, nodesPerCell]` 0-based node indices,
    /// `nodes` is `[nodeCount, 2]` (geometry XY) or `[nodeCount, 3]` (XYZ).
    case unstructured(cells: XDMFCellType, connectivity: XDMFDataItem, nodes: XDMFDataItem)
}

/// A document that is inconsistent: sizes that do not match the mesh.
public struct XDMFError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The grid's name.
    public var grid: String
    /// What does not match.
    public var reason: String

    /// One line naming the grid and the problem.
    public var description: String { "XDMF grid '\(grid)': \(reason)" }
}

/// One mesh and the fields on it.
public struct XDMFGrid: Sendable, Equatable {
    /// The grid's name in viewers.
    public var name: String
    /// Its geometry and topology.
    public var mesh: XDMFMesh
    /// The fields on it.
    public var attributes: [XDMFAttribute]
    /// The times of a field that evolves (nil: a steady grid). Then every attribute's dataset has
    /// one more, slowest, dimension (`[nt, …]`), and the grid is written as a temporal collection:
    /// one grid per time with a `<Time>` and hyperslabs of the datasets, which ParaView plays.
    public var times: [Double]?

    /// A grid called `name` on `mesh` carrying `attributes`.
    public init(name: String, mesh: XDMFMesh, attributes: [XDMFAttribute] = []) {
        self.name = name
        self.mesh = mesh
        self.attributes = attributes
    }

    /// The grid that `writeGrid(grid, in: gridGroup)` and `writeField(path, on: grid)` produce in
    /// `file` (relative to the .xdmf file): one node field per `(name, path)`.
    public init(
        name: String, file: String, grid: RectilinearGrid, gridGroup: String = "/",
        fields: [(name: String, path: String)], kind: HDF5ElementKind = .float64
    ) {
        let axes = grid.axes.map {
            XDMFDataItem(file: file, path: HDF5Location.join(gridGroup, $0.name), shape: [$0.coordinates.count])
        }
        self.init(
            name: name, mesh: .rectilinear(axes: axes),
            attributes: fields.map {
                XDMFAttribute(
                    name: $0.name, data: XDMFDataItem(file: file, path: $0.path, shape: grid.datasetShape, kind: kind))
            })
    }
}

/// Writes XDMF 3 documents: light XML describing meshes and fields whose values stay in HDF5
/// files, so ParaView and VisIt open a result directly.
public struct XDMFWriter: Sendable {
    /// The grids, written in order into one domain.
    public var grids: [XDMFGrid]

    /// A writer for `grids`.
    public init(grids: [XDMFGrid]) {
        self.grids = grids
    }

    /// The XML document; throws `XDMFError` if an attribute's size does not match its mesh.
    public func document() throws -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Xdmf Version="3.0">
              <Domain>

            """
        for grid in grids {
            if let times = grid.times {
                xml +=
                    "    <Grid Name=\"\(escape(grid.name))\" GridType=\"Collection\" CollectionType=\"Temporal\">\n"
                for (k, t) in times.enumerated() { xml += try render(grid, slice: (k, t, times.count)) }
                xml += "    </Grid>\n"
            } else {
                xml += try render(grid)
            }
        }
        xml += "  </Domain>\n</Xdmf>\n"
        return xml
    }

    /// Writes the document to `path` atomically (see `AtomicFile`).
    public func write(to path: String) throws {
        try AtomicFile.write(try document(), to: path)
    }

    // MARK: rendering

    /// One uniform grid; with `slice`, time k of n of an evolving grid (its attributes hyperslabs).
    private func render(_ grid: XDMFGrid, slice: (k: Int, time: Double, count: Int)? = nil) throws -> String {
        let fail = { (reason: String) in XDMFError(grid: grid.name, reason: reason) }
        var xml = "    <Grid Name=\"\(escape(grid.name))\" GridType=\"Uniform\">\n"
        if let slice { xml += "      <Time Value=\"\(slice.time)\"/>\n" }
        let nodeCount: Int, cellCount: Int
        var singletonAxes = 0
        switch grid.mesh {
        case let .rectilinear(axes):
            guard (1...3).contains(axes.count) else {
                throw fail("a rectilinear mesh has 1 to 3 axes, got \(axes.count)")
            }
            for axis in axes where axis.shape.count != 1 {
                throw fail("coordinate dataset \(axis.path) has shape \(axis.shape), expected 1-D")
            }
            let counts = axes.map(\.count)
            singletonAxes = 3 - axes.count
            nodeCount = counts.reduce(1, *)
            cellCount = counts.map { max($0 - 1, 1) }.reduce(1, *)
            let dimensions = [Int](repeating: 1, count: singletonAxes) + counts.reversed()
            xml += "      <Topology TopologyType=\"3DRectMesh\" Dimensions=\"\(list(dimensions))\"/>\n"
            xml += "      <Geometry GeometryType=\"VXVYVZ\">\n"
            for axis in axes { xml += item(axis, indent: 8) }
            for _ in 0..<singletonAxes {
                xml +=
                    "        <DataItem Dimensions=\"1\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">0</DataItem>\n"
            }
            xml += "      </Geometry>\n"
        case let .unstructured(cells, connectivity, nodes):
            guard connectivity.shape.count == 2, connectivity.shape[1] == cells.nodesPerCell else {
                throw fail(
                    "connectivity \(connectivity.path) has shape \(connectivity.shape), expected [cells, \(cells.nodesPerCell)]"
                )
            }
            guard connectivity.kind == .int64 else {
                throw fail("connectivity \(connectivity.path) must hold integers")
            }
            guard nodes.shape.count == 2, nodes.shape[1] == 2 || nodes.shape[1] == 3 else {
                throw fail("node coordinates \(nodes.path) have shape \(nodes.shape), expected [nodes, 2 or 3]")
            }
            cellCount = connectivity.shape[0]
            nodeCount = nodes.shape[0]
            xml +=
                "      <Topology TopologyType=\"\(cells.topologyType)\" NumberOfElements=\"\(cellCount)\""
                + " NodesPerElement=\"\(cells.nodesPerCell)\">\n"
            xml += item(connectivity, indent: 8)
            xml += "      </Topology>\n"
            xml += "      <Geometry GeometryType=\"\(nodes.shape[1] == 2 ? "XY" : "XYZ")\">\n"
            xml += item(nodes, indent: 8)
            xml += "      </Geometry>\n"
        }
        for attribute in grid.attributes {
            let entities = (attribute.center == .node ? nodeCount : cellCount) * (slice?.count ?? 1)
            let type: String
            if attribute.data.count == entities {
                type = "Scalar"
            } else if attribute.data.count == 3 * entities, attribute.data.shape.last == 3 {
                type = "Vector"
            } else {
                throw fail(
                    "attribute '\(attribute.name)' (\(attribute.data.path)) has shape \(attribute.data.shape), "
                        + "expected \(entities) values, one per \(attribute.center.rawValue.lowercased())")
            }
            xml +=
                "      <Attribute Name=\"\(escape(attribute.name))\" AttributeType=\"\(type)\""
                + " Center=\"\(attribute.center.rawValue)\">\n"
            // ParaView's legacy XDMFReader reads a field of lower rank than its mesh as one row.
            if let slice {
                // Time k: the hyperslab start (k, 0, …), stride 1, count (1, shape…) of the [nt, …] dataset.
                let space = Array(attribute.data.shape.dropFirst()), rank = attribute.data.shape.count
                let start = [slice.k] + [Int](repeating: 0, count: rank - 1)
                let stride = [Int](repeating: 1, count: rank), count = [1] + space
                xml +=
                    "        <DataItem ItemType=\"HyperSlab\" Dimensions=\"\(list([Int](repeating: 1, count: singletonAxes) + space))\""
                    + " Type=\"HyperSlab\">\n"
                xml +=
                    "          <DataItem Dimensions=\"3 \(rank)\" Format=\"XML\">\(list(start)) \(list(stride)) \(list(count))</DataItem>\n"
                xml += item(attribute.data, indent: 10)
                xml += "        </DataItem>\n"
            } else {
                let shape = singletonAxes > 0 ? [Int](repeating: 1, count: singletonAxes) + attribute.data.shape : nil
                xml += item(attribute.data, indent: 8, dimensions: shape)
            }
            xml += "      </Attribute>\n"
        }
        xml += "    </Grid>\n"
        return xml
    }

    /// `<DataItem …>file:path</DataItem>` for an HDF5 dataset.
    /// `dimensions` overrides the stored shape for readers that need the mesh's rank.
    private func item(_ data: XDMFDataItem, indent: Int, dimensions: [Int]? = nil) -> String {
        let (type, precision) =
            switch data.kind {
            case .float64: ("Float", 8)
            case .float32: ("Float", 4)
            case .int64: ("Int", 8)
            }
        return String(repeating: " ", count: indent)
            + "<DataItem Dimensions=\"\(list(dimensions ?? (data.shape.isEmpty ? [1] : data.shape)))\" NumberType=\"\(type)\""
            + " Precision=\"\(precision)\" Format=\"HDF\">\(escape(data.file)):\(escape(data.path))</DataItem>\n"
    }

    private func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: " ") }

    /// Escapes the five XML special characters.
    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
