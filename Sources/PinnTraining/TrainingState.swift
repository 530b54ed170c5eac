import PinnNumerics

/// The optimizer phase a training run is in.
public enum TrainingPhase: String, Codable, Sendable {
    case adam, lbfgs, gaussNewton, finished
}

/// What one Gauss–Newton iteration did: the relative damping μ its step was computed with and the
/// step length α taken along it (1 for the full step, 2⁻ᵏ after the line search, 0 when the step was
/// not taken).
public struct GaussNewtonStep: Codable, Equatable, Sendable {
    public var damping: Double
    public var stepLength: Double
    public var taken: Bool { stepLength > 0 }

    public init(damping: Double, stepLength: Double) {
        self.damping = damping
        self.stepLength = stepLength
    }
}

/// The state of the Gauss–Newton phase: the Levenberg–Marquardt damping μ for the next step, the
/// iterations so far (taken or not), the loss at the current point, and what the last iteration did.
public struct GaussNewtonState: Codable, Equatable, Sendable {
    public var damping: Double
    public var iteration: Int
    public var loss: Double
    public var lastStep: GaussNewtonStep?

    public init(damping: Double, iteration: Int = 0, loss: Double, lastStep: GaussNewtonStep? = nil) {
        self.damping = damping
        self.iteration = iteration
        self.loss = loss
        self.lastStep = lastStep
    }
}

/// The parameters with the lowest validation loss seen so far, where the objective validates
/// (`TrainingObjective.endOfStochasticPhase`).
public struct BestParameters<T: PinnScalar>: Equatable, Sendable {
    public var parameters: [T]
    /// The validation loss at `parameters`.
    public var loss: Double
    /// The Adam step before which they were validated.
    public var step: Int

    public init(parameters: [T], loss: Double, step: Int) {
        self.parameters = parameters
        self.loss = loss
        self.step = step
    }
}

/// Everything a training loop needs to continue exactly where it stopped: the parameters, the
/// optimizers' state (Adam's moments and step, L-BFGS's curvature pairs and iteration), the loss
/// weight, which collocation batch or random stream is current, the history and the recoveries so
/// far. A value: copying it is an in-memory checkpoint, and a trainer continued from a restored copy
/// takes exactly the steps the original would have (same thread count, same results to the bit).
public struct TrainingState<T: PinnScalar, Record: Sendable>: Sendable {
    public var phase: TrainingPhase
    /// Adam steps taken: the index of the next Adam step.
    public var step: Int
    public var parameters: [T]
    public var adam: Adam<T>
    /// L-BFGS's state, from the start of the L-BFGS phase on.
    public var lbfgs: LBFGS<T>.State?
    /// The Gauss–Newton phase's state, from its start on.
    public var gaussNewton: GaussNewtonState?
    /// λ of the loss weighting (L = L_r + λ·L_b), where the trainer has one.
    public var lossWeight: Double
    /// The Adam step whose resampling drew the current collocation batch (0: the initial batch).
    public var samplingStep: Int
    /// The generator of random mini-batch draws, where the trainer draws any.
    public var random: SeededGenerator?
    /// One record per step taken, both phases.
    public var history: [Record]
    /// Rollbacks after a non-finite loss or gradient so far.
    public var recoveries: Int
    /// The best validated parameters so far (objectives that validate).
    public var best: BestParameters<T>?

    public init(
        phase: TrainingPhase = .adam, step: Int = 0, parameters: [T], adam: Adam<T>,
        lbfgs: LBFGS<T>.State? = nil, gaussNewton: GaussNewtonState? = nil, lossWeight: Double = 1,
        samplingStep: Int = 0,
        random: SeededGenerator? = nil, history: [Record] = [], recoveries: Int = 0,
        best: BestParameters<T>? = nil
    ) {
        self.best = best
        self.phase = phase
        self.step = step
        self.parameters = parameters
        self.adam = adam
        self.lbfgs = lbfgs
        self.gaussNewton = gaussNewton
        self.lossWeight = lossWeight
        self.samplingStep = samplingStep
        self.random = random
        self.history = history
        self.recoveries = recoveries
    }
}

extension TrainingState: Equatable where Record: Equatable {}

/// How a training run ended.
public enum TrainingOutcome: Equatable, Sendable {
    /// Every step was taken (or L-BFGS converged).
    case completed
    /// A signal asked to stop; the state was saved (if the control saves checkpoints) at a step boundary.
    case interrupted(signal: Int32)
    /// Non-finite values persisted after the allowed recoveries; the state is the last good one.
    case stoppedEarly(reason: String)
    /// The progress callback returned false.
    case stoppedByCallback
}
