/// Work counters of a solve.
public struct ODEStats: Equatable, Sendable {
    /// Steps accepted (every step, for fixed-step methods).
    public var acceptedSteps = 0
    /// Steps rejected by the error control.
    public var rejectedSteps = 0
    /// Evaluations of the right-hand side (including those of finite-difference Jacobians).
    public var functionEvaluations = 0
    /// Jacobians ∂f/∂y evaluated (implicit methods).
    public var jacobianEvaluations = 0
    /// LU factorizations of Newton matrices (implicit methods; Radau IIA factors two per count).
    public var factorizations = 0

    /// Counters with the given values (all zero by default).
    public init(
        acceptedSteps: Int = 0, rejectedSteps: Int = 0, functionEvaluations: Int = 0,
        jacobianEvaluations: Int = 0, factorizations: Int = 0
    ) {
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.functionEvaluations = functionEvaluations
        self.jacobianEvaluations = jacobianEvaluations
        self.factorizations = factorizations
    }

    /// The counters of two solves (or two parts of one) added.
    static func + (a: ODEStats, b: ODEStats) -> ODEStats {
        ODEStats(
            acceptedSteps: a.acceptedSteps + b.acceptedSteps, rejectedSteps: a.rejectedSteps + b.rejectedSteps,
            functionEvaluations: a.functionEvaluations + b.functionEvaluations,
            jacobianEvaluations: a.jacobianEvaluations + b.jacobianEvaluations,
            factorizations: a.factorizations + b.factorizations)
    }
}

/// The states at the requested save times, and the work it took.
public struct ODESolution: Equatable, Sendable {
    /// The save times, as requested.
    public var times: [Double]
    /// `states[i]` is y(`times[i]`).
    public var states: [[Double]]
    /// Steps and function evaluations.
    public var stats: ODEStats
    /// With the `auto` method, the time at which the solve switched to the implicit method (nil when it
    /// did not, and for the other methods).
    public var stiffSwitchTime: Double?

    /// A solution with the given states and counters.
    public init(times: [Double], states: [[Double]], stats: ODEStats, stiffSwitchTime: Double? = nil) {
        self.times = times
        self.states = states
        self.stats = stats
        self.stiffSwitchTime = stiffSwitchTime
    }
}
