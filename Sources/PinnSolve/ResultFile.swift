import Foundation
import PinnIO
import PinnNetwork
import PinnTraining

/// Everything a solve on an analytic domain writes: fields on the output grid, references,
/// metrics, history and model.
public struct ResultFile: PDEResult {
    public var problemName: String
    /// The problem file's JSON text, stored as an attribute so a result is self-describing.
    public var problemJSON: String
    /// The problem file's absolute path (root attribute problem_file), against which `pinn eval`
    /// resolves the problem's data files; nil when not known.
    public var problemFile: String?
    public var seed: UInt64
    public var precision: String
    public var grid: RectilinearGrid
    /// Learned field and PDE residual on the grid (x fastest).
    public var u: [Double]
    public var residual: [Double]
    /// Finite-difference reference (NaN outside the domain), when computed.
    public var reference: [Double]?
    /// Exact solution, when the problem states one (NaN outside the domain).
    public var exact: [Double]?
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

    public static let version = "0.1.0"

    public init(problemName: String, problemJSON: String, seed: UInt64, precision: String, grid: RectilinearGrid,
                u: [Double], residual: [Double], reference: [Double]?, exact: [Double]?, metrics: [String: Double],
                history: [TrainingRecord], architecture: SirenArchitecture, parameters: [Double]) {
        self.problemName = problemName
        self.problemJSON = problemJSON
        self.seed = seed
        self.precision = precision
        self.grid = grid
        self.u = u
        self.residual = residual
        self.reference = reference
        self.exact = exact
        self.metrics = metrics
        self.history = history
        self.architecture = architecture
        self.parameters = parameters
    }

    /// Writes the HDF5 file atomically (temporary name, then rename) and its XDMF sidecar beside it.
    public func write(to path: String) throws {
        let fields = fieldList()
        try HDF5File.writeAtomically(to: path) { file in
            try file.writeProvenance(problemName: problemName, problemJSON: problemJSON, seed: seed)
            if let problemFile { try file.setAttribute("problem_file", to: problemFile) }
            try file.setAttribute("precision", to: precision)
            try file.writeStopReason(stopReason)
            try file.writeGrid(grid)
            for field in fields {
                try file.writeField(field.path, values: field.values, on: grid)
                try file.setLongName(field.longName, on: field.path)
            }
            try file.writeMetrics(metrics)
            try file.writeTrainingHistory(history, recoveries: recoveries)
            try file.writeSirenModel(architecture, parameters: parameters)
        }
        let name = (path as NSString).lastPathComponent
        let xdmf = XDMFWriter(grids: [XDMFGrid(name: problemName, file: name, grid: grid,
                                                fields: fields.map { ($0.path.split(separator: "/").joined(separator: "_"), $0.path) })])
        try xdmf.write(to: (path as NSString).deletingPathExtension + ".xdmf")
    }

    /// A field on the grid: its HDF5 dataset path, its netCDF variable name, values and long name.
    struct Field {
        var path: String
        var netCDFName: String
        var values: [Double]
        var longName: String
    }

    /// Every field on the grid (the errors computed here, once per write).
    func fieldList() -> [Field] {
        var list = [
            Field(path: "/fields/u", netCDFName: "u", values: u, longName: "learned solution u"),
            Field(path: "/fields/residual", netCDFName: "residual", values: residual,
                  longName: "PDE residual of the learned solution"),
        ]
        if let reference {
            list.append(Field(path: "/reference/u", netCDFName: "u_reference", values: reference,
                              longName: "finite-difference reference solution"))
            list.append(Field(path: "/error/u", netCDFName: "error", values: zip(u, reference).map { $0 - $1 },
                              longName: "u - reference"))
        }
        if let exact {
            list.append(Field(path: "/exact/u", netCDFName: "u_exact", values: exact, longName: "exact solution"))
            list.append(Field(path: "/error/u_vs_exact", netCDFName: "error_vs_exact", values: zip(u, exact).map { $0 - $1 },
                              longName: "u - exact"))
        }
        return list
    }
}
