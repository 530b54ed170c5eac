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
        model.network.parameters = state.parameters
        defer { state.parameters = model.network.parameters }
        var rng = state.random ?? SeededGenerator(seed: seed &+ 0x5EED)
        defer { state.random = rng }
        var good = LastGoodState<Double>(parameterCount: count), anchor = good
        var recovery = Recovery<Double>(policy: control.recovery, note: control.note)
        var lastSaved = state.history.count
        var total = [Double](repeating: 0, count: count)
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
            let batch = batchTime == 0
                ? [ObservedTrajectory(startTime: startTime, initialState: initialState, times: data.times, values: data.states)]
                : (0..<batchSize).map { _ in window(startingAt: Int(rng.next() % UInt64(m - batchTime + 1)), of: data) }
            let results = gradients(of: model, on: batch)
            var loss = 0.0
            for i in total.indices { total[i] = 0 }
            var failure: ODEError?
            for result in results {
                switch result {
                case .success(let g):
                    loss += g.loss
                    for i in total.indices { total[i] += g.parameterGradient[i] }
                case .failure(let error):
                    failure = failure ?? error
                }
            }
            let scale = 1 / Double(batch.count)
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

    /// The window of `batchTime` observations from index `s`: started at (t_s, y_s), scored on the rest.
    func window(startingAt s: Int, of data: ObservationTable) -> ObservedTrajectory {
        let range = (s + 1)..<(s + batchTime)
        return ObservedTrajectory(startTime: data.times[s], initialState: data.states[s],
                                  times: Array(data.times[range]), values: Array(data.states[range]))
    }

    /// The loss and gradient of each trajectory, computed concurrently, in batch order.
    func gradients(of model: NeuralODE, on batch: [ObservedTrajectory]) -> [Result<NeuralODEGradient, ODEError>] {
        let method = gradient
        var results = [Result<NeuralODEGradient, ODEError>](repeating: .failure(.invalidStepCount(0)), count: batch.count)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            Parallel.forChunks(batch.count, minimumChunk: 1) { range in
                for i in range {
                    do throws(ODEError) {
                        slots[i] = .success(try model.lossAndGradient(for: batch[i], method: method))
                    } catch {
                        slots[i] = .failure(error)
                    }
                }
            }
        }
        return results
    }
}
