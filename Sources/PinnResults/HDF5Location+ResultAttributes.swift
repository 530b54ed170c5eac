import Foundation
import PinnIO
import PinnNetwork
import PinnTraining

/// Attribute groups that every pinn result file (PDE or ODE) writes the same way, and the
/// training history and model of every PDE result (grid or mesh).
extension HDF5Location {
    /// Root attributes naming what made the file: pinn_version, problem (the JSON text),
    /// problem_name, seed and created (ISO 8601).
    public func writeProvenance(problemName: String, problemJSON: String, seed: UInt64) throws {
        try setAttribute("pinn_version", to: PinnVersion.current)
        try setAttribute("problem", to: problemJSON)
        try setAttribute("problem_name", to: problemName)
        try setAttribute("seed", to: Int64(bitPattern: seed))
        try setAttribute("created", to: ISO8601DateFormatter().string(from: Date()))
    }

    /// Root attributes stopped_early (0 or 1) and, when training stopped early, stop_reason.
    public func writeStopReason(_ reason: String?) throws {
        try setAttribute("stopped_early", to: reason == nil ? 0 : 1)
        if let reason { try setAttribute("stop_reason", to: reason) }
    }

    /// Root attributes `<step>_failed` (0 or 1) and, when the step failed after training,
    /// `<step>_error` with why (`evaluation_failed` of an ODE result whose learned trajectory could
    /// not be computed, `netcdf_failed` of an HDF5 result written in place of a NetCDF one).
    public func writeFailure(of step: String, _ failure: String?) throws {
        try setAttribute("\(step)_failed", to: failure == nil ? 0 : 1)
        if let failure { try setAttribute("\(step)_error", to: failure) }
    }

    /// The attributes of /reference (method, order, grid, refinement, unknowns, seconds,
    /// estimated_relative_error, element_order) when the group exists, and the root attribute reference_failed (0
    /// or 1) with reference_error when the reference's solver failed.
    public func writeReference(_ description: ReferenceDescription?, failure: String?) throws {
        try writeFailure(of: "reference", failure)
        guard let description, exists("/reference") else { return }
        try setAttribute("method", to: description.method, on: "/reference")
        try setAttribute("order", to: description.order, on: "/reference")
        if let grid = description.grid { try setAttribute("grid", to: grid.map(Double.init), on: "/reference") }
        try setAttribute("refinement", to: description.refinement, on: "/reference")
        try setAttribute("unknowns", to: description.unknowns, on: "/reference")
        try setAttribute("seconds", to: description.seconds, on: "/reference")
        if let e = description.estimatedRelativeError {
            try setAttribute("estimated_relative_error", to: e, on: "/reference")
        }
        if let p = description.elementOrder { try setAttribute("element_order", to: p, on: "/reference") }
    }

    /// The group /metrics with one Double attribute per metric, in name order.
    public func writeMetrics(_ metrics: [String: Double]) throws {
        try createGroup("/metrics")
        for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
            try setAttribute(key, to: value, on: "/metrics")
        }
    }

    /// kind = "siren" and the architecture (inputs, outputs, width, depth, omega0, omega_hidden)
    /// as attributes of `path`.
    public func writeSirenAttributes(_ a: SirenArchitecture, on path: String) throws {
        try setAttribute("kind", to: "siren", on: path)
        try setAttribute("inputs", to: a.inputs, on: path)
        try setAttribute("outputs", to: a.outputs, on: path)
        try setAttribute("width", to: a.width, on: path)
        try setAttribute("depth", to: a.depth, on: path)
        try setAttribute("omega0", to: a.omega0, on: path)
        try setAttribute("omega_hidden", to: a.omegaHidden, on: path)
    }

    /// /training: per-step loss terms, boundary weight, learning rate and phase (0 Adam, 1 L-BFGS,
    /// 2 Gauss–Newton), and with a Gauss–Newton phase each iteration's damping and step length (0: not
    /// taken); attribute `recoveries` (rollbacks after non-finite values).
    public func writeTrainingHistory(_ history: [TrainingRecord], recoveries: Int) throws {
        try createGroup("/training")
        try writeDataset("/training/step", values: history.map { Int64($0.step) })
        try writeDataset("/training/phase", values: history.map { Int64($0.phase.code) })
        let gaussNewton = history.contains { $0.phase == .gaussNewton }
        try setAttribute(
            "meaning", to: "0 = Adam, 1 = L-BFGS" + (gaussNewton ? ", 2 = Gauss–Newton" : ""), on: "/training/phase")
        try writeDataset("/training/loss_residual", values: history.map(\.terms.residual))
        try writeDataset("/training/loss_boundary", values: history.map(\.terms.boundary))
        try writeDataset("/training/boundary_weight", values: history.map(\.boundaryWeight))
        try writeDataset("/training/learning_rate", values: history.map(\.learningRate))
        try writeDataset("/training/loss_total", values: history.map(\.total))
        if gaussNewton { try writeGaussNewtonSteps(history.map(\.gaussNewton), under: "/training") }
        try writeInverseHistory(history, under: "/training")
        try setAttribute("recoveries", to: recoveries, on: "/training")
    }

    /// /model: the SIREN's flat `parameters`, its architecture and the layout of the flat vector.
    public func writeSirenModel(_ architecture: SirenArchitecture, parameters: [Double]) throws {
        try createGroup("/model")
        try writeDataset("/model/parameters", values: parameters)
        try writeSirenAttributes(architecture, on: "/model")
        try setAttribute(
            "layout",
            to: """
                Layers l = 0…depth map sizes [inputs, width×depth, outputs]; for each layer the flat vector holds \
                W (out×in, column-major) then b (out). Hidden layers: h ← sin(ω(W h + b)) with ω = omega0 for \
                layer 0 and omega_hidden after; the last layer is linear.
                """, on: "/model")
    }
}
