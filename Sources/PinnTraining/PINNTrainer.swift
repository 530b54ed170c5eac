import PinnNetwork
import PinnNumerics

/// One logged point of training.
public struct TrainingRecord: Equatable, Sendable, Codable, MonitoredRecord {
    public typealias Phase = StepPhase
    public var phase: Phase
    public var step: Int
    public var terms: LossTerms
    public var boundaryWeight: Double
    public var learningRate: Double
    /// The damping and step length of a Gauss–Newton iteration (nil in the other phases).
    public var gaussNewton: GaussNewtonStep?
    /// The unknowns' values p at this step (empty for a forward problem).
    public var unknowns: [Double]
    /// L_r + λ·L_b + w·L_d.
    public var total: Double { terms.residual + boundaryWeight * terms.boundary + terms.data }
    /// L_r + L_b + w·L_d: the loss without λ, which an adaptive weighting moves by orders of magnitude.
    public var monitoredLoss: Double { terms.residual + terms.boundary + terms.data }

    public init(
        phase: Phase, step: Int, terms: LossTerms, boundaryWeight: Double, learningRate: Double,
        gaussNewton: GaussNewtonStep? = nil, unknowns: [Double] = []
    ) {
        self.phase = phase
        self.step = step
        self.terms = terms
        self.boundaryWeight = boundaryWeight
        self.learningRate = learningRate
        self.gaussNewton = gaussNewton
        self.unknowns = unknowns
    }
}

/// Trains a SIREN on a `PDELoss`: Adam for `adamSteps` (with loss weighting and optional resampling
/// of the collocation points), then L-BFGS on the last points for `lbfgsIterations` (λ frozen).
///
/// The settings of a `PDEObjective` run by the `TrainingLoop`: a run continues from a
/// `TrainingState` and consults a `TrainingControl` before every step, so it can be checkpointed,
/// interrupted and resumed to the same bits, and recovers from a non-finite loss or gradient by
/// rolling back and lowering the learning rate (see `RecoveryPolicy`).
public struct PINNTrainer<T: PinnScalar> {
    public typealias State = TrainingState<T, TrainingRecord>
    public var adamSteps: Int
    public var schedule: LearningRateSchedule
    public var lbfgsIterations: Int
    /// Gauss–Newton iterations after L-BFGS (0: none).
    public var gaussNewtonIterations = 0
    /// The Gauss–Newton phase's initial relative damping (`GaussNewtonPhase.initialDamping`).
    public var gaussNewtonDamping = GaussNewtonPhase.defaultDamping
    public var weighting: LossWeighting
    /// Resample the collocation points every this many Adam steps (0: never).
    public var resampleEvery: Int
    /// Per-parameter multipliers of Adam's rate (`Adam.rateMultipliers`), such as meta-learned ones; nil: none.
    public var rateMultipliers: [T]?
    /// The processes the collocation blocks are spread over (see `PDELossBlocks`).
    public var group: any ProcessGroup = SingleProcess.shared
    /// How many blocks a batch is cut into: a property of the problem, not of the number of processes.
    public var blockCount = PDELossBlocks<T>.defaultCount

    public init(
        adamSteps: Int, schedule: LearningRateSchedule, lbfgsIterations: Int,
        weighting: LossWeighting, resampleEvery: Int = 0
    ) {
        self.adamSteps = adamSteps
        self.schedule = schedule
        self.lbfgsIterations = lbfgsIterations
        self.weighting = weighting
        self.resampleEvery = resampleEvery
    }

    /// Adam, then L-BFGS, then Gauss–Newton.
    public var loop: TrainingLoop {
        TrainingLoop(phases: [
            AdamPhase(steps: adamSteps), LBFGSPhase(iterations: lbfgsIterations),
            GaussNewtonPhase(iterations: gaussNewtonIterations, initialDamping: gaussNewtonDamping)
        ])
    }

    /// How each unknown of an inverse problem follows from its trainable (empty: none).
    public var unknownMaps: [ParameterMap] = []
    /// The unknowns' initial trainables q₀ = φ⁻¹(initial guess).
    public var initialUnknownTrainables: [T] = []

    /// The state before the first step, from the network's initial parameters (and the unknowns'
    /// initial trainables after them).
    public func initialState(for net: Siren<T>) -> State {
        let parameters = net.parameters + initialUnknownTrainables
        var adam = Adam<T>(parameterCount: parameters.count, schedule: schedule)
        adam.rateMultipliers = rateMultipliers.map { $0 + [T](repeating: 1, count: initialUnknownTrainables.count) }
        return State(parameters: parameters, adam: adam, lossWeight: weighting.initialWeight)
    }

    /// Runs the training from scratch. `resample(step)` returns new batches when called (every
    /// `resampleEvery` steps); `progress` receives every record and may return false to stop.
    public func train(
        _ net: inout Siren<T>, loss: inout PDELoss<T>,
        resample: @escaping (Int) -> PDELoss<T>? = { _ in nil },
        progress: (TrainingRecord) -> Bool = { _ in true }
    ) -> [TrainingRecord] {
        var state = initialState(for: net)
        // Without a checkpoint writer nothing in `run` throws.
        _ = try? run(
            &state, network: &net, loss: &loss, resample: resample, control: TrainingControl(), progress: progress)
        return state.history
    }

    /// Continues training from `state` until it finishes, a signal interrupts it (before a step), it
    /// stops early after repeated non-finite values, or `progress` returns false. `net` supplies the
    /// architecture and receives the state's parameters at the end; `loss` is the batch current at
    /// `state` (the initial batch; `run` redraws a resampled one through `resample`) and is the
    /// current batch at the end.
    /// - Throws: what `control.saveCheckpoint` throws.
    public func run(
        _ state: inout State, network net: inout Siren<T>, loss: inout PDELoss<T>,
        resample: @escaping (Int) -> PDELoss<T>? = { _ in nil }, control: TrainingControl<T, TrainingRecord>,
        progress: (TrainingRecord) -> Bool = { _ in true }
    ) throws -> TrainingOutcome {
        let count = net.architecture.parameterCount + unknownMaps.count
        precondition(
            state.parameters.count == count,
            "the state has \(state.parameters.count) parameters, the network and unknowns \(count)")
        var objective = PDEObjective(
            network: net, loss: loss, weighting: weighting, resampleEvery: resampleEvery,
            resample: resample, unknownMaps: unknownMaps, unknownTrainables: initialUnknownTrainables, group: group,
            blockCount: blockCount)
        defer {
            net = objective.network
            loss = objective.loss
        }
        return try loop.run(&state, objective: &objective, control: control, progress: progress)
    }
}
