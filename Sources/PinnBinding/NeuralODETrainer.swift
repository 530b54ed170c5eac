import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining

/// Fits a Neural ODE dz/dt = f_θ(z, t) to observations: Adam on windows of the series (`WindowSchedule`),
/// then L-BFGS on the whole training series.
///
/// A window of w ≥ 2 observations starting at index s of the M training observations (t_i, y_i) starts
/// from the observed state z(t_s) = y_s and is scored on the next w − 1 observations,
/// L_s = (1/(w − 1)) Σ_{i=s+1}^{s+w−1} Σ_j w_j (z_j(t_i) − y_ij)²; a step minimises the mean of L_s over
/// its windows, whose starts are drawn uniformly from 0…M − w. The whole series is fitted from the
/// problem's initial state z(t₀): L = (1/M) Σ_i Σ_j w_j (z_j(t_i) − y_ij)². Gradients are the adjoint
/// method's or backpropagation through the solver steps (PinnODE); windows run concurrently, and their
/// gradients are summed in window order, so results do not depend on the thread count.
public struct NeuralODETrainer: Sendable {
    public var steps: Int
    public var schedule: LearningRateSchedule
    /// The windows of the Adam steps.
    public var windows: WindowSchedule
    /// L-BFGS iterations on the whole training series after Adam (0: none).
    public var lbfgsIterations: Int
    /// Gauss–Newton iterations on the whole training series after L-BFGS (0: none).
    public var gaussNewtonIterations = 0
    /// Validate on the whole training series every this many Adam steps and end Adam on the best
    /// parameters (0: never).
    public var validateEvery = 0
    /// The first Adam steps that fit f_θ to estimated rates at the observations (0: none).
    public var derivativeSteps = 0
    /// w_j, each state's weight in the loss (empty: all 1).
    public var stateWeights: [Double] = []
    public var gradient: GradientMethod
    /// Seed of the window draws.
    public var seed: UInt64

    public init(
        steps: Int, schedule: LearningRateSchedule, windows: WindowSchedule, lbfgsIterations: Int = 0,
        gradient: GradientMethod, seed: UInt64
    ) {
        self.steps = steps
        self.schedule = schedule
        self.windows = windows
        self.lbfgsIterations = lbfgsIterations
        self.gradient = gradient
        self.seed = seed
    }

    /// Adam alone on `batchSize` windows of `batchTime` observations (0: the whole series).
    public init(
        steps: Int, schedule: LearningRateSchedule, batchTime: Int, batchSize: Int,
        gradient: GradientMethod, seed: UInt64
    ) {
        self.init(
            steps: steps, schedule: schedule,
            windows: batchTime == 0 ? .whole : .fixed(length: batchTime, count: batchSize),
            gradient: gradient, seed: seed)
    }

    /// The trainer a problem file's settings describe: Adam with cosine decay from the learning rate
    /// to a tenth of it over the steps, then the file's L-BFGS and Gauss–Newton iterations on the
    /// whole training series. When the file gives no `batchTime`, the first `derivativeShare` of the
    /// Adam steps fit f_θ to the observed rates and the rest fit windows growing from 2 observations
    /// to the whole series, each step fitting about as many observation intervals as `batchSize`
    /// windows of 10 observations would; Adam validates every `defaultValidateEvery` steps and ends
    /// on its best parameters. With a `batchTime`, every Adam step fits `batchSize` windows of that
    /// length (0: the whole series), without derivative matching or validation.
    public init(settings t: ODEProblemFile.TrainingSettings) {
        let matching = t.batchTime == nil ? Int(Double(t.steps) * Self.derivativeShare) : 0
        let windows: WindowSchedule =
            switch t.batchTime {
            case nil: .growing(first: 2, intervals: 9 * t.batchSize, steps: t.steps - matching)
            case 0: .whole
            case let length?: .fixed(length: length, count: t.batchSize)
            }
        self.init(
            steps: t.steps,
            schedule: .cosine(rate: t.learningRate, floor: t.learningRate / 10, steps: t.steps),
            windows: windows, lbfgsIterations: t.lbfgsIterations,
            gradient: t.gradient == .adjoint ? .adjoint : .backpropagation, seed: t.seed)
        gaussNewtonIterations = t.gaussNewtonIterations
        if t.batchTime == nil {
            derivativeSteps = matching
            validateEvery = Self.defaultValidateEvery
        }
    }

    /// The share of Adam steps that match derivatives when the file gives no `batchTime`.
    public static let derivativeShare = 0.3
    /// Adam validates on the whole series this often when the file gives no `batchTime`.
    public static let defaultValidateEvery = 25

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
        try train(&model, on: data, startTime: startTime, initialStates: [initialState], progress: progress)
    }

    /// Trains `model` on `data`, whose trajectory k starts from (`startTime`, `initialStates[k]`); see
    /// `train(_:on:startTime:initialState:progress:)`.
    public func train(
        _ model: inout NeuralODE, on data: ObservationTable, startTime: Double, initialStates: [[Double]],
        progress: (ODETrainingRecord) -> Bool = { _ in true }
    ) throws(ODEPipelineError)
        -> [ODETrainingRecord]
    {
        var state = self.initialState(for: model)
        _ = try run(
            &state, model: &model, on: data, startTime: startTime, initialStates: initialStates,
            control: TrainingControl(recovery: RecoveryPolicy(maxRecoveries: 0)), progress: progress)
        return state.history
    }

    /// Adam, then L-BFGS on the whole series.
    public var loop: TrainingLoop {
        TrainingLoop(phases: [
            AdamPhase(steps: steps), LBFGSPhase(iterations: lbfgsIterations),
            GaussNewtonPhase(iterations: gaussNewtonIterations)
        ])
    }

    /// Continues training from `state` until every step is taken, a signal interrupts it (before a
    /// step), it stops early after repeated non-finite losses, gradients or failed solves (each rolls
    /// back to the last good step and halves the learning rate, see `RecoveryPolicy`), or `progress`
    /// returns false. `model` receives the state's parameters at the end.
    /// - Throws: `.unsupported` when there are fewer observations than a window needs; `.solver` when a
    ///   solve fails before any step succeeded (or with recovery off); `.checkpoint` when one cannot be written.
    /// Trajectory k of `data` starts from (`startTime`, `initialStates[k]`).
    public func run(
        _ state: inout State, model: inout NeuralODE, on data: ObservationTable, startTime: Double,
        initialStates: [[Double]], control: TrainingControl<Double, ODETrainingRecord>,
        progress: (ODETrainingRecord) -> Bool = { _ in true }
    ) throws(ODEPipelineError) -> TrainingOutcome {
        let longest = (0..<data.trajectoryCount).map { data.rows(ofTrajectory: $0).count }.max() ?? 0
        if case .fixed(let length, _) = windows, longest < length {
            throw .unsupported(
                path: "training.batchTime",
                message: "a window of \(length) observations is longer "
                    + "than the \(longest) training observations"
                    + (data.trajectoryCount > 1 ? " of the longest trajectory" : ""))
        }
        if state.random == nil { state.random = SeededGenerator(seed: seed &+ 0x5EED) }
        state.history.reserveCapacity(steps + lbfgsIterations)
        var objective = NeuralODEObjective(
            model: model, data: data, startTime: startTime, initialStates: initialStates,
            windows: windows, gradient: gradient)
        objective.validateEvery = validateEvery
        objective.derivativeSteps = derivativeSteps
        objective.stateWeights = stateWeights
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
///
/// The observations may hold several trajectories (each from its own initial state) and missing
/// values (NaN, left out of every loss). The whole series is then every trajectory from its initial
/// state, L = Σ_k (M_k/M) L_k (the mean over all M observations); a window starts at an observation
/// whose state is complete and stays within its trajectory.
public struct NeuralODEObjective: TrainingObjective {
    public typealias Record = ODETrainingRecord
    public var model: NeuralODE
    let data: ObservationTable
    let windows: WindowSchedule
    let method: GradientMethod
    /// One slot per window of a step, reused every step: its window, workspace and outcome.
    let slots: [TrajectorySlot]
    /// The whole training series: one slot per trajectory with training observations, from its
    /// initial state (the deterministic phase's trajectories, and the stochastic one's when a step
    /// fits the whole series).
    private let seriesSlots: [TrajectorySlot]
    /// M_k/M for each of `seriesSlots`.
    private let seriesWeights: [Double]
    /// The trajectories of the current step: the first `activeCount` of `slots`, or `seriesSlots`
    /// (assigned, never built, so a step allocates no array).
    private var active: [TrajectorySlot]
    private var activeCount = 1
    /// Whether the current step fits the whole series (weights `seriesWeights`) rather than windows.
    private var activeIsSeries = true
    private var total: [Double]
    private var loss = 0.0
    private var seriesLoss = Double.nan
    /// The longest trajectory's number of training observations (the whole series of the schedule).
    private let longest: Int
    /// Whether each observation's state is complete (no missing value): where windows may start and
    /// which observations derivative matching uses.
    private let complete: [Bool]
    /// The number of complete observations.
    private let completeCount: Int
    /// The rows a window of `length` observations may start at (cached for the current length).
    private var starts: (length: Int, rows: [Int]) = (0, [])
    /// Validate every this many Adam steps (0: never): the whole training series' loss from the
    /// initial state, whose best parameters (`TrainingState.best`) the Adam phase ends on.
    public var validateEvery = 0
    /// The validation of the current step, for its record.
    private var validation: Double?
    /// The current step's window length (0: derivative matching; M: the whole series), for its record.
    private var windowLength = 0
    /// w_j, each state's weight in every loss (empty: all 1; see `ObservedTrajectory.stateWeights`).
    public var stateWeights: [Double] = [] {
        didSet {
            for slot in seriesSlots { slot.trajectory.stateWeights = stateWeights }
            matching = nil
        }
    }
    /// The first Adam steps fit f_θ(y_i, t_i) to estimates of dy/dt at the observations
    /// (`ObservedRates`) instead of trajectories; the windows' schedule starts after them.
    public var derivativeSteps = 0 {
        didSet {
            if derivativeSteps > 0, rates.isEmpty {
                rates = ObservedRates.estimate(times: data.times, values: data.states, trajectories: data.trajectories)
            }
        }
    }
    /// dy/dt estimated at the observations (once derivative matching is on).
    private var rates: [[Double]] = []
    /// Derivative matching's weights w_j / r̄² and its buffers, made on its first step.
    private var matching: (weights: [Double], f: [Double], cotangent: [Double], stateGradient: [Double])?
    private var networkWorkspace = MLPWorkspace()
    /// Residual and Jacobian buffers of one trajectory, for Gauss–Newton over several.
    private var partResiduals: [Double] = [], partJacobian: [Double] = []

    /// The objective of `data`, whose trajectory k starts from (`startTime`, `initialStates[k]`).
    public init(
        model: NeuralODE, data: ObservationTable, startTime: Double, initialStates: [[Double]],
        windows: WindowSchedule, gradient: GradientMethod
    ) {
        self.model = model
        self.data = data
        self.windows = windows
        method = gradient
        slots = (0..<windows.maximumCount).map { _ in TrajectorySlot() }
        var series: [TrajectorySlot] = [], weights: [Double] = []
        for (k, initialState) in initialStates.enumerated() {
            let rows = data.rows(ofTrajectory: k)
            guard !rows.isEmpty || initialStates.count == 1 else { continue }
            let slot = TrajectorySlot()
            slot.trajectory = ObservedTrajectory(
                startTime: startTime, initialState: initialState,
                times: Array(data.times[rows]), values: Array(data.states[rows]))
            series.append(slot)
            weights.append(initialStates.count == 1 ? 1 : Double(rows.count) / Double(data.count))
        }
        seriesSlots = series
        seriesWeights = weights
        active = seriesSlots
        activeCount = seriesSlots.count
        longest = (0..<data.trajectoryCount).map { data.rows(ofTrajectory: $0).count }.max() ?? 0
        complete = data.states.map { !$0.contains(where: \.isNaN) }
        completeCount = complete.filter { $0 }.count
        total = [Double](repeating: 0, count: model.network.parameterCount)
    }

    /// The objective of one trajectory from (`startTime`, `initialState`).
    public init(
        model: NeuralODE, data: ObservationTable, startTime: Double, initialState: [Double],
        windows: WindowSchedule, gradient: GradientMethod
    ) {
        self.init(
            model: model, data: data, startTime: startTime, initialStates: [initialState], windows: windows,
            gradient: gradient)
    }

    /// `batchSize` windows of `batchTime` observations (0: the whole series) every step.
    public init(
        model: NeuralODE, data: ObservationTable, startTime: Double, initialState: [Double],
        batchTime: Int, batchSize: Int, gradient: GradientMethod
    ) {
        self.init(
            model: model, data: data, startTime: startTime, initialState: initialState,
            windows: batchTime == 0 ? .whole : .fixed(length: batchTime, count: batchSize), gradient: gradient)
    }

    public var parameters: [Double] {
        get { model.network.parameters }
        _modify { yield &model.network.parameters }
        set { model.network.parameters = newValue }
    }

    /// The rows a window of `length` observations may start at: a complete state, with `length` − 1
    /// observations after it in its trajectory. Cached for the last length asked.
    mutating func windowStarts(length: Int) -> [Int] {
        if starts.length == length { return starts.rows }
        var rows: [Int] = []
        for k in 0..<data.trajectoryCount {
            let range = data.rows(ofTrajectory: k)
            guard range.count >= length else { continue }
            for s in range.lowerBound...(range.upperBound - length) where complete[s] { rows.append(s) }
        }
        starts = (length, rows)
        return rows
    }

    /// Draws the step's windows from `state.random`, then solves them concurrently and sums their
    /// gradients in window order (so the result does not depend on the thread count).
    public mutating func evaluateStep(_ state: inout TrainingState<Double, ODETrainingRecord>) -> StepEvaluation {
        validation = nil
        if validateEvery > 0, state.step % validateEvery == 0 {
            let v = validate(&state)
            validation = v
        }
        if state.step < derivativeSteps {
            windowLength = 0
            return matchDerivatives()
        }
        windowLength = longest
        (active, activeCount, activeIsSeries) = (seriesSlots, seriesSlots.count, true)
        if let plan = windows.windows(at: state.step - derivativeSteps, observations: longest), var rng = state.random {
            let starts = windowStarts(length: plan.length)
            if !starts.isEmpty {
                windowLength = plan.length
                (active, activeCount, activeIsSeries) = (slots, plan.count, false)
                for slot in slots[..<plan.count] {
                    fillWindow(
                        &slot.trajectory, length: plan.length,
                        startingAt: starts[Int(rng.next() % UInt64(starts.count))], of: data)
                }
                state.random = rng
            }
        }
        let slots = active
        Parallel.forChunks(activeCount, minimumChunk: 1, GradientTask(model: model, slots: slots, method: method))
        loss = 0
        for i in total.indices { total[i] = 0 }
        var failure: ODEError?
        for (k, slot) in slots[..<activeCount].enumerated() {
            if let error = slot.failure {
                failure = failure ?? error
                continue
            }
            let g = slot.workspace.gradient
            let w = activeIsSeries ? seriesWeights[k] : 1
            loss += w * g.loss
            for i in total.indices { total[i] += w * g.parameterGradient[i] }
        }
        let scale = activeIsSeries ? 1 : 1 / Double(activeCount)
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
            phase: .adam, step: state.step, loss: loss * (activeIsSeries ? 1 : 1 / Double(activeCount)),
            learningRate: state.adam.currentRate, validation: validation, windowLength: windowLength)
    }

    /// A derivative-matching step: the loss (1/M) Σ_i Σ_j w_j (f_j(y_i, t_i) − ẏ_ij)² / r̄², with ẏ the
    /// estimated rates and r̄² the mean over states of w_j times their mean square rate (so the loss
    /// starts near 1 for f = 0), and its gradient, into the step's totals. Only observations whose
    /// state is complete enter (M counts them), and only the rates that could be estimated.
    mutating func matchDerivatives() -> StepEvaluation {
        let n = model.network.stateDimension
        let m = completeCount
        if matching == nil {
            let weights = (0..<n).map { stateWeights.isEmpty ? 1 : stateWeights[$0] }
            var typical = 0.0
            for (i, row) in rates.enumerated() where complete[i] {
                for j in 0..<n where !row[j].isNaN { typical += weights[j] * row[j] * row[j] }
            }
            typical = typical > 0 ? typical / Double(m) : 1
            let zeros = [Double](repeating: 0, count: n)
            matching = (weights.map { $0 / typical }, zeros, zeros, zeros)
        }
        guard var b = matching else { return .failed(detail: "") }
        matching = nil // uniquely referenced buffers while in use
        defer { matching = b }
        for i in total.indices { total[i] = 0 }
        loss = 0
        for i in 0..<data.count where complete[i] {
            model.network.evaluate(data.states[i], t: data.times[i], into: &b.f, workspace: &networkWorkspace)
            for j in 0..<n {
                guard !rates[i][j].isNaN else {
                    b.cotangent[j] = 0
                    continue
                }
                let r = b.f[j] - rates[i][j]
                loss += b.weights[j] * r * r
                b.cotangent[j] = 2 * b.weights[j] * r / Double(m)
            }
            model.network.pullback(
                cotangent: b.cotangent, stateGradient: &b.stateGradient, parameterGradient: &total,
                workspace: &networkWorkspace)
        }
        loss /= Double(m)
        (active, activeCount, activeIsSeries) = (seriesSlots, seriesSlots.count, true)
        return loss.isFinite && allFinite(total) ? .finite : .failed(detail: "")
    }

    /// The whole training series' loss Σ_k (M_k/M) L_k at the live parameters (NaN when a solve fails).
    func seriesValue() -> Double {
        var v = 0.0
        for (slot, w) in zip(seriesSlots, seriesWeights) {
            guard let part = try? model.loss(for: slot.trajectory) else { return .nan }
            v += w * part
        }
        return v
    }

    /// The whole training series' loss at the live parameters (NaN when the solve fails), kept in
    /// `state.best` when it is the lowest so far.
    mutating func validate(_ state: inout TrainingState<Double, ODETrainingRecord>) -> Double {
        let v = seriesValue()
        if v.isFinite, v < state.best?.loss ?? .infinity {
            state.best = BestParameters(parameters: parameters, loss: v, step: state.step)
        }
        return v
    }

    /// Ends Adam on the best validated parameters when they beat the final ones.
    public mutating func endOfStochasticPhase(_ state: inout TrainingState<Double, ODETrainingRecord>) {
        guard validateEvery > 0 else { return }
        _ = validate(&state)
        if let best = state.best { parameters = best.parameters }
    }

    /// The deterministic objective is the fit of the whole training series from the problem's
    /// initial states, L = Σ_k (M_k/M) L_k (whatever the windows of the stochastic phase); a failed
    /// solve counts as a non-finite value.
    public mutating func loss(
        at x: [Double], gradient: inout [Double],
        frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Double {
        model.network.parameters = x
        let series = seriesSlots
        Parallel.forChunks(series.count, minimumChunk: 1, GradientTask(model: model, slots: series, method: method))
        var value = 0.0
        for (k, slot) in series.enumerated() {
            guard slot.failure == nil else {
                seriesLoss = .nan
                return .nan
            }
            let g = slot.workspace.gradient, w = seriesWeights[k]
            if k == 0 {
                copyContents(of: g.parameterGradient, into: &gradient)
                if w != 1 { for i in gradient.indices { gradient[i] *= w } }
            } else {
                for i in gradient.indices { gradient[i] += w * g.parameterGradient[i] }
            }
            value += w * g.loss
        }
        seriesLoss = value
        return value
    }

    /// The whole training series as a sum of squares (`NeuralODE.residualsAndJacobian` of each
    /// trajectory, scaled by √(M_k/M) and stacked), for Gauss–Newton.
    public mutating func leastSquares(
        at x: [Double], residuals: inout [Double], jacobian: inout [Double],
        frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Bool {
        model.network.parameters = x
        do throws(ODEError) {
            if seriesSlots.count == 1 {
                seriesLoss = try model.residualsAndJacobian(
                    for: seriesSlots[0].trajectory, residuals: &residuals, jacobian: &jacobian)
                return true
            }
            residuals.removeAll(keepingCapacity: true)
            jacobian.removeAll(keepingCapacity: true)
            var value = 0.0
            for (slot, w) in zip(seriesSlots, seriesWeights) {
                value +=
                    w
                    * (try model.residualsAndJacobian(
                        for: slot.trajectory, residuals: &partResiduals, jacobian: &partJacobian))
                let factor = w.squareRoot()
                residuals.append(contentsOf: partResiduals.lazy.map { factor * $0 })
                jacobian.append(contentsOf: partJacobian.lazy.map { factor * $0 })
            }
            seriesLoss = value
        } catch {
            seriesLoss = .nan
            for i in residuals.indices { residuals[i] = .nan }
        }
        return true
    }

    /// The whole training series' loss at `x` (one forward solve per trajectory).
    public mutating func sumOfSquares(at x: [Double], frozenAt state: TrainingState<Double, ODETrainingRecord>)
        -> Double?
    {
        model.network.parameters = x
        return seriesValue()
    }

    public func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<Double, ODETrainingRecord>)
        -> ODETrainingRecord
    {
        ODETrainingRecord(
            phase: phase == .gaussNewton ? .gaussNewton : .lbfgs, step: step, loss: seriesLoss, learningRate: 0,
            gaussNewton: phase == .gaussNewton ? state.gaussNewton?.lastStep : nil)
    }

    /// Sets `window` to the `length` observations from index `s`: started at (t_s, y_s), scored on
    /// the rest. Refills the window's arrays in place (no allocation once they have the capacity).
    func fillWindow(_ window: inout ObservedTrajectory, length: Int, startingAt s: Int, of data: ObservationTable) {
        let range = (s + 1)..<(s + length)
        window.startTime = data.times[s]
        window.initialState = data.states[s]
        window.times.removeAll(keepingCapacity: true)
        window.times.append(contentsOf: data.times[range])
        window.values.removeAll(keepingCapacity: true)
        window.values.append(contentsOf: data.states[range])
        window.stateWeights = stateWeights
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
