import PinnNetwork

/// Memory that `NeuralODE.lossAndGradient(for:method:workspace:)` reuses from call to call: the
/// network's scratch, the two integrators, the states saved at the observation times, the adjoint's
/// buffers and the result. After the first call, adjoint gradients for trajectories of the same shape
/// allocate nothing. A workspace serves one call at a time (one per thread).
public final class NeuralODEWorkspace {
    /// The loss and gradient of the last call.
    public internal(set) var gradient = NeuralODEGradient(
        loss: .nan, parameterGradient: [], initialStateGradient: [],
        forwardStats: ODEStats(), backwardStats: ODEStats(),
        storedBytes: 0)
    var network = MLPWorkspace()
    var forwardIntegrator: RungeKuttaIntegrator?
    var adjointIntegrator: RungeKuttaIntegrator?
    /// z(t_i) of the last forward solve, flat: observation i at `i·n ..< (i + 1)·n`.
    var states: [Double] = []
    /// The adjoint's augmented state [z, a, a_θ] and the pieces its right-hand side works on.
    var augmentedState: [Double] = []
    var z: [Double] = [], a: [Double] = [], fz: [Double] = [], zBar: [Double] = [], thetaBar: [Double] = []
    /// Backpropagation's tape of the forward solve (the discrete adjoint's: of one observation interval)
    /// and its reverse sweep.
    var tape: RungeKuttaTape?
    var reversal: RungeKuttaReversal?

    public init() {}

    /// The integrator kept in `slot` (taken out, so that it is uniquely referenced while in use), or a
    /// new one for `n` components.
    static func take(_ slot: inout RungeKuttaIntegrator?, stateDimension n: Int) -> RungeKuttaIntegrator {
        defer { slot = nil }
        return slot ?? RungeKuttaIntegrator(stateDimension: n)
    }
}

extension Array where Element == Double {
    /// Makes the array hold `count` elements (zeros when it has to be resized).
    mutating func resize(to count: Int) {
        if self.count != count { self = [Double](repeating: 0, count: count) }
    }
}
