import PinnNumerics

/// The stochastic phase: `steps` Adam steps (the optimiser's schedule and moments live in the
/// state's `adam`). Each step evaluates the objective, keeps the state as the last good one (and
/// every `RecoveryPolicy.anchorEvery` steps as the anchor), records, and updates the live
/// parameters; a non-finite evaluation, or a loss that diverged (`DivergenceRule`), rolls back
/// instead.
public struct AdamPhase: OptimiserPhase {
    public var steps: Int

    public init(steps: Int) {
        self.steps = steps
    }

    public var kind: TrainingPhase { .adam }
    public var isEmpty: Bool { steps <= 0 }

    /// Adam starts from the state as it is (its moments are part of the state).
    public func begin<Objective: TrainingObjective>(_ run: inout TrainingRun<Objective>) -> Bool { true }

    public func run<Objective: TrainingObjective>(
        _ run: inout TrainingRun<Objective>,
        progress: (Objective.Record) -> Bool
    ) throws -> TrainingOutcome? {
        var gradient = [Objective.Scalar](repeating: 0, count: run.state.parameters.count)
        while run.state.phase == .adam {
            if let signal = try run.beforeStep() { return .interrupted(signal: signal) }
            let step = run.state.step
            if step >= steps {
                run.objective.endOfStochasticPhase(&run.state)
                return nil
            }
            let drawnFrom = run.state.random
            if case .failed(let detail, let error) = run.objective.evaluateStep(&run.state) {
                if let error, !run.good.isSet || run.control.recovery.maxRecoveries == 0 { throw error }
                let what = detail.isEmpty ? "at Adam step \(step)" : "\(detail) at Adam step \(step)"
                if !run.rollBack(what) { return .stoppedEarly(reason: run.recovery.reason) }
                continue
            }
            run.good.capture(run.state, parameters: run.objective.parameters, random: drawnFrom)
            let record = run.objective.acceptStep(&run.state, gradient: &gradient)
            // The history is read in place (no copy survives the check: the append below must not copy it).
            if let divergence = Self.divergence(
                of: record, after: run.state.history, rule: run.control.recovery.divergence)
            {
                if !run.rollBack(divergence) { return .stoppedEarly(reason: run.recovery.reason) }
                continue
            }
            if run.control.recovery.isAnchor(step) || !run.anchor.isSet { run.keepAnchor() }
            run.state.history.append(record)
            if !progress(record) { return .stoppedByCallback }
            run.state.adam.update(&run.objective.parameters, gradient: gradient)
            run.state.step += 1
        }
        return nil
    }

    /// `rule`'s check of `record` against the steps of `history` since its regime began.
    static func divergence<Record: MonitoredRecord>(
        of record: Record, after history: [Record], rule: DivergenceRule
    ) -> DivergenceRule.Divergence? {
        var start = history.endIndex
        while start > history.startIndex, history[start - 1].monitoredRegime == record.monitoredRegime { start -= 1 }
        return rule.check(record.monitoredLoss, count: history.count - start, firstStep: start) {
            history[start + $0].monitoredLoss
        }
    }
}
