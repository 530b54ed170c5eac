/// Why an ODE solve or a Neural ODE gradient failed, with the time and step where it happened.
public enum ODEError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The adaptive solver attempted `maxSteps` steps (accepted and rejected) and had only reached `t`.
    case stepLimitExceeded(maxSteps: Int, t: Double)
    /// The step size at `t` (after `step` accepted steps) fell below what `t` can resolve.
    case stepSizeUnderflow(t: Double, stepSize: Double, step: Int)
    /// The state became NaN or infinite at `t`, after `step` accepted steps.
    case nonFiniteState(t: Double, step: Int)
    /// The implicit solver's Newton matrix (I − hγJ) stayed singular at `t` as the step was halved,
    /// after `step` accepted steps.
    case singularNewtonMatrix(t: Double, step: Int)
    /// Tolerances must be finite, non-negative and not both zero.
    case invalidTolerances(relative: Double, absolute: Double)
    /// The time span must have finite endpoints.
    case invalidTimespan(start: Double, end: Double)
    /// A fixed step count or a step limit must be positive.
    case invalidStepCount(Int)
    /// An initial or maximum step size must be positive (and the initial one finite).
    case invalidStepSize(Double)
    /// The save time at `index` lies outside the span, is not finite, or goes against the direction of
    /// integration relative to the one before it.
    case invalidSaveTime(index: Int, t: Double, start: Double, end: Double)
    /// The initial state or an observation has the wrong size, or observation times are out of order.
    case invalidObservation(index: Int, reason: String)

    /// A one-line message with the context.
    public var description: String {
        switch self {
        case let .stepLimitExceeded(maxSteps, t):
            return "step limit of \(maxSteps) steps exceeded at t = \(t)"
        case let .stepSizeUnderflow(t, h, step):
            return "step size underflow at t = \(t) (h = \(h), after \(step) accepted steps)"
        case let .nonFiniteState(t, step):
            return "non-finite state at t = \(t) (after \(step) accepted steps)"
        case let .singularNewtonMatrix(t, step):
            return "the implicit solver's Newton matrix is singular at t = \(t) (after \(step) accepted steps)"
        case let .invalidTolerances(r, a):
            return "invalid tolerances rtol = \(r), atol = \(a) (need finite, ≥ 0, not both 0)"
        case let .invalidTimespan(start, end):
            return "invalid time span (\(start), \(end)): endpoints must be finite"
        case let .invalidStepCount(n):
            return "invalid step count \(n): must be positive"
        case let .invalidStepSize(h):
            return "invalid step size \(h): must be positive"
        case let .invalidSaveTime(index, t, start, end):
            return "save time \(index) (t = \(t)) is outside (\(start), \(end)) or out of order"
        case let .invalidObservation(index, reason):
            return "observation \(index): \(reason)"
        }
    }
}
