import Foundation
import PinnNumerics

/// Performs and counts the recoveries a `RecoveryPolicy` allows, tells the user about each, and
/// words the reason when none is left.
public struct Recovery<T: PinnScalar> {
    public let policy: RecoveryPolicy
    public let note: (String) -> Void
    /// Why training stopped early (set when a recovery was refused).
    public private(set) var reason = ""
    /// The Adam step of the last failure (to see whether training got past it).
    private var lastFailure: Int?

    public init(policy: RecoveryPolicy, note: @escaping (String) -> Void) {
        self.policy = policy
        self.note = note
    }

    /// Rolls `state` back and lowers Adam's learning rate by the policy's factor after a non-finite
    /// value found `what` ("at Adam step 12"): to `good` (the last finite step), or, when the failure
    /// repeats without training getting past the previous one, to the older `anchor` (the damage was
    /// done before the last good step). Returns false, leaving `state` at the last good state (if
    /// any), when no recovery is left.
    public mutating func recover<Record>(
        _ state: inout TrainingState<T, Record>, good: LastGoodState<T>,
        anchor: LastGoodState<T>, parameters: inout [T], what: String
    ) -> Bool {
        let failedAt = state.step
        let repeated = lastFailure.map { failedAt <= $0 } ?? false
        lastFailure = failedAt
        let good = repeated && anchor.isSet && state.recoveries < policy.maxRecoveries ? anchor : good
        guard good.isSet else {
            reason = "non-finite loss or gradient \(what), before any finite step (nothing to roll back to)"
            note("stopping: \(reason)")
            return false
        }
        return rollBack(&state, to: good, parameters: &parameters, failure: "non-finite loss or gradient \(what)")
    }

    /// Rolls `state` back to `target` (the newest anchor at or before the window's smallest loss) and
    /// lowers Adam's learning rate by the policy's factor after the loss diverged (`DivergenceRule`).
    /// Returns false, leaving `state` at `target`, when no recovery is left.
    public mutating func recover<Record>(
        _ state: inout TrainingState<T, Record>, from divergence: DivergenceRule.Divergence,
        to target: LastGoodState<T>, parameters: inout [T]
    ) -> Bool {
        lastFailure = divergence.step
        return rollBack(&state, to: target, parameters: &parameters, failure: divergence.description)
    }

    /// Restores `target` and, while recoveries are left, counts one and scales the learning rate.
    private mutating func rollBack<Record>(
        _ state: inout TrainingState<T, Record>, to target: LastGoodState<T>, parameters: inout [T],
        failure: String
    ) -> Bool {
        let schedule = state.adam.schedule
        target.restore(into: &state, parameters: &parameters)
        guard state.recoveries < policy.maxRecoveries else {
            reason =
                "\(failure) after \(policy.maxRecoveries) recoveries; "
                + "stopped at the last good state (Adam step \(state.step))"
            note("stopping: \(reason)")
            return false
        }
        state.recoveries += 1
        state.adam.schedule = schedule.scaled(by: policy.backoff)
        let rate = String(format: "%.3g", state.adam.currentRate)
        note(
            "\(failure): rolled back to Adam step \(state.step), learning rate × \(policy.backoff) (now \(rate)); "
                + "recovery \(state.recoveries) of \(policy.maxRecoveries)")
        return true
    }

    /// Puts L-BFGS back at `before` with its curvature pairs forgotten (the next direction is
    /// steepest descent) after a non-finite value found `what`. Returns false, leaving L-BFGS at
    /// `before`, when no recovery is left.
    public mutating func resetLBFGS<Record>(
        _ state: inout TrainingState<T, Record>, from before: LBFGS<T>.State,
        what: String
    ) -> Bool {
        state.lbfgs = before
        guard state.recoveries < policy.maxRecoveries else {
            reason =
                "non-finite loss or gradient \(what) after \(policy.maxRecoveries) recoveries; "
                + "stopped at the last good L-BFGS point (iteration \(before.iteration))"
            note("stopping: \(reason)")
            return false
        }
        state.recoveries += 1
        state.lbfgs?.resetHistory()
        note(
            "non-finite loss or gradient \(what): L-BFGS forgets its curvature pairs and retries by steepest "
                + "descent; recovery \(state.recoveries) of \(policy.maxRecoveries)")
        return true
    }
}
