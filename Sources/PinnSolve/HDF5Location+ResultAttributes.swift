import Foundation
import PinnIO
import PinnNetwork

/// Attribute groups that every pinn result file (PDE or ODE) writes the same way.
extension HDF5Location {
    /// Root attributes naming what made the file: pinn_version, problem (the JSON text),
    /// problem_name, seed and created (ISO 8601).
    func writeProvenance(problemName: String, problemJSON: String, seed: UInt64) throws {
        try setAttribute("pinn_version", to: ResultFile.version)
        try setAttribute("problem", to: problemJSON)
        try setAttribute("problem_name", to: problemName)
        try setAttribute("seed", to: Int64(bitPattern: seed))
        try setAttribute("created", to: ISO8601DateFormatter().string(from: Date()))
    }

    /// Root attributes stopped_early (0 or 1) and, when training stopped early, stop_reason.
    func writeStopReason(_ reason: String?) throws {
        try setAttribute("stopped_early", to: reason == nil ? 0 : 1)
        if let reason { try setAttribute("stop_reason", to: reason) }
    }

    /// The group /metrics with one Double attribute per metric, in name order.
    func writeMetrics(_ metrics: [String: Double]) throws {
        try createGroup("/metrics")
        for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
            try setAttribute(key, to: value, on: "/metrics")
        }
    }

    /// kind = "siren" and the architecture (inputs, outputs, width, depth, omega0, omega_hidden)
    /// as attributes of `path`.
    func writeSirenAttributes(_ a: SirenArchitecture, on path: String) throws {
        try setAttribute("kind", to: "siren", on: path)
        try setAttribute("inputs", to: a.inputs, on: path)
        try setAttribute("outputs", to: a.outputs, on: path)
        try setAttribute("width", to: a.width, on: path)
        try setAttribute("depth", to: a.depth, on: path)
        try setAttribute("omega0", to: a.omega0, on: path)
        try setAttribute("omega_hidden", to: a.omegaHidden, on: path)
    }
}
