import Foundation
import PinnIO
import PinnNetwork
import PinnTraining

/// Everything a solve writes: fields on the output grid, references, metrics, history and model.
public struct ResultFile {
    public var problemName: String
    /// The problem file's JSON text, stored as an attribute so a result is self-describing.
    public var problemJSON: String
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
        try HDF5File.writeAtomically(to: path) { file in
            try file.setAttribute("pinn_version", to: Self.version)
            try file.setAttribute("problem", to: problemJSON)
            try file.setAttribute("problem_name", to: problemName)
            try file.setAttribute("seed", to: Int64(bitPattern: seed))
            try file.setAttribute("precision", to: precision)
            try file.setAttribute("created", to: ISO8601DateFormatter().string(from: Date()))
            try file.writeGrid(grid)
            for (path, values, long) in fieldList() {
                try file.writeField(path, values: values, on: grid)
                try file.setLongName(long, on: path)
            }
            try file.createGroup("/metrics")
            for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
                try file.setAttribute(key, to: value, on: "/metrics")
            }
            try writeHistory(file)
            try writeModel(file)
        }
        let name = (path as NSString).lastPathComponent
        let xdmf = XDMFWriter(grids: [XDMFGrid(name: problemName, file: name, grid: grid,
                                                fields: fieldList().map { (String($0.0.split(separator: "/").joined(separator: "_")), $0.0) })])
        try xdmf.write(to: (path as NSString).deletingPathExtension + ".xdmf")
    }

    /// (dataset path, values, long name) of every field on the grid.
    private func fieldList() -> [(String, [Double], String)] {
        var list: [(String, [Double], String)] = [
            ("/fields/u", u, "learned solution u"),
            ("/fields/residual", residual, "PDE residual of the learned solution"),
        ]
        if let reference {
            list.append(("/reference/u", reference, "finite-difference reference solution"))
            list.append(("/error/u", zip(u, reference).map { $0 - $1 }, "u - reference"))
        }
        if let exact {
            list.append(("/exact/u", exact, "exact solution"))
            list.append(("/error/u_vs_exact", zip(u, exact).map { $0 - $1 }, "u - exact"))
        }
        return list
    }

    private func writeHistory(_ file: HDF5File) throws {
        try file.createGroup("/training")
        try file.writeDataset("/training/step", values: history.map { Int64($0.step) })
        try file.writeDataset("/training/phase", values: history.map { Int64($0.phase == .adam ? 0 : 1) })
        try file.setAttribute("meaning", to: "0 = Adam, 1 = L-BFGS", on: "/training/phase")
        try file.writeDataset("/training/loss_residual", values: history.map(\.terms.residual))
        try file.writeDataset("/training/loss_boundary", values: history.map(\.terms.boundary))
        try file.writeDataset("/training/boundary_weight", values: history.map(\.boundaryWeight))
        try file.writeDataset("/training/learning_rate", values: history.map(\.learningRate))
        try file.writeDataset("/training/loss_total", values: history.map(\.total))
    }

    private func writeModel(_ file: HDF5File) throws {
        let a = architecture
        try file.createGroup("/model")
        try file.writeDataset("/model/parameters", values: parameters)
        try file.setAttribute("kind", to: "siren", on: "/model")
        try file.setAttribute("inputs", to: a.inputs, on: "/model")
        try file.setAttribute("outputs", to: a.outputs, on: "/model")
        try file.setAttribute("width", to: a.width, on: "/model")
        try file.setAttribute("depth", to: a.depth, on: "/model")
        try file.setAttribute("omega0", to: a.omega0, on: "/model")
        try file.setAttribute("omega_hidden", to: a.omegaHidden, on: "/model")
        try file.setAttribute("layout", to: """
            Layers l = 0…depth map sizes [inputs, width×depth, outputs]; for each layer the flat vector holds \
            W (out×in, column-major) then b (out). Hidden layers: h ← sin(ω(W h + b)) with ω = omega0 for \
            layer 0 and omega_hidden after; the last layer is linear.
            """, on: "/model")
    }
}
