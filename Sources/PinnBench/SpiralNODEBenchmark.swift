import Dispatch
import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining

/// The spiral Neural ODE of Chen et al.'s demo, set up as the diffrax peer (shared/peers/node_jax.py):
///
/// - data: dy/dt = (y³)A, A = [[−0.1, 2], [−2, −0.1]] (y a row vector), y(0) = (2, 0), saved at 1000
///   equally spaced times on [0, 25] from adaptive Dormand–Prince at rtol 1e-9, atol 1e-10;
/// - model: MLP 2 → 50 → 2 (tanh) applied to y³ (`inputPower` 3), Glorot-initialised from `seed`;
/// - one iteration: 20 random windows of 10 consecutive points, each solved from its first point by
///   Dormand–Prince (rtol 1e-7, atol 1e-9), loss and gradient (adjoint or backpropagation), Adam (lr 1e-3).
///
/// Training is `NeuralODETrainer`'s (PinnSolve), unchanged; iterations are timed between its
/// per-step progress callbacks. Differences from the peer that remain: pinn's window loss is the mean
/// squared error on the 9 points after the start (the peer's is the mean absolute error on all 10,
/// the first being exact), windows are drawn with replacement, the 20 windows are solved as independent
/// adaptive solves spread over the cores (the peer vmaps them), and pinn's ODE code is Double only.
struct SpiralNODEBenchmark {
    var gradient: GradientMethod
    var seed: UInt64

    static let observationCount = 1000
    static let span = 25.0
    static let initialState = [2.0, 0.0]
    static let solverOptions = AdaptiveOptions(relativeTolerance: 1e-7, absoluteTolerance: 1e-9)

    /// The true dynamics dy/dt = (y³)A.
    static func truth(_ t: Double, _ y: [Double], _ dy: inout [Double]) {
        let a = y[0] * y[0] * y[0], b = y[1] * y[1] * y[1]
        dy[0] = -0.1 * a - 2 * b
        dy[1] = 2 * a - 0.1 * b
    }

    /// The 1000 observations of the true spiral.
    static func observations() throws -> ObservationTable {
        let times = (0..<observationCount).map { span * Double($0) / Double(observationCount - 1) }
        let solution = try solveODE(
            truth, from: initialState, over: (0, span), saveAt: times,
            method: .dormandPrince(
                AdaptiveOptions(
                    relativeTolerance: 1e-9,
                    absoluteTolerance: 1e-10,
                    maxSteps: 1_000_000)))
        return try ObservationTable(stateNames: ["x", "y"], times: times, states: solution.states)
    }

    /// What `measure` reports.
    struct Result {
        var medianIterationSeconds: Double
        var allocationsPerIteration: Double
        var finalBatchLoss: Double
        /// ‖z − y‖ / ‖y‖ over the whole trajectory from y(0), after training.
        var relativeL2Full: Double
    }

    /// Trains for `iterations` + 1 steps and reports the median of the last `iterations` step times
    /// (the first step is warm-up) and their mean heap allocations.
    func measure(iterations: Int) throws -> Result {
        let data = try Self.observations()
        let network = MLP(stateDimension: 2, width: 50, depth: 1, activation: .tanh, inputPower: 3, seed: seed)
        var model = NeuralODE(network: network, options: Self.solverOptions)
        let trainer = NeuralODETrainer(
            steps: iterations + 1, schedule: .constant(rate: 1e-3), batchTime: 10,
            batchSize: 20, gradient: gradient, seed: seed)
        var stamps = [UInt64](), counts = [UInt64]()
        stamps.reserveCapacity(iterations + 1)
        counts.reserveCapacity(iterations + 1)
        _ = AllocationCounter.traceRequested // read the environment now, not inside a counted iteration
        let history = try trainer.train(&model, on: data, startTime: 0, initialState: Self.initialState) { _ in
            counts.append(AllocationCounter.count)
            stamps.append(DispatchTime.now().uptimeNanoseconds)
            AllocationCounter.traceIfRequested(true) // from the end of the warm-up iteration on
            return true
        }
        AllocationCounter.traceIfRequested(false)
        let times = (1..<stamps.count).map { Double(stamps[$0] - stamps[$0 - 1]) * 1e-9 }
        let allocations = counts.count > 1 ? Double(counts.last! - counts.first!) / Double(counts.count - 1) : 0

        let full = ObservedTrajectory(
            startTime: 0, initialState: Self.initialState,
            times: Array(data.times.dropFirst()), values: Array(data.states.dropFirst()))
        let predicted = try model.predict(full).flatMap { $0 }, observed = full.values.flatMap { $0 }
        return Result(
            medianIterationSeconds: median(times), allocationsPerIteration: allocations,
            finalBatchLoss: history.last?.loss ?? .nan,
            relativeL2Full: relativeL2(predicted, observed, mask: [Bool](repeating: true, count: observed.count)))
    }
}
