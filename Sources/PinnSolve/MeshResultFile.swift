import Foundation
import PinnIO
import PinnNetwork
import PinnTraining

/// Everything a solve on a mesh writes: fields on the mesh's nodes, metrics, history and model.
///
///     /                  attrs: pinn_version, problem (the JSON), problem_name, seed, created, precision
///                        (and stopped_early, stop_reason when training stopped early)
///     /node, /cell       node and cell indices 0…n−1, HDF5 dimension scales "node" (of every node
///                        field) and "cell" (of /mesh/cell_group), so netCDF readers name the dimensions
///     /mesh/nodes        [nodeCount, d] coordinates; /mesh/cells [cellCount, d+1] 0-based node indices
///                        (triangles or tetrahedra); /mesh/cell_group; attrs file, subdomain
///     /fields/u          [nodeCount] learned solution at the nodes (NaN at nodes of no domain cell)
///     /fields/residual   its PDE residual a·Δu + c·u − f
///     /exact/u, /error/u_vs_exact      when the problem states an exact solution
///     /reference/u, /error/u           the piecewise-linear finite-element reference on the same mesh
///     /metrics, /training, /model      as in grid results
///     <name>.xdmf        Triangle/Tetrahedron topology with every node field and cell_group
///
/// NetCDF is for gridded results: `writeNetCDF` refuses a mesh result.
public struct MeshResultFile: PDEResult {
    public var problemName: String
    public var problemJSON: String
    /// The problem file's absolute path, written as the root attribute `problem_file` when set.
    public var problemFile: String?
    public var seed: UInt64
    public var precision: String
    public var mesh: SimplexMesh
    /// The mesh file as the problem file names it.
    public var meshFile: String
    /// The physical group of cells solved on; nil for every cell.
    public var subdomain: String?
    /// Learned field and PDE residual at the nodes (NaN at nodes of no domain cell).
    public var u: [Double]
    public var residual: [Double]
    /// The reference solution at the nodes (piecewise-linear finite elements on the same mesh), when computed.
    public var reference: [Double]?
    /// The exact solution at the nodes, when the problem states one.
    public var exact: [Double]?
    public var metrics: [String: Double]
    public var history: [TrainingRecord]
    public var architecture: SirenArchitecture
    public var parameters: [Double]
    /// Why training stopped before its last step (root attributes stopped_early, stop_reason); nil
    /// when it ran to the end.
    public var stopReason: String?
    /// Rollbacks after non-finite values during training (attribute `recoveries` of /training).
    public var recoveries = 0

    /// Writes the HDF5 file atomically (temporary name, then rename) and its XDMF sidecar beside it.
    public func write(to path: String) throws {
        let fields = fieldList()
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(problemName: problemName, problemJSON: problemJSON, seed: seed)
            if let problemFile { try file.setAttribute("problem_file", to: problemFile) }
            try file.setAttribute("precision", to: precision)
            try file.writeStopReason(stopReason)
            try file.writeMesh(mesh)
            try file.setAttribute("file", to: meshFile, on: "/mesh")
            if let subdomain { try file.setAttribute("subdomain", to: subdomain, on: "/mesh") }
            for (scale, count) in [("node", mesh.nodes.count), ("cell", mesh.cells.count)] {
                try file.writeDataset("/" + scale, values: (0..<count).map { Int64($0) })
                try file.makeDimensionScale("/" + scale, name: scale)
            }
            // Only 1-D datasets get scales: netCDF readers (h5netcdf) refuse a dataset with some
            // dimensions labelled and others not, such as /mesh/nodes [node, coordinate].
            try file.attachScale(to: "/mesh/cell_group", scale: "/cell", dimension: 0)
            for field in fields {
                try file.writeDataset(field.path, values: field.values)
                try file.attachScale(to: field.path, scale: "/node", dimension: 0)
                try file.setLongName(field.longName, on: field.path)
            }
            try file.writeMetrics(metrics)
            try file.writeTrainingHistory(history, recoveries: recoveries)
            try file.writeSirenModel(architecture, parameters: parameters)
        }
        let name = (path as NSString).lastPathComponent
        let grid = XDMFGrid(name: problemName, file: name, mesh: mesh,
                            nodeFields: fields.map { ($0.path.split(separator: "/").joined(separator: "_"), $0.path) })
        try XDMFWriter(grids: [grid]).write(to: (path as NSString).deletingPathExtension + ".xdmf")
    }

    /// Refused: netCDF results are gridded (CF coordinate variables x, y, z).
    public func writeNetCDF(to path: String, command: String) throws {
        throw MeshResultError.netCDFNeedsGrid(path: path)
    }

    /// Every node field: its HDF5 dataset path, values and long name.
    func fieldList() -> [(path: String, values: [Double], longName: String)] {
        var list = [("/fields/u", u, "learned solution u at the mesh nodes"),
                    ("/fields/residual", residual, "PDE residual of the learned solution at the mesh nodes")]
        if let reference {
            list.append(("/reference/u", reference, "finite-element (P1) reference solution at the mesh nodes"))
            list.append(("/error/u", zip(u, reference).map { $0 - $1 }, "u - reference"))
        }
        if let exact {
            list.append(("/exact/u", exact, "exact solution at the mesh nodes"))
            list.append(("/error/u_vs_exact", zip(u, exact).map { $0 - $1 }, "u - exact"))
        }
        return list
    }
}

/// A mesh result that cannot be written as asked.
public enum MeshResultError: Error, CustomStringConvertible, Equatable, Sendable {
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
