import Foundation
import PinnBinding
import PinnCommandLine
import PinnProblems
import PinnResults
import PinnSolve
import PinnTraining

extension SolveCommand {
    /// Solves an ODE problem file (Neural ODE or PINN in time): trains with progress lines, writes the
    /// HDF5 result, prints the metrics and checks the problem's `expect` bounds.
    func solveODE(_ file: ODEProblemFile, json: String) throws {
        if format == .netcdf || (format == nil && output?.hasSuffix(".nc") == true) {
            throw CommandFailure(
                "\(problem): netCDF output is available for PDE results on grids; ODE results are written as HDF5 (.h5)"
            )
        }
        let bound: BoundODEProblem
        do {
            bound = try BoundODEProblem(file)
        } catch {
            throw CommandFailure(error.inFile(problem).description)
        }
        let path = output ?? file.output.path
        let total: Int =
            switch file.model {
            case .neuralODE: file.training.steps
            case .pinn: file.training.steps + file.training.lbfgsIterations
            }
        let trainer = if case .pinn = file.model { "pinn" } else { "neuralODE" }
        let session = try SolveSession(
            command: self, resultPath: path, problemText: json, trainer: trainer, total: total)
        var pipeline = ODEPipeline(problem: bound, progress: session.progress(\ODETrainingRecord.logEntry))
        pipeline.control = session.control()
        if resume {
            let count =
                switch file.model {
                case .neuralODE(let settings): try pipeline.neuralODE(settings).network.parameterCount
                case .pinn(let settings): pipeline.timePINNArchitecture(settings).parameterCount
                }
            pipeline.resume = try session.loadCheckpoint(parameterCount: count)
        }
        var result: ODEResult
        do {
            defer { session.finishMonitors() }
            result = try pipeline.run()
        } catch .interrupted(let interruption) {
            throw session.interrupted(interruption)
        } catch {
            throw CommandFailure("\(problem): \(error)")
        }
        result.problemJSON = json
        try result.write(to: path)
        print("wrote \(path)")
        session.completed()
        writePlots(forResultAt: path)
        try report(
            result.metrics,
            keys: [
                "relative_l2_train_window", "relative_l2_extrapolation", "relative_l2_vs_reference",
                "max_abs_error_vs_reference", "final_loss", "train_seconds", "wall_seconds"
            ],
            expect: file.expect)
        try Self.exitIfStoppedEarly(result.stopReason, path: path)
    }
}
