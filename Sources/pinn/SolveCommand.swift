import ArgumentParser
import Dispatch
import Foundation
import PinnNumerics
import PinnProblems
import PinnSolve
import PinnTraining

/// `pinn solve PROBLEM.json`: train, compare with the finite-difference reference, write HDF5 + XDMF.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a Poisson, Helmholtz or ODE problem file and write the result as HDF5 (+ XDMF for PDEs).",
        discussion: """
        The problem file (JSON) states the equation, domain, boundary conditions and, optionally, the \
        exact solution, network and training settings; see Problems/ for examples. The result goes to \
        Outputs/<name>.h5 (or --output) with an .xdmf file beside it for ParaView. It holds the learned \
        field, its PDE residual, a second-order finite-difference reference, the exact solution where \
        given, the errors, the loss history and the network's weights; /metrics has relative L2 errors. \
        An ODE problem ("kind": "ode") trains a Neural ODE on its observations or a PINN in time on the \
        equation and writes the reference trajectory (Dormand–Prince at tight tolerances), the learned \
        trajectory inside and beyond the training window, the observations, the errors, the loss history \
        and the model; /metrics has relative_l2_train_window and relative_l2_extrapolation.
        """)

    @Argument(help: "The problem file (JSON).")
    var problem: String

    @Option(name: .shortAndLong, help: "Where to write the result (default: the problem's output.path).")
    var output: String?

    @Option(help: """
        hdf5 (with an .xdmf sidecar) or netcdf (CF-1.10 netCDF-4, for PDE results); default: netcdf when \
        the output path ends in .nc, else hdf5.
        """)
    var format: ResultFormat?

    @Flag(help: "Print only the final summary.")
    var quiet = false

    @Option(help: "Print a progress line every N steps.")
    var every = 100

    @Flag(help: "Do not write the PNG figures (<name>_fields.png, _loss.png, _trajectories.png) beside the result.")
    var noPlots = false

    @Flag(help: "Exit with status 3 when a bound in the problem's \"expect\" is not met (the result is still written).")
    var check = false

    /// The file formats `pinn solve` writes.
    enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
        case hdf5, netcdf
    }

    func run() throws {
        let document: ProblemDocument, json: String
        do {
            let data = try ProblemDocument.read(problem)
            json = String(decoding: data, as: UTF8.self)
            document = try ProblemDocument.decode(data, file: problem)
        } catch {
            throw CommandFailure(error.description)
        }
        switch document {
        case .pde(let file): try solvePDE(file, json: json)
        case .ode(let file): try solveODE(file, json: json)
        }
    }

    /// Solves a Poisson or Helmholtz problem file whose text is `json`.
    func solvePDE(_ file: ProblemFile, json: String) throws {
        let bound: BoundProblem
        do {
            bound = try BoundProblem(file)
        } catch {
            throw CommandFailure("\(problem): \(error)")
        }
        let format = self.format ?? (output?.hasSuffix(".nc") == true ? .netcdf : .hdf5)
        var path = output ?? file.output.path
        if output == nil, format == .netcdf, path.hasSuffix(".h5") { path = String(path.dropLast(3)) + ".nc" }
        let total = file.training.adamSteps + file.training.lbfgsIterations
        let start = DispatchTime.now().uptimeNanoseconds
        let quiet = self.quiet, every = max(1, self.every)
        let progress: (TrainingRecord) -> Bool = { r in
            guard !quiet, r.step % every == 0 || r.step == total - 1 else { return true }
            print(String(format: "%@ %6d  residual %.3e  boundary %.3e  λ %.3g  ", r.phase.rawValue, r.step,
                         r.terms.residual, r.terms.boundary, r.boundaryWeight)
                  + Self.rateAndETA(done: r.step + 1, total: total, since: start))
            fflush(nil)
            return true
        }
        var result: ResultFile
        switch file.training.precision {
        case .f32: result = try SolvePipeline<Float>(problem: bound, progress: progress).run()
        case .f64: result = try SolvePipeline<Double>(problem: bound, progress: progress).run()
        }
        result.problemJSON = json
        try Self.createParentDirectory(of: path)
        switch format {
        case .hdf5:
            try result.write(to: path)
            print("wrote \(path) (+ .xdmf)")
            writePlots(forResultAt: path)
        case .netcdf:
            try result.writeNetCDF(to: path, command: (["pinn"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
            print("wrote \(path)")
        }
        try report(result.metrics, keys: ["relative_l2_vs_reference", "relative_l2_vs_exact",
                                          "reference_relative_l2_vs_exact", "wall_seconds"], expect: file.expect)
    }

    /// Creates the folder that will hold `path`, if it is missing.
    static func createParentDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    }

    /// Prints the metrics named in `keys` that the result has, then every bound of the problem's
    /// `expect` against the metric reached; with `--check`, exits with status 3 when one is not met
    /// (a missing metric counts as not met).
    func report(_ metrics: [String: Double], keys: [String], expect: [String: Double]) throws {
        for key in keys {
            if let v = metrics[key] { print(key.padding(toLength: 32, withPad: " ", startingAt: 0) + String(format: "%.3e", v)) }
        }
        var unmet: [String] = []
        for (metric, bound) in expect.sorted(by: { $0.key < $1.key }) {
            let value = metrics[metric] ?? .nan
            let met = value <= bound
            if !met { unmet.append(metric) }
            print("expect \(metric) ≤ \(String(format: "%.1e", bound)): \(String(format: "%.3e", value)) \(met ? "met" : "NOT MET")")
        }
        if check, !unmet.isEmpty {
            throw ExitCode(3)
        }
    }

    /// "N steps/s, ETA S s" for `done` of `total` steps since `start` (uptime nanoseconds).
    static func rateAndETA(done: Int, total: Int, since start: UInt64) -> String {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = Double(max(0, total - done)) / rate
        return String(format: "%.1f steps/s  ETA %.0f s", rate, eta)
    }
}
