import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// Trains a PINN in time on a `TimePINNLoss`: Adam for `steps` steps (cosine decay of the learning
/// rate to 1 % of it), then L-BFGS with a strong-Wolfe line search for `lbfgsIterations` iterations,
/// then `gaussNewtonIterations` Gauss–Newton iterations, on the same loss.
public struct TimePINNTrainer: Sendable {
    public var steps: Int
    public var schedule: LearningRateSchedule
    public var lbfgsIterations: Int
    public var gaussNewtonIterations: Int

    public init(steps: Int, schedule: LearningRateSchedule, lbfgsIterations: Int, gaussNewtonIterations: Int = 0) {
        self.steps = steps
        self.schedule = schedule
        self.lbfgsIterations = lbfgsIterations
        self.gaussNewtonIterations = gaussNewtonIterations
    }

    /// The trainer a problem file's settings describe.
    public init(settings t: ODEProblemFile.TrainingSettings) {
        self.init(
            steps: t.steps, schedule: .cosine(rate: t.learningRate, floor: t.learningRate / 100, steps: t.steps),
            lbfgsIterations: t.lbfgsIterations, gaussNewtonIterations: t.gaussNewtonIterations)
    }

    public typealias State = TrainingState<Double, ODETrainingRecord>

    /// The state before the first step, from the network's initial parameters.
    public func initialState(for net: Siren<Double>) -> State {
        State(parameters: net.parameters, adam: Adam<Double>(parameterCount: net.parameters.count, schedule: schedule))
    }

    /// Trains `net`, calling `progress` with every record (return false to stop); returns the history.
    public func train(
        _ net: inout Siren<Double>, loss: TimePINNLoss,
        progress: (ODETrainingRecord) -> Bool = { _ in true }
    ) -> [ODETrainingRecord] {
        var state = initialState(for: net)
        // Without a checkpoint writer nothing in `run` throws.
        _ = try? run(&state, network: &net, loss: loss, control: TrainingControl(), progress: progress)
        return state.history
    }

    /// Adam, then L-BFGS, then Gauss–Newton.
    public var loop: TrainingLoop {
        TrainingLoop(phases: [
            AdamPhase(steps: steps), LBFGSPhase(iterations: lbfgsIterations),
            GaussNewtonPhase(iterations: gaussNewtonIterations)
        ])
    }

    /// Continues training from `state` until it finishes, a signal interrupts it (before a step), it
    /// stops early after repeated non-finite values (rollback and learning-rate backoff for Adam,
    /// history reset for L-BFGS; see `RecoveryPolicy`), or `progress` returns false. `net` receives
    /// the state's parameters at the end.
    /// - Throws: what `control.saveCheckpoint` throws.
    public func run(
        _ state: inout State, network net: inout Siren<Double>, loss: TimePINNLoss,
        control: TrainingControl<Double, ODETrainingRecord>,
        progress: (ODETrainingRecord) -> Bool = { _ in true }
    ) throws -> TrainingOutcome {
        var objective = TimePINNObjective(network: net, loss: loss)
        defer { net = objective.network }
        return try loop.run(&state, objective: &objective, control: control, progress: progress)
    }
}

/// The PINN in time as a training objective: L = L_r + λ·L_c of a `TimePINNLoss` (λ fixed), the
/// same loss in both phases.
public struct TimePINNObjective: TrainingObjective {
    public var network: Siren<Double>
    public let loss: TimePINNLoss
    private var gradient: [Double]
    private var last = (residual: Double.nan, condition: Double.nan)

    public init(network: Siren<Double>, loss: TimePINNLoss) {
        self.network = network
        self.loss = loss
        gradient = [Double](repeating: 0, count: network.parameters.count)
    }

    public var parameters: [Double] {
        get { network.parameters }
        _modify { yield &network.parameters }
        set { network.parameters = newValue }
    }

    public mutating func evaluateStep(_ state: inout TrainingState<Double, ODETrainingRecord>) -> StepEvaluation {
        last = loss.evaluate(network, gradient: &gradient)
        return last.residual.isFinite && last.condition.isFinite && allFinite(gradient) ? .finite : .failed(detail: "")
    }

    public mutating func acceptStep(
        _ state: inout TrainingState<Double, ODETrainingRecord>,
        gradient: inout [Double]
    ) -> ODETrainingRecord {
        copyContents(of: self.gradient, into: &gradient)
        return record(.adam, step: state.step, rate: state.adam.currentRate)
    }

    public mutating func loss(
        at x: [Double], gradient: inout [Double],
        frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Double {
        network.parameters = x
        last = loss.evaluate(network, gradient: &gradient)
        return last.residual + loss.conditionWeight * last.condition
    }

    /// ρ and J of `TimePINNLoss.weightedResiduals`; the record's terms from ρ.
    public mutating func leastSquares(
        at x: [Double], residuals: inout [Double], jacobian: inout [Double],
        frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Bool {
        network.parameters = x
        loss.weightedResiduals(network, residuals: &residuals, jacobian: &jacobian)
        let equations = residuals.count - loss.conditionCount
        var residual = 0.0, condition = 0.0
        for (i, r) in residuals.enumerated() {
            if i < equations { residual += r * r } else { condition += r * r }
        }
        last = (residual, loss.conditionWeight > 0 ? condition / loss.conditionWeight : 0)
        return true
    }

    /// L_r + λL_c at `x` (the record's terms stay those of the last `leastSquares`).
    public mutating func sumOfSquares(at x: [Double], frozenAt state: TrainingState<Double, ODETrainingRecord>)
        -> Double?
    {
        network.parameters = x
        let terms = loss.evaluate(network, gradient: &gradient)
        return terms.residual + loss.conditionWeight * terms.condition
    }

    public func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<Double, ODETrainingRecord>)
        -> ODETrainingRecord
    {
        record(
            phase == .gaussNewton ? .gaussNewton : .lbfgs, step: step, rate: 0,
            gaussNewton: phase == .gaussNewton ? state.gaussNewton?.lastStep : nil)
    }

    private func record(
        _ phase: ODETrainingRecord.Phase, step: Int, rate: Double, gaussNewton: GaussNewtonStep? = nil
    ) -> ODETrainingRecord {
        ODETrainingRecord(
            phase: phase, step: step, loss: last.residual + loss.conditionWeight * last.condition,
            residual: last.residual, condition: last.condition, learningRate: rate, gaussNewton: gaussNewton)
    }
}
