import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining

/// Fits a Neural ODE dz/dt = f_θ(z, t) to observations with Adam, on mini-batches of time windows as in
/// Chen et al.'s spiral demo (NeurIPS 2018).
///
/// With `batchTime` = w ≥ 2, each step draws `batchSize` window starts s uniformly from 0…M − w of the
/// M training observations (t_i, y_i); window s starts from the observed state z(t_s) = y_s and is
/// scored on the next w − 1 observations, L_s = (1/(w − 1)) Σ_{i=s+1}^{s+w−1} ‖z(t_i) − y_i‖². The step
/// minimises the mean of L_s over the windows. With `batchTime` = 0 every step fits the whole training
/// series from the problem's initial state z(t₀): L = (1/M) Σ_i ‖z(t_i) − y_i‖². Gradients are the adjoint
/// method's or backpropagation through the solver steps (PinnODE); windows run concurrently, and their
/// gradients are summed in window order, so results do not depend on the thread count.
public struct NeuralODETrainer: Sendable {
    public var steps: Int
    public var schedule: LearningRateSchedule
    public var batchTime: Int
    public var batchSize: Int
    public var gradient: GradientMethod
    /// Seed of the window draws.
    public var seed: UInt64

    public init(
        steps: Int, schedule: LearningRateSchedule, batchTime: Int, batchSize: Int,
        gradient: GradientMethod, seed: UInt64
    ) {
        self.steps = steps
        self.schedule = schedule
        self.batchTime = batchTime
        self.batchSize = batchSize
        self.gradient = gradient
        self.seed = seed
    }

    /// The trainer a problem file's settings describe: Adam with cosine decay from the learning rate
    /// to a tenth of it over the steps.
    public init(settings t: ODEProblemFile.TrainingSettings) {
        self.init(
            steps: t.steps,
            schedule: .cosine(rate: t.learningRate, floor: t.learningRate / 10, steps: t.steps),
            batchTime: t.batchTime, batchSize: t.batchSize,
            gradient: t.gradient == .adjoint ? .adjoint : .backpropagation, seed: t.seed)
    }

    public typealias State = TrainingState<Double, ODETrainingRecord>

    /// The state before the first step: the model's initial parameters, a fresh Adam and the window
    /// generator seeded from `seed`.
    public func initialState(for model: NeuralODE) -> State {
        State(
            parameters: model.network.parameters,
            adam: Adam<Double>(parameterCount: model.network.parameterCount, schedule: schedule),
            random: SeededGenerator(seed: seed &+ 0x5EED))
    }

    /// Trains `model` on `data` (the training observations) from (`startTime`, `initialState`), calling
    /// `progress` with each step's record (return false to stop). Returns the history.
    /// - Throws: `ODEPipelineError.unsupported` when there are fewer observations than a window needs;
    ///   `.solver` when a solve fails (naming the step).
    public func train(
        _ model: inout NeuralODE, on data: ObservationTable, startTime: Double, initialState: [Double],
        progress: (ODETrainingRecord) -> Bool = { _ in true }
    ) throws(ODEPipelineError)
        -> [ODETrainingRecord]
    {
        var state = self.initialState(for: model)
        _ = try run(
            &state, model: &model, on: data, startTime: startTime, initialState: initialState,
            control: TrainingControl(recovery: RecoveryPolicy(maxRecoveries: 0)), progress: progress)
        return state.history
    }

    /// Adam alone.
    public var loop: TrainingLoop { TrainingLoop(phases: [AdamPhase(steps: steps)]) }

    /// Continues training from `state` until every step is taken, a signal interrupts it (before a
    /// step), it stops early after repeated non-finite losses, gradients or failed solves (each rolls
    /// back to the last good step and halves the learning rate, see `RecoveryPolicy`), or `progress`
    /// returns false. `model` receives the state's parameters at the end.
    /// - Throws: `.unsupported` when there are fewer observations than a window needs; `.solver` when a
    ///   solve fails before any step succeeded (or with recovery off); `.checkpoint` when one cannot be written.
    public func run(
        _ state: inout State, model: inout NeuralODE, on data: ObservationTable, startTime: Double,
        initialState: [Double], control: TrainingControl<Double, ODETrainingRecord>,
        progress: (ODETrainingRecord) -> Bool = { _ in true }
    ) throws(ODEPipelineError) -> TrainingOutcome {
        let m = data.count
        if batchTime > 0, m < batchTime {
            throw .unsupported(
                path: "training.batchTime",
                message: "a window of \(batchTime) observations is longer "
                    + "than the \(m) training observations")
        }
        if state.random == nil { state.random = SeededGenerator(seed: seed &+ 0x5EED) }
        state.history.reserveCapacity(steps)
        var objective = NeuralODEObjective(
            model: model, data: data, startTime: startTime, initialState: initialState,
            batchTime: batchTime, batchSize: batchSize, gradient: gradient)
        defer { model = objective.model }
        do {
            return try loop.run(&state, objective: &objective, control: control, progress: progress)
        } catch let error as ODEPipelineError {
            throw error
        } catch {
            throw .checkpoint("\(error)")
        }
    }

}

/// The Neural ODE as a training objective: the mean over a step's trajectories (random windows, or
/// the whole series) of their mean squared errors against the observations, with gradients by the
/// adjoint method or backpropagation.
public struct NeuralODEObjective: TrainingObjective {
    public typealias Record = ODETrainingRecord
    public var model: NeuralODE
    let data: ObservationTable
    let batchTime: Int
    let method: GradientMethod
    /// One slot per trajectory of a step, reused every step: its window, workspace and outcome.
    let slots: [TrajectorySlot]
    /// The whole training series from the initial state (the deterministic phase's trajectory).
    let series = TrajectorySlot()
    private var total: [Double]
    private var loss = 0.0
    private var seriesLoss = Double.nan

    public init(
        model: NeuralODE, data: ObservationTable, startTime: Double, initialState: [Double],
        batchTime: Int, batchSize: Int, gradient: GradientMethod
    ) {
        self.model = model
        self.data = data
        self.batchTime = batchTime
        method = gradient
        slots = (0..<(batchTime == 0 ? 1 : batchSize)).map { _ in TrajectorySlot() }
        if batchTime == 0 {
            slots[0].trajectory = ObservedTrajectory(
                startTime: startTime, initialState: initialState,
                times: data.times, values: data.states)
        }
        series.trajectory = ObservedTrajectory(
            startTime: startTime, initialState: initialState,
            times: data.times, values: data.states)
        total = [Double](repeating: 0, count: model.network.parameterCount)
    }

    public var parameters: [Double] {
        get { model.network.parameters }
        _modify { yield &model.network.parameters }
        set { model.network.parameters = newValue }
    }

    /// Draws the step's windows from `state.random`, then solves them concurrently and sums their
    /// gradients in window order (so the result does not depend on the thread count).
    public mutating func evaluateStep(_ state: inout TrainingState<Double, ODETrainingRecord>) -> StepEvaluation {
        let m = data.count
        if batchTime > 0, var rng = state.random {
            for slot in slots {
                fillWindow(&slot.trajectory, startingAt: Int(rng.next() % UInt64(m - batchTime + 1)), of: data)
            }
            state.random = rng
        }
        Parallel.forChunks(slots.count, minimumChunk: 1, GradientTask(model: model, slots: slots, method: method))
        loss = 0
        for i in total.indices { total[i] = 0 }
        var failure: ODEError?
        for slot in slots {
            if let error = slot.failure {
                failure = failure ?? error
                continue
            }
            let g = slot.workspace.gradient
            loss += g.loss
            for i in total.indices { total[i] += g.parameterGradient[i] }
        }
        let scale = 1 / Double(slots.count)
        for i in total.indices { total[i] *= scale }
        if let failure {
            return .failed(
                detail: "(\(failure))", error: ODEPipelineError.solver(stage: "training step \(state.step)", failure))
        }
        return loss.isFinite && allFinite(total) ? .finite : .failed(detail: "")
    }

    public mutating func acceptStep(
        _ state: inout TrainingState<Double, ODETrainingRecord>,
        gradient: inout [Double]
    ) -> ODETrainingRecord {
        copyContents(of: total, into: &gradient)
        // The mean as × (1/n), the factor the gradient was scaled by (the bits of earlier histories).
        return ODETrainingRecord(
            phase: .adam, step: state.step, loss: loss * (1 / Double(slots.count)),
            learningRate: state.adam.currentRate)
    }

    /// The deterministic objective is the fit of the whole training series from the problem's
    /// initial state, L = (1/M) Σ_i ‖z(t_i) − y_i‖² (whatever the windows of the stochastic phase);
    /// a failed solve counts as a non-finite value.
    public mutating func loss(
        at x: [Double], gradient: inout [Double],
        frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Double {
        model.network.parameters = x
        do throws(ODEError) {
            try model.lossAndGradient(for: series.trajectory, method: method, workspace: series.workspace)
        } catch {
            seriesLoss = .nan
            return .nan
        }
        let g = series.workspace.gradient
        copyContents(of: g.parameterGradient, into: &gradient)
        seriesLoss = g.loss
        return g.loss
    }

    public func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<Double, ODETrainingRecord>)
        -> ODETrainingRecord
    {
        ODETrainingRecord(
            phase: phase == .gaussNewton ? .gaussNewton : .lbfgs, step: step, loss: seriesLoss, learningRate: 0,
            gaussNewton: phase == .gaussNewton ? state.gaussNewton?.lastStep : nil)
    }

    /// Sets `window` to the `batchTime` observations from index `s`: started at (t_s, y_s), scored on
    /// the rest. Refills the window's arrays in place (no allocation once they have the capacity).
    func fillWindow(_ window: inout ObservedTrajectory, startingAt s: Int, of data: ObservationTable) {
        let range = (s + 1)..<(s + batchTime)
        window.startTime = data.times[s]
        window.initialState = data.states[s]
        window.times.removeAll(keepingCapacity: true)
        window.times.append(contentsOf: data.times[range])
        window.values.removeAll(keepingCapacity: true)
        window.values.append(contentsOf: data.states[range])
    }
}

/// One trajectory of a training step: the window, the memory its gradient reuses, and its error if
/// the solve failed. Each slot is used by one thread at a time.
final class TrajectorySlot {
    var trajectory = ObservedTrajectory(startTime: 0, initialState: [], times: [], values: [])
    let workspace = NeuralODEWorkspace()
    var failure: ODEError?
}

/// The loss and gradient of each slot's trajectory, for `Parallel.forChunks`: slots run concurrently
/// and each writes only its own slot, so the results do not depend on the thread count.
struct GradientTask: ChunkTask {
    let model: NeuralODE
    let slots: [TrajectorySlot]
    let method: GradientMethod

    func run(_ range: Range<Int>) {
        for i in range {
            let slot = slots[i]
            do throws(ODEError) {
                try model.lossAndGradient(for: slot.trajectory, method: method, workspace: slot.workspace)
                slot.failure = nil
            } catch {
                slot.failure = error
            }
        }
    }
}
