import PinnNumerics

/// The deterministic phase: L-BFGS with a strong-Wolfe line search for `iterations` iterations on the
/// objective's current batch, its adaptive weights frozen. A step that ends at a non-finite value, or
/// a line search that failed on non-finite values, puts L-BFGS back where it was with its curvature
/// pairs forgotten (a recovery). Records are numbered on from the steps before it.
public struct LBFGSPhase: OptimiserPhase {
    public var iterations: Int

    public init(iterations: Int) {
        self.iterations = iterations
    }

    public var kind: TrainingPhase { .lbfgs }
    public var isEmpty: Bool { iterations <= 0 }

    /// L-BFGS's starting state at the live parameters (one evaluation).
    public func begin<Objective: TrainingObjective>(_ run: inout TrainingRun<Objective>) -> Bool {
        let frozen = run.state
        var objective = run.objective
        let start = LBFGS<Objective.Scalar>().start(at: run.objective.parameters) { x, g in
            objective.loss(at: x, gradient: &g, frozenAt: frozen)
        }
        guard start.isFinite else { return false }
        run.state.lbfgs = start
        return true
    }

    public func run<Objective: TrainingObjective>(
        _ run: inout TrainingRun<Objective>,
        progress: (Objective.Record) -> Bool
    ) throws -> TrainingOutcome? {
        let outcome = try iterate(&run, progress: progress)
        // Done: what follows (the next phase, or the end) starts from L-BFGS's point.
        if outcome == nil, let x = run.state.lbfgs?.x { copyContents(of: x, into: &run.objective.parameters) }
        return outcome
    }

    private func iterate<Objective: TrainingObjective>(
        _ run: inout TrainingRun<Objective>,
        progress: (Objective.Record) -> Bool
    ) throws -> TrainingOutcome? {
        let frozen = run.state
        var objective = run.objective
        var sawNonFinite = false
        let watched = { (x: [Objective.Scalar], g: inout [Objective.Scalar]) -> Double in
            let value = objective.loss(at: x, gradient: &g, frozenAt: frozen)
            if !value.isFinite { sawNonFinite = true }
            return value
        }
        let optimizer = LBFGS<Objective.Scalar>()
        while run.state.phase == .lbfgs, var current = run.state.lbfgs {
            if current.iteration >= iterations { return nil }
            if let signal = try run.beforeStep() { return .interrupted(signal: signal) }
            let before = current
            sawNonFinite = false
            let outcome = optimizer.iterate(&current, objective: watched)
            let failed: Bool =
                switch outcome {
                case .stepped: !current.isFinite
                case .stopped(.lineSearchFailed): sawNonFinite && !before.s.isEmpty
                case .stopped: false
                }
            if failed {
                let what = "at L-BFGS iteration \(before.iteration + 1)"
                guard run.recovery.resetLBFGS(&run.state, from: before, what: what) else {
                    return .stoppedEarly(reason: run.recovery.reason)
                }
                continue
            }
            switch outcome {
            case .stopped:
                return nil
            case .stepped(let converged):
                // The line search's accepted point is always its last evaluation.
                let record = objective.deterministicRecord(
                    phase: .lbfgs, step: run.state.history.count, state: run.state)
                run.state.history.append(record)
                run.state.lbfgs = current
                if !progress(record) { return .stoppedByCallback }
                if converged { return nil }
            }
        }
        return nil
    }
}
