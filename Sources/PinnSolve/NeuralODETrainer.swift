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

    public init(steps: Int, schedule: LearningRateSchedule, batchTime: Int, batchSize: Int,
                gradient: GradientMethod, seed: UInt64) {
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
        self.init(steps: t.steps,
                  schedule: .cosine(rate: t.learningRate, floor: t.learningRate / 10, steps: t.steps),
                  batchTime: t.batchTime, batchSize: t.batchSize,
                  gradient: t.gradient == .adjoint ? .adjoint : .backpropagation, seed: t.seed)
    }

    public typealias State = TrainingState<Double, ODETrainingRecord>

    /// The state before the first step: the model's initial parameters, a fresh Adam and the window
    /// generator seeded from `seed`.
    public func initialState(for model: NeuralODE) -> State {
        State(parameters: model.network.parameters,
              adam: Adam<Double>(parameterCount: model.network.parameterCount, schedule: schedule),
              random: SeededGenerator(seed: seed &+ 0x5EED))
    }

    /// Trains `model` on `data` (the training observations) from (`startTime`, `initialState`), calling
    /// `progress` with each step's record (return false to stop). Returns the history.
    /// - Throws: `ODEPipelineError.unsupported` when there are fewer observations than a window needs;
    ///   `.solver` when a solve fails (naming the step).
    public func train(_ model: inout NeuralODE, on data: ObservationTable, startTime: Double, initialState: [Double],
                      progress: (ODETrainingRecord) -> Bool = { _ in true }) throws(ODEPipelineError)
        -> [ODETrainingRecord] {
        var state = self.initialState(for: model)
        _ = try run(&state, model: &model, on: data, startTime: startTime, initialState: initialState,
                    control: TrainingControl(recovery: RecoveryPolicy(maxRecoveries: 0)), progress: progress)
        return state.history
    }

    /// Continues training from `state` until every step is taken, a signal interrupts it (before a
    /// step), it stops early after repeated non-finite losses, gradients or failed solves (each rolls
    /// back to the last good step and halves the learning rate, see `RecoveryPolicy`), or `progress`
    /// returns false. `model` receives the state's parameters at the end.
    /// - Throws: `.unsupported` when there are fewer observations than a window needs; `.solver` when a
    ///   solve fails before any step succeeded (or with recovery off); `.checkpoint` when one cannot be written.
    public func run(_ state: inout State, model: inout NeuralODE, on data: ObservationTable, startTime: Double,
                    initialState: [Double], control: TrainingControl<Double, ODETrainingRecord>,
                    progress: (ODETrainingRecord) -> Bool = { _ in true }) throws(ODEPipelineError) -> TrainingOutcome {
        let m = data.count
        if batchTime > 0, m < batchTime {
            throw .unsupported(path: "training.batchTime", message: "a window of \(batchTime) observations is longer "
                               + "than the \(m) training observations")
        }
        let count = model.network.parameterCount
        // Copied in place (not assigned) so the live vector owns its storage before the first step and
        // the steps' in-place updates never copy it.
        if model.network.parameters.count == count && state.parameters.count == count {
            model.network.parameters.withUnsafeMutableBufferPointer { live in
                for i in 0..<count { live[i] = state.parameters[i] }
            }
        } else {
            model.network.parameters = state.parameters
        }
        defer { state.parameters = model.network.parameters }
        var rng = state.random ?? SeededGenerator(seed: seed &+ 0x5EED)
        defer { state.random = rng }
        var good = LastGoodState<Double>(parameterCount: count), anchor = good
        var recovery = Recovery<Double>(policy: control.recovery, note: control.note)
        var lastSaved = state.history.count
        state.history.reserveCapacity(steps)
        var total = [Double](repeating: 0, count: count)
        // One slot per trajectory of a step, reused every step: its window, workspace and outcome.
        let slots = (0..<(batchTime == 0 ? 1 : batchSize)).map { _ in TrajectorySlot() }
        if batchTime == 0 {
            slots[0].trajectory = ObservedTrajectory(startTime: startTime, initialState: initialState,
                                                     times: data.times, values: data.states)
        }
        func saved() -> State {
            var copy = state
            copy.parameters = model.network.parameters
            copy.random = rng
            return copy
        }
        while state.step < steps {
            do {
                if let signal = try control.beforeStep(stepsTaken: state.history.count, lastSaved: &lastSaved, state: saved) {
                    return .interrupted(signal: signal)
                }
            } catch {
                throw .checkpoint("\(error)")
            }
            let step = state.step
            let drawnFrom = rng
            if batchTime > 0 {
                for slot in slots {
                    fillWindow(&slot.trajectory, startingAt: Int(rng.next() % UInt64(m - batchTime + 1)), of: data)
                }
            }
            Parallel.forChunks(slots.count, minimumChunk: 1, GradientTask(model: model, slots: slots, method: gradient))
            var loss = 0.0
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
            if failure != nil || !loss.isFinite || !allFinite(total) {
                let what = failure.map { "(\($0)) at step \(step)" } ?? "at step \(step)"
                if let failure, !good.isSet || control.recovery.maxRecoveries == 0 {
                    throw .solver(stage: "training step \(step)", failure)
                }
                state.random = rng
                let recovered = recovery.recover(&state, good: good, anchor: anchor, parameters: &model.network.parameters, what: what)
                rng = state.random ?? rng
                if !recovered { return .stoppedEarly(reason: recovery.reason) }
                continue
            }
            good.capture(state, parameters: model.network.parameters, random: drawnFrom)
            if control.recovery.isAnchor(step) || !anchor.isSet {
                anchor.capture(state, parameters: model.network.parameters, random: drawnFrom)
            }
            let record = ODETrainingRecord(phase: .adam, step: step, loss: loss * scale, learningRate: state.adam.currentRate)
            state.history.append(record)
            if !progress(record) { return .stoppedByCallback }
            state.adam.update(&model.network.parameters, gradient: total)
            state.step += 1
        }
        state.phase = .finished
        return .completed
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
