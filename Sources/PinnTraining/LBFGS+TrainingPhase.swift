extension LBFGS {
    /// Runs the L-BFGS phase of a training state: from `state.lbfgs`, one iteration per step until
    /// `iterations` are taken or L-BFGS stops (converged, or no acceptable step), consulting `control`
    /// before every step. A step that ends at a non-finite value, or a line search that failed on
    /// non-finite values, puts L-BFGS back where it was with its curvature pairs forgotten (a
    /// recovery). `record(iteration)` makes the record of an accepted iteration (the objective's last
    /// evaluation is the accepted point).
    /// - Throws: what `control.saveCheckpoint` throws.
    public func runPhase<Record>(_ state: inout TrainingState<T, Record>, iterations: Int,
                                 control: TrainingControl<T, Record>, lastSaved: inout Int, recovery: inout Recovery<T>,
                                 objective: ([T], inout [T]) -> Double, record: (_ iteration: Int) -> Record,
                                 progress: (Record) -> Bool) throws -> TrainingOutcome {
        var sawNonFinite = false
        let watched = { (x: [T], g: inout [T]) -> Double in
            let value = objective(x, &g)
            if !value.isFinite { sawNonFinite = true }
            return value
        }
        while state.phase == .lbfgs, var current = state.lbfgs {
            if current.iteration >= iterations { state.phase = .finished; break }
            let stepsTaken = state.history.count
            if let signal = try control.beforeStep(stepsTaken: stepsTaken, lastSaved: &lastSaved, state: {
                var copy = state
                copy.parameters = current.x
                return copy
            }) {
                return .interrupted(signal: signal)
            }
            let before = current
            sawNonFinite = false
            let outcome = iterate(&current, objective: watched)
            let failed: Bool = switch outcome {
            case .stepped: !current.isFinite
            case .stopped(.lineSearchFailed): sawNonFinite && !before.s.isEmpty
            case .stopped: false
            }
            if failed {
                let what = "at L-BFGS iteration \(before.iteration + 1)"
                guard recovery.resetLBFGS(&state, from: before, what: what) else { return .stoppedEarly(reason: recovery.reason) }
                continue
            }
            switch outcome {
            case .stopped:
                state.phase = .finished
            case .stepped(let converged):
                let r = record(current.iteration)
                state.history.append(r)
                state.lbfgs = current
                if !progress(r) { return .stoppedByCallback }
                if converged { state.phase = .finished }
            }
        }
        return .completed
    }
}
