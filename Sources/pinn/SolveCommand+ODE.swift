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
            // (An output.path ending in .nc is refused by the file's validation.)
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
        do {
            try ODEPipeline(problem: bound).checkBeforeTraining()
        } catch {
            throw CommandFailure("\(problem): \(error)")
        }
        let path = output ?? file.output.path
        let total: Int =
            switch file.model {
            case .neuralODE, .pinn, .parameterEstimation:
                file.training.steps + file.training.lbfgsIterations + file.training.gaussNewtonIterations
            }
        let names = file.unknownNames
        let session = try SolveSession(
            command: self, resultPath: path, problemText: json, trainer: file.model.typeName, total: total)
        var pipeline = ODEPipeline(
            problem: bound,
            progress: session.progress { (record: ODETrainingRecord) in
                var entry = record.logEntry
                for (name, value) in zip(names, record.unknowns) { entry.terms.append(.init(name, value)) }
                return entry
            })
        pipeline.control = session.control()
        pipeline.saveTrained = { session.saveTrained($0, stopReason: $1) }
        pipeline.faults = faults
        if resume {
            let count =
                switch file.model {
                case .neuralODE(let settings): try pipeline.neuralODE(settings).network.parameterCount
                case .pinn(let settings): pipeline.timePINNArchitecture(settings).parameterCount
                case .parameterEstimation: names.count
                }
            pipeline.resume = try session.loadCheckpoint(parameterCount: count)
            pipeline.resumedStopReason = session.resumedStopReason
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
        var issues = PostTrainingIssues()
        let written: Bool
        do {
            try faults.check(.hdf5)
            try result.write(to: path)
            print("wrote \(path)")
            session.completed()
            written = true
        } catch {
            issues.add(PostTrainingIssues.notWritten, notWrittenMessage(path, error, session: session))
            written = false
        }
        if written { writePlots(forResultAt: path) }
        if let unknowns = result.unknowns { report(unknowns) }
        report(
            result.metrics,
            keys: [
                "relative_l2_train_window", "relative_l2_extrapolation", "relative_l2_vs_reference",
                "max_abs_error_vs_reference", "final_loss", "train_seconds", "wall_seconds"
            ],
            expect: file.expect, issues: &issues)
        if written {
            noteStoppedEarly(result.stopReason, path: path, issues: &issues)
            if let failure = result.evaluationFailure {
                issues.add(
                    PostTrainingIssues.stepFailed,
                    "\(problem): solver: the learned trajectory could not be computed after training: \(failure). "
                        + "\(path) holds the trained model without it (root attribute evaluation_failed = 1, "
                        + "evaluation_error; `pinn eval \(path)` evaluates the model).")
            }
        }
        try issues.exitIfAny()
    }
}
