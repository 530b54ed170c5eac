import PinnNumerics

/// The one training loop of pinn: drives a `TrainingObjective` through a list of optimiser phases
/// (Adam, then L-BFGS, …), continuing from a `TrainingState`.
///
/// It owns what every trainer shares: the hand-off between phases, checkpoints and interruption
/// (through `TrainingControl`, before every step), the rollback after a non-finite loss or gradient
/// (to the last good step or the anchor, with the learning rate lowered; see `RecoveryPolicy`),
/// progress (every record to `progress`, which may stop the run) and the history. A run continued
/// from a saved copy of the state takes exactly the steps the original would have.
public struct TrainingLoop: Sendable {
    public var phases: [any OptimiserPhase]

    public init(phases: [any OptimiserPhase]) {
        self.phases = phases
    }

    /// Continues training from `state` until every phase is done, a signal interrupts it (before a
    /// step), it stops early after repeated non-finite values, or `progress` returns false. The
    /// objective's live parameters start as the state's and end as the state's final ones.
    /// - Throws: what `control.saveCheckpoint` throws; an objective's failure (`StepEvaluation`)
    ///   when there is nothing to roll back to or recovery is off.
    public func run<Objective: TrainingObjective>(
        _ state: inout TrainingState<Objective.Scalar, Objective.Record>, objective: inout Objective,
        control: TrainingControl<Objective.Scalar, Objective.Record>,
        progress: (Objective.Record) -> Bool = { _ in true }
    ) throws -> TrainingOutcome {
        var run = TrainingRun(state: state, objective: objective, control: control)
        defer {
            run.finish()
            state = run.state
            objective = run.objective
        }
        return try loop(&run, progress: progress)
    }

    private func loop<Objective: TrainingObjective>(
        _ run: inout TrainingRun<Objective>,
        progress: (Objective.Record) -> Bool
    ) throws -> TrainingOutcome {
        while let index = phases.firstIndex(where: { $0.kind == run.state.phase }) {
            if let outcome = try phases[index].run(&run, progress: progress) { return outcome }
            guard let next = phases[(index + 1)...].first(where: { !$0.isEmpty }) else {
                run.state.phase = .finished
                break
            }
            if !next.begin(&run) {
                if !run.rollBack("at the start of \(next.kind.displayName)") {
                    return .stoppedEarly(reason: run.recovery.reason)
                }
                continue
            }
            run.state.phase = next.kind
        }
        return .completed
    }
}

/// A training run in progress: the state, the objective (with the live parameters), the control,
/// and what a rollback needs. Optimiser phases read and advance it.
public struct TrainingRun<Objective: TrainingObjective> {
    public typealias State = TrainingState<Objective.Scalar, Objective.Record>
    public var state: State
    public var objective: Objective
    public let control: TrainingControl<Objective.Scalar, Objective.Record>
    public var recovery: Recovery<Objective.Scalar>
    /// The state after the last step whose loss and gradient were finite, the anchor and the anchor
    /// before it.
    public var good: LastGoodState<Objective.Scalar>, anchor: LastGoodState<Objective.Scalar>,
        previousAnchor: LastGoodState<Objective.Scalar>
    /// The step count at the last checkpoint.
    public var lastSaved: Int

    init(state: State, objective: Objective, control: TrainingControl<Objective.Scalar, Objective.Record>) {
        let count = state.parameters.count
        self.state = state
        self.objective = objective
        self.control = control
        recovery = Recovery(policy: control.recovery, note: control.note)
        good = LastGoodState(parameterCount: count)
        anchor = good
        previousAnchor = good
        lastSaved = state.history.count
        // Copied in place (not assigned) where the sizes agree, so the live vector owns its storage
        // before the first step and the steps' in-place updates never copy it.
        copyContents(of: state.parameters, into: &self.objective.parameters)
        self.objective.restoreBatch(for: state)
    }

    /// The parameters of the current point: L-BFGS's after the stochastic phase, else the live ones.
    public var currentParameters: [Objective.Scalar] {
        state.phase != .adam ? state.lbfgs?.x ?? objective.parameters : objective.parameters
    }

    /// The state as a checkpoint saves it.
    public func saved() -> State {
        var copy = state
        copy.parameters = currentParameters
        return copy
    }

    /// Saves a checkpoint when one is due or a signal arrived (see `TrainingControl.beforeStep`);
    /// returns that signal.
    public mutating func beforeStep() throws -> Int32? {
        // A closure literal, not the method `saved`: a partially applied method boxes a copy of the
        // run on the heap at every step.
        let run = self
        return try control.beforeStep(stepsTaken: state.history.count, lastSaved: &lastSaved, state: { run.saved() })
    }

    /// Rolls back after a non-finite value found `what` ("at Adam step 12"); false when no recovery is left.
    public mutating func rollBack(_ what: String) -> Bool {
        let recovered = recovery.recover(
            &state, good: good, anchor: anchor, parameters: &objective.parameters, what: what)
        objective.restoreBatch(for: state)
        return recovered
    }

    /// Keeps the last good state as the anchor (the one before it becoming the previous anchor).
    public mutating func keepAnchor() {
        if anchor.isSet, anchor.step < good.step { swap(&anchor, &previousAnchor) }
        anchor.assign(from: good)
    }

    /// Rolls back after the loss diverged: to the newest anchor at or before the step of the window's
    /// smallest loss (or the oldest state kept when none is that old). False when no recovery is left.
    public mutating func rollBack(_ divergence: DivergenceRule.Divergence) -> Bool {
        let candidates = [anchor, previousAnchor].filter(\.isSet)
        let target =
            candidates.first { $0.step <= divergence.referenceStep }
            ?? candidates.min { $0.step < $1.step } ?? good
        let recovered = recovery.recover(
            &state, from: divergence, to: target, parameters: &objective.parameters)
        // Nothing kept may lie beyond the state rolled back to.
        good.assign(from: target)
        if anchor.step > target.step { anchor.assign(from: target) }
        if previousAnchor.step > target.step { previousAnchor.assign(from: target) }
        objective.restoreBatch(for: state)
        return recovered
    }

    /// Brings the live parameters and `state.parameters` to the final point.
    mutating func finish() {
        if state.phase != .adam, let x = state.lbfgs?.x { objective.parameters = x }
        state.parameters = objective.parameters
    }
}
