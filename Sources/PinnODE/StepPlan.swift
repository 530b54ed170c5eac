/// The next trial step of an adaptive integrator at t heading for `target`: the controller's proposal
/// capped by the largest step, stretched (by up to 1 %) or shortened to land exactly on the target.
struct StepPlan {
    /// The capped proposal, before landing on the target (signed).
    let planned: Double
    /// The step to try (signed).
    let size: Double
    /// Whether the step ends on the target.
    let reachesTarget: Bool

    /// The plan from t, or nil when the target is closer than t can resolve (the state is already there:
    /// the caller sets t = target and stops).
    /// - Throws: `stepLimitExceeded` when `stats` show `maxSteps` steps (accepted and rejected) taken;
    ///   `stepSizeUnderflow` (or `nonFiniteState` when the last trial was NaN/∞, since that is why the
    ///   step shrank) when the step falls below what t resolves.
    static func next(
        t: Double, target: Double, proposed: Double, maxStepSize: Double, direction: Double, stats: ODEStats,
        maxSteps: Int, lastTrialNonFinite: Bool
    ) throws(ODEError) -> StepPlan? {
        guard stats.acceptedSteps + stats.rejectedSteps < maxSteps else {
            throw .stepLimitExceeded(maxSteps: maxSteps, t: t)
        }
        let planned = direction * min(abs(proposed), maxStepSize)
        var h = planned
        var reachesTarget = false
        if (t + 1.01 * h - target) * direction >= 0 {
            h = target - t
            reachesTarget = true
        }
        let resolvable = abs(h) > 16 * Double.ulpOfOne * abs(t) && abs(h) >= Double.leastNormalMagnitude
        if reachesTarget && !resolvable { return nil }
        guard resolvable else {
            if lastTrialNonFinite { throw .nonFiniteState(t: t + h, step: stats.acceptedSteps) }
            throw .stepSizeUnderflow(t: t, stepSize: h, step: stats.acceptedSteps)
        }
        return StepPlan(planned: planned, size: h, reachesTarget: reachesTarget)
    }

    /// The step to propose after this one was accepted, given the controller's `next` (signed) and
    /// whether it asked to grow: a step shortened to land on the target says little about the step
    /// size, so if it was easy the size planned before shortening is kept.
    func proposal(after next: Double, grew: Bool) -> Double {
        reachesTarget && grew && abs(planned) > abs(next) ? planned : next
    }
}
