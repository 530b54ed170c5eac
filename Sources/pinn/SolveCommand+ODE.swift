import Dispatch
import Foundation
import PinnProblems
import PinnSolve

extension SolveCommand {
    /// Solves an ODE problem file (Neural ODE or PINN in time): trains with progress lines, writes the
    /// HDF5 result, prints the metrics and checks the problem's `expect` bounds.
    func solveODE(_ file: ODEProblemFile, json: String) throws {
        if format == .netcdf || (format == nil && output?.hasSuffix(".nc") == true) {
            throw CommandFailure("\(problem): netCDF output is available for PDE results on grids; ODE results are written as HDF5 (.h5)")
        }
        let bound: BoundODEProblem
        do {
            bound = try BoundODEProblem(file)
        } catch {
            throw CommandFailure(error.inFile(problem).description)
        }
        let path = output ?? file.output.path
        let total: Int = switch file.model {
        case .neuralODE: file.training.steps
        case .pinn: file.training.steps + file.training.lbfgsIterations
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let quiet = self.quiet, every = max(1, self.every)
        let progress: (ODETrainingRecord) -> Bool = { r in
            guard !quiet, r.step % every == 0 || r.step == total - 1 else { return true }
            var line = String(format: "%@ %6d  loss %.3e", r.phase.rawValue, r.step, r.loss)
            if let residual = r.residual, let condition = r.condition {
                line += String(format: "  residual %.3e  condition %.3e", residual, condition)
            }
            if r.phase == .adam { line += String(format: "  lr %.2e", r.learningRate) }
            print(line + "  " + Self.rateAndETA(done: r.step + 1, total: total, since: start))
            fflush(nil)
            return true
        }
        var result: ODEResultFile
        do {
            result = try ODEPipeline(problem: bound, progress: progress).run()
        } catch {
            throw CommandFailure("\(problem): \(error)")
        }
        result.problemJSON = json
        try Self.createParentDirectory(of: path)
        try result.write(to: path)
        print("wrote \(path)")
        writePlots(forResultAt: path)
        try report(result.metrics, keys: ["relative_l2_train_window", "relative_l2_extrapolation", "relative_l2_vs_reference",
                                          "max_abs_error_vs_reference", "final_loss", "train_seconds", "wall_seconds"],
                   expect: file.expect)
    }
}
