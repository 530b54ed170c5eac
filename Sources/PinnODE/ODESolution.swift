/// Work counters of a solve.
public struct ODEStats: Equatable, Sendable {
    /// Steps accepted (every step, for fixed-step methods).
    public var acceptedSteps = 0
    /// Steps rejected by the error control.
    public var rejectedSteps = 0
    /// Evaluations of the right-hand side.
    public var functionEvaluations = 0

    /// Counters with the given values (all zero by default).
    public init(acceptedSteps: Int = 0, rejectedSteps: Int = 0, functionEvaluations: Int = 0) {
        self.acceptedSteps = acceptedSteps
        self.rejectedSteps = rejectedSteps
        self.functionEvaluations = functionEvaluations
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
}
