import Foundation
import PinnIO
import PinnNetwork
import PinnNumerics
import PinnTraining

/// Where a PDE result's fields lie.
public enum FieldSupport: Sendable {
    /// The nodes of a rectilinear grid (x fastest), NaN outside the domain: solves on analytic domains.
    case grid(RectilinearGrid)
    /// The nodes of a simplex mesh, NaN at nodes of no domain cell: solves on meshes.
    case mesh(MeshSupport)
}

/// A mesh as a result's support: the mesh, its file as the problem names it, and the physical group
/// of cells solved on (nil: every cell).
public struct MeshSupport: Sendable {
    public var mesh: SimplexMesh
    public var file: String
    public var subdomain: String?

    public init(mesh: SimplexMesh, file: String, subdomain: String?) {
        self.mesh = mesh
        self.file = file
        self.subdomain = subdomain
    }
}

/// The fields of a PDE result on its support (a grid's or a mesh's nodes, NaN outside the domain):
/// what a solve writes (`PDEResult`) and what a reader gets back (`StoredPDEResult`).
public struct PDEFields: Sendable, Equatable {
    /// The learned solution and its PDE residual a·Δu + c·u − f.
    public var u: [Double]
    public var residual: [Double]
    /// The reference solution (finite differences on a grid, P1 finite elements on a mesh), when computed.
    public var reference: [Double]?
    /// The exact solution, when the problem states one.
    public var exact: [Double]?

    public init(u: [Double], residual: [Double], reference: [Double]?, exact: [Double]?) {
        self.u = u
        self.residual = residual
        self.reference = reference
        self.exact = exact
    }
}

/// Everything a PDE solve writes: the learned field and its residual on the support (a grid or a
/// mesh's nodes), the reference and exact solution there, metrics, history and model. Read back
/// as `StoredPDEResult`.
///
///     /                  attrs: pinn_version, problem (the JSON), problem_name, problem_file, seed,
///                        created, precision (and stopped_early, stop_reason when training stopped early;
///                        reference_failed, reference_error when the reference's solver failed)
///     grid support:      /x, /y, /z coordinates as dimension scales of every field
///     mesh support:      /node, /cell index scales; /mesh/nodes [nodeCount, d], /mesh/cells [cellCount,
///                        d+1] 0-based node indices, /mesh/cell_group; /mesh attrs file, subdomain
///                        (a quadratic mesh: every node, cells its linear pieces, element_order = 2)
///     /fields/u          the learned solution; /fields/residual its PDE residual a·Δu + c·u − f
///     /reference/u, /error/u           the reference (finite differences on a grid, finite elements
///                                      on a mesh) and u − reference; /reference attributes method,
///                                      order, grid, refinement, estimated_relative_error
///     /exact/u, /error/u_vs_exact      when the problem states an exact solution
///     /metrics           attributes: relative L2 and max errors, seconds, final losses
///     /training          the history, one column per field; /model the network
///     /unknowns          an inverse problem's learned unknowns (see `UnknownEstimates`)
///     /measurements      its measurements and the network at their points (see `MeasurementFit`)
///     <name>.xdmf        the ParaView sidecar (rectilinear grid, or Triangle/Tetrahedron topology)
@dynamicMemberLookup
public struct PDEResult: Sendable {
    public var problemName: String
    /// The problem file's JSON text, stored as an attribute so a result is self-describing.
    public var problemJSON: String
    /// The problem file's absolute path (root attribute problem_file), against which `pinn eval`
    /// resolves the problem's data files; nil when not known.
    public var problemFile: String?
    public var seed: UInt64
    public var precision: String
    public var support: FieldSupport
    /// The learned field, its residual, the reference and the exact solution on the support
    /// (`result.u` and so on read them directly).
    public var fields: PDEFields
    /// Scalar metrics written as attributes of /metrics.
    public var metrics: [String: Double]
    public var history: [TrainingRecord]
    public var architecture: SirenArchitecture
    public var parameters: [Double]
    /// Why training stopped before its last step (non-finite values after the allowed recoveries);
    /// nil when it ran to the end. Written as the root attributes stopped_early and stop_reason.
    public var stopReason: String?
    /// Rollbacks after non-finite values during training (attribute `recoveries` of /training).
    public var recoveries = 0
    /// How the reference was computed (attributes of /reference), when there is one.
    public var referenceDescription: ReferenceDescription?
    /// Why there is no reference although the problem asks for one (its solver failed after
    /// training): root attributes reference_failed = 1 and reference_error. nil otherwise.
    public var referenceFailure: String?
    /// An inverse problem's learned unknowns (`/unknowns`); nil for a forward problem.
    public var unknowns: UnknownEstimates?
    /// An inverse problem's measurements and the network's values there (`/measurements`).
    public var measurementFit: MeasurementFit?
    /// Why the NetCDF file asked for could not be written, on the HDF5 result written in its
    /// place: root attributes netcdf_failed = 1 and netcdf_error. nil otherwise (and not written).
    public var netCDFFailure: String?

    public init(
        problemName: String, problemJSON: String, seed: UInt64, precision: String, support: FieldSupport,
        u: [Double], residual: [Double], reference: [Double]?, exact: [Double]?, metrics: [String: Double],
        history: [TrainingRecord], architecture: SirenArchitecture, parameters: [Double]
    ) {
        self.problemName = problemName
        self.problemJSON = problemJSON
        self.seed = seed
        self.precision = precision
        self.support = support
        fields = PDEFields(u: u, residual: residual, reference: reference, exact: exact)
        self.metrics = metrics
        self.history = history
        self.architecture = architecture
        self.parameters = parameters
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<PDEFields, Value>) -> Value {
        get { fields[keyPath: field] }
        set { fields[keyPath: field] = newValue }
    }

    /// The grid, for a result on one.
    public var grid: RectilinearGrid? {
        if case .grid(let grid) = support { grid } else { nil }
    }

    /// Writes the HDF5 file atomically (temporary name, then rename) and its XDMF sidecar beside it.
    public func write(to path: String) throws {
        try writeHDF5(to: path)
        try writeSidecar(forResultAt: path)
    }

    /// The path of the XDMF sidecar of the HDF5 result at `path`: its extension replaced by `.xdmf`.
    public static func sidecarPath(forResultAt path: String) -> String {
        (path as NSString).deletingPathExtension + ".xdmf"
    }

    /// Writes the HDF5 file atomically (temporary name, then rename), without its sidecar.
    public func writeHDF5(to path: String) throws {
        let fields = fieldList()
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(problemName: problemName, problemJSON: problemJSON, seed: seed)
            if let problemFile { try file.setAttribute("problem_file", to: problemFile) }
            try file.setAttribute("precision", to: precision)
            try file.writeStopReason(stopReason)
            switch support {
            case .grid(let grid):
                try file.writeGrid(grid)
                for field in fields {
                    try file.writeField(field.path, values: field.values, on: grid)
                    try file.setLongName(field.longName, on: field.path)
                }
            case .mesh(let support):
                try file.writeMeshSupport(support)
                for field in fields {
                    try file.writeDataset(field.path, values: field.values)
                    try file.attachScale(to: field.path, scale: "/node", dimension: 0)
                    try file.setLongName(field.longName, on: field.path)
                }
            }
            try file.writeMetrics(metrics)
            try file.writeReference(referenceDescription, failure: referenceFailure)
            if let netCDFFailure { try file.writeFailure(of: "netcdf", netCDFFailure) }
            try file.writeTrainingHistory(history, recoveries: recoveries)
            try file.writeSirenModel(architecture, parameters: parameters)
            if let unknowns { try file.writeUnknowns(unknowns) }
            if let measurementFit { try file.writeMeasurementFit(measurementFit) }
        }
    }

    /// Writes the XDMF sidecar (`sidecarPath(forResultAt:)`) that lets ParaView read the HDF5
    /// result at `path`.
    public func writeSidecar(forResultAt path: String) throws {
        let fields = fieldList()
        let name = (path as NSString).lastPathComponent
        let named = fields.map { ($0.path.split(separator: "/").joined(separator: "_"), $0.path) }
        let grid =
            switch support {
            case .grid(let grid) where grid.axes.last?.name == "t" && grid.axes.count > 1:
                Self.temporalGrid(name: problemName, file: name, grid: grid, fields: named)
            case .grid(let grid): XDMFGrid(name: problemName, file: name, grid: grid, fields: named)
            case .mesh(let support): XDMFGrid(name: problemName, file: name, mesh: support.mesh, nodeFields: named)
            }
        try XDMFWriter(grids: [grid]).write(to: Self.sidecarPath(forResultAt: path))
    }

    /// The XDMF grid of fields on a space-time grid (axes x, (y,) t; datasets `[nt, (ny,) nx]`): the
    /// spatial rectilinear mesh as a temporal collection over the times.
    public static func temporalGrid(name: String, file: String, grid: RectilinearGrid, fields: [(String, String)])
        -> XDMFGrid
    {
        let space = RectilinearGrid(axes: Array(grid.axes.dropLast()))
        var xdmf = XDMFGrid(name: name, file: file, grid: space, fields: fields)
        for i in xdmf.attributes.indices { xdmf.attributes[i].data.shape = grid.datasetShape }
        xdmf.times = grid.axes.last?.coordinates
        return xdmf
    }

    /// The result as a CF-1.10 netCDF-4 file (see `NetCDFGriddedResult` for the layout): the learned
    /// field `u`, `residual`, `u_reference`, `u_exact`, `error` (u − reference) and
    /// `error_vs_exact` on the grid's coordinates, the metrics as attributes of `metrics`, the
    /// problem JSON and `command` in the global attributes. Written atomically.
    /// - Throws: `PDEResultError.netCDFNeedsGrid` for a result on a mesh.
    public func writeNetCDF(to path: String, command: String) throws {
        guard case .grid(let grid) = support else { throw PDEResultError.netCDFNeedsGrid(path: path) }
        let fields = fieldList().map { NetCDFGridField(name: $0.netCDFName, values: $0.values, longName: $0.longName) }
        var metadata = NetCDFResultMetadata(
            title: "pinn result: \(problemName)", command: command,
            version: PinnVersion.current, problem: problemJSON.isEmpty ? nil : problemJSON)
        metadata.stopReason = stopReason
        metadata.referenceMethod = referenceDescription?.summary
        metadata.referenceFailure = referenceFailure
        try NetCDFGriddedResult(grid: grid, fields: fields, metrics: metrics, metadata: metadata).write(to: path)
    }

    /// A field on the support: its HDF5 dataset path, its netCDF variable name, values and long name.
    struct Field {
        var path: String
        var netCDFName: String
        var values: [Double]
        var longName: String
    }

    /// Every field on the support (the errors computed here, once per write).
    func fieldList() -> [Field] {
        let (u, residual, reference, exact) = (fields.u, fields.residual, fields.reference, fields.exact)
        let onMesh: Bool = if case .mesh = support { true } else { false }
        let atNodes = onMesh ? " at the mesh nodes" : ""
        var list = [
            Field(path: "/fields/u", netCDFName: "u", values: u, longName: "learned solution u" + atNodes),
            Field(
                path: "/fields/residual", netCDFName: "residual", values: residual,
                longName: "PDE residual of the learned solution" + atNodes)
        ]
        if let reference {
            list.append(
                Field(
                    path: "/reference/u", netCDFName: "u_reference", values: reference,
                    longName:
                        "reference solution (\(referenceDescription?.method ?? (onMesh ? "finite elements" : "finite differences")))"
                        + atNodes))
            list.append(
                Field(
                    path: "/error/u", netCDFName: "error", values: zip(u, reference).map { $0 - $1 },
                    longName: "u - reference"))
        }
        if let exact {
            list.append(
                Field(path: "/exact/u", netCDFName: "u_exact", values: exact, longName: "exact solution" + atNodes))
            list.append(
                Field(
                    path: "/error/u_vs_exact", netCDFName: "error_vs_exact", values: zip(u, exact).map { $0 - $1 },
                    longName: "u - exact"))
        }
        return list
    }
}

extension HDF5Location {
    /// A mesh support: /mesh (nodes, cells, cell_group; attributes file, subdomain) and the index
    /// scales /node (of every node field) and /cell (of /mesh/cell_group), so netCDF readers name
    /// the dimensions.
    func writeMeshSupport(_ support: MeshSupport) throws {
        // A quadratic mesh is written as its linear pieces (see `writeMesh`); /cell counts them.
        try writeMesh(support.mesh)
        let mesh = support.mesh.linearSubdivision()
        try setAttribute("file", to: support.file, on: "/mesh")
        if let subdomain = support.subdomain { try setAttribute("subdomain", to: subdomain, on: "/mesh") }
        for (scale, count) in [("node", mesh.nodes.count), ("cell", mesh.cells.count)] {
            try writeDataset("/" + scale, values: (0..<count).map { Int64($0) })
            try makeDimensionScale("/" + scale, name: scale)
        }
        // Only 1-D datasets get scales: netCDF readers (h5netcdf) refuse a dataset with some
        // dimensions labelled and others not, such as /mesh/nodes [node, coordinate].
        try attachScale(to: "/mesh/cell_group", scale: "/cell", dimension: 0)
    }
}

/// A PDE result that cannot be written as asked.
public enum PDEResultError: Error, CustomStringConvertible, Equatable, Sendable {
    /// NetCDF output was asked for (`path`), but results on mesh nodes are written as HDF5 + XDMF.
    case netCDFNeedsGrid(path: String)

    public var description: String {
        switch self {
        case .netCDFNeedsGrid(let path):
            "\(path): netCDF output is for gridded results (CF coordinate variables x, y, z); a result on mesh nodes "
                + "is written as HDF5 with an XDMF sidecar (drop --format netcdf and give an .h5 output path)"
        }
    }
}
