import ArgumentParser
import Foundation
import PinnCommandLine
import PinnNumerics
import PinnODE

extension BenchCommand {
    /// The gradient methods of `--node`.
    enum NodeGradient: String, ExpressibleByArgument, CaseIterable {
        case adjoint, backprop

        /// The method of the Neural ODE trainer.
        var method: GradientMethod { self == .adjoint ? .adjoint : .backpropagation }
    }

    /// `pinn bench --node`: the spiral Neural ODE iteration, one JSON line or one table row.
    func runNODE() throws {
        guard AllocationCounter.isActive else { throw CommandFailure("the allocation counter is not interposed") }
        let result = try SpiralNODEBenchmark(gradient: nodeGradient.method, seed: seed).measure(iterations: iters)
        if json {
            let fields: [String: Any] = [
                "case": "spiral_node", "gradient": nodeGradient.rawValue, "precision": "f64", "iters": iters,
                "median_iter_ms": result.medianIterationSeconds * 1e3,
                "allocations_per_iter": result.allocationsPerIteration,
                "final_batch_loss": result.finalBatchLoss, "relative_l2_full": result.relativeL2Full,
                "workers": Parallel.workers, "seed": seed
            ]
            print(try jsonObject(fields))
        } else {
            print(
                "spiral Neural ODE (MLP 2→50→2 tanh on y³, 20 windows × 10 points, Dopri5 rtol 1e-7 atol 1e-9), "
                    + "\(nodeGradient.rawValue), \(iters) timed iterations, \(Parallel.workers) workers")
            print(
                String(
                    format: "median iteration %.2f ms, %.0f allocations/iteration, final batch loss %.3g, "
                        + "relative L2 on the full trajectory %.3g", result.medianIterationSeconds * 1e3,
                    result.allocationsPerIteration, result.finalBatchLoss, result.relativeL2Full))
        }
    }
}
