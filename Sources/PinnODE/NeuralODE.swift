import PinnNetwork

/// A trajectory to fit: the initial state z(t₀) and observations y_i at times t₀ ≤ t₁ ≤ … ≤ t_M.
public struct ObservedTrajectory: Equatable, Sendable {
    /// t₀.
    public var startTime: Double
    /// z(t₀), the given initial state.
    public var initialState: [Double]
    /// t₁ … t_M, non-decreasing, none before t₀.
    public var times: [Double]
    /// y₁ … y_M, each of the state's size.
    public var values: [[Double]]

    /// A trajectory (validated when used: sizes, and times non-decreasing from t₀).
    public init(startTime: Double, initialState: [Double], times: [Double], values: [[Double]]) {
        self.startTime = startTime
        self.initialState = initialState
        self.times = times
        self.values = values
    }

    func validate(stateDimension n: Int) throws(ODEError) {
        guard startTime.isFinite else { throw .invalidTimespan(start: startTime, end: times.last ?? startTime) }
        guard initialState.count == n else {
            throw .invalidObservation(
                index: 0, reason: "initial state has \(initialState.count) components, expected \(n)")
        }
        guard !times.isEmpty, times.count == values.count else {
            throw .invalidObservation(
                index: 0, reason: "\(times.count) times but \(values.count) values (need ≥ 1 of each)")
        }
        for (i, t) in times.enumerated() {
            let previous = i == 0 ? startTime : times[i - 1]
            guard t.isFinite, t >= previous else {
                throw .invalidObservation(index: i + 1, reason: "time \(t) is before \(previous) or not finite")
            }
            guard values[i].count == n else {
                throw .invalidObservation(
                    index: i + 1, reason: "value has \(values[i].count) components, expected \(n)")
            }
        }
    }
}

/// How `NeuralODE.lossAndGradient` differentiates the loss.
public enum GradientMethod: Equatable, Sendable {
    /// The adjoint method (Chen et al. 2018): z, a = ∂L/∂z and a_θ integrated backward; memory does not
    /// grow with the number of solver steps.
    case adjoint
    /// Reverse-mode differentiation of the Runge–Kutta steps of the forward solve, recorded on a tape
    /// (memory grows with the number of steps).
    case backpropagation
}

/// The loss, its gradient and what computing it cost.
public struct NeuralODEGradient: Equatable, Sendable {
    /// L = (1/M) Σ_i Σ_j w_j (z_j(t_i) − y_ij)².
    public var loss: Double
    /// ∂L/∂θ, in the network's parameter layout.
    public var parameterGradient: [Double]
    /// ∂L/∂z(t₀).
    public var initialStateGradient: [Double]
    /// The forward solve's steps and evaluations of f.
    public var forwardStats: ODEStats
    /// The backward pass: for the adjoint, the augmented solve's steps and evaluations (each one f plus
    /// one vector–Jacobian product); for backpropagation, the steps reversed and vector–Jacobian products.
    public var backwardStats: ODEStats
    /// Peak bytes held across solver steps: the saved observation-time states, the tape (backpropagation)
    /// and the solvers' working arrays.
    public var storedBytes: Int
}

/// dz/dt = f_θ(z, t) with f_θ an `MLP`, fitted to observations by the loss
/// L = (1/M) Σ_{i=1}^{M} Σ_j w_j (z_j(t_i) − y_ij)², solved by adaptive Dormand–Prince 5(4). The
/// weights w_j (`lossWeights`, 1 by default) balance states of different magnitudes.
///
/// The forward solve stops exactly at every observation time (the step-size controller carries over),
/// so the loss sees step endpoints, never interpolated values.
public struct NeuralODE: Equatable, Sendable {
    /// The right-hand side f_θ.
    public var network: MLP
    /// Tolerances and step limit, for the forward solve and the adjoint's backward solve.
    public var options: AdaptiveOptions
    /// w_j, the weight of state j's squared errors in the loss (n entries, non-negative).
    public var lossWeights: [Double] {
        didSet {
            precondition(
                lossWeights.count == network.stateDimension && lossWeights.allSatisfy { $0 >= 0 && $0.isFinite },
                "expected \(network.stateDimension) finite non-negative loss weights")
        }
    }

    /// A Neural ODE with right-hand side `network`, solved with `options`, every state weighted 1.
    public init(network: MLP, options: AdaptiveOptions) {
        self.network = network
        self.options = options
        lossWeights = [Double](repeating: 1, count: network.stateDimension)
    }

    /// The loss L = (1/M) Σ_i Σ_j w_j (z_j(t_i) − y_ij)².
    public func loss(for data: ObservedTrajectory) throws(ODEError) -> Double {
        try data.validate(stateDimension: network.stateDimension)
        var tape: RungeKuttaTape? = nil
        return try forward(data, tape: &tape, workspace: NeuralODEWorkspace()).loss
    }

    /// z(t_i) at the observation times.
    public func predict(_ data: ObservedTrajectory) throws(ODEError) -> [[Double]] {
        try data.validate(stateDimension: network.stateDimension)
        var tape: RungeKuttaTape? = nil
        let workspace = NeuralODEWorkspace()
        _ = try forward(data, tape: &tape, workspace: workspace)
        let n = network.stateDimension
        return data.times.indices.map { i in Array(workspace.states[(i * n)..<((i + 1) * n)]) }
    }

    /// z at each of `times` (non-decreasing, none before `startTime`), from z(`startTime`) = `initialState`,
    /// by adaptive Dormand–Prince with `options`. Unlike `predict`, the solver does not stop at the times:
    /// they are filled by its dense output (4th order, within the tolerances), so many output times cost no
    /// extra steps. A time equal to `startTime` gets `initialState` exactly.
    /// - Throws: `ODEError.invalidObservation` when the initial state's size is not the network's,
    ///   `.invalidSaveTime` for a time out of order or before `startTime`, and the solver's errors.
    public func trajectory(from initialState: [Double], startTime: Double, at times: [Double]) throws(ODEError)
        -> [[Double]]
    {
        let n = network.stateDimension
        guard initialState.count == n else {
            throw .invalidObservation(
                index: 0, reason: "initial state has \(initialState.count) components, expected \(n)")
        }
        var workspace = MLPWorkspace()
        let net = network
        func f(_ t: Double, _ z: [Double], _ dz: inout [Double]) {
            net.evaluate(z, t: t, into: &dz, workspace: &workspace)
        }
        let end = max(times.last ?? startTime, startTime)
        return try solveODE(
            f, from: initialState, over: (startTime, end), saveAt: times,
            method: .dormandPrince(options)
        ).states
    }

    /// The loss and its gradient with respect to the parameters and the initial state.
    public func lossAndGradient(for data: ObservedTrajectory, method: GradientMethod) throws(ODEError)
        -> NeuralODEGradient
    {
        let workspace = NeuralODEWorkspace()
        try lossAndGradient(for: data, method: method, workspace: workspace)
        return workspace.gradient
    }

    /// The loss and its gradient, into `workspace.gradient`, reusing the workspace's memory (the adjoint
    /// allocates nothing once the workspace has served a trajectory of the same shape).
    public func lossAndGradient(
        for data: ObservedTrajectory, method: GradientMethod,
        workspace: NeuralODEWorkspace
    ) throws(ODEError) {
        try data.validate(stateDimension: network.stateDimension)
        switch method {
        case .adjoint: try adjointGradient(data, workspace: workspace)
        case .backpropagation: try backpropagationGradient(data, workspace: workspace)
        }
    }

    /// Result of the forward solve (the states at the observation times are in the workspace).
    struct ForwardPass {
        var loss: Double
        var stats: ODEStats
        var workingBytes: Int
    }

    /// Solves from t₀ through every t_i, saving z(t_i) in `workspace.states` and recording each accepted
    /// step on `tape` when one is given.
    func forward(
        _ data: ObservedTrajectory, tape: inout RungeKuttaTape?,
        workspace ws: NeuralODEWorkspace
    ) throws(ODEError) -> ForwardPass {
        let n = network.stateDimension
        var scratch = MLPWorkspace()
        swap(&scratch, &ws.network)
        defer { swap(&scratch, &ws.network) }
        let net = network
        func f(_ t: Double, _ z: [Double], _ dz: inout [Double]) {
            net.evaluate(z, t: t, into: &dz, workspace: &scratch)
        }
        let end = data.times.last ?? data.startTime
        var states = [Double]()
        swap(&states, &ws.states)
        defer { swap(&states, &ws.states) }
        states.removeAll(keepingCapacity: true)
        states.reserveCapacity(data.times.count * n)
        var integrator = NeuralODEWorkspace.take(&ws.forwardIntegrator, stateDimension: n)
        defer { ws.forwardIntegrator = integrator }
        try integrator.restart(f, t0: data.startTime, y0: data.initialState, end: end, options: options)
        for t in data.times {
            try integrator.advance(to: t, f) { step in
                tape?.record(start: step.lastStepStart, size: step.lastStepSize, stageInputs: step.stageInputs)
            }
            tape?.markObservation()
            states.append(contentsOf: integrator.y)
        }
        return ForwardPass(
            loss: lossValue(states, data), stats: integrator.stats,
            workingBytes: integrator.workingBytes)
    }

    /// (1/M) Σ_i Σ_j w_j (z_ij − y_ij)², with z_i at `states[i·n ..< (i + 1)·n]`.
    func lossValue(_ states: [Double], _ data: ObservedTrajectory) -> Double {
        let n = network.stateDimension
        var sum = 0.0
        for (i, y) in data.values.enumerated() {
            for j in 0..<n { sum += lossWeights[j] * (states[i * n + j] - y[j]) * (states[i * n + j] - y[j]) }
        }
        return sum / Double(data.times.count)
    }

    /// ∂L/∂z_j(t_i) = (2/M) w_j (z_j(t_i) − y_ij), added to `a` (z(t_i) at `states[i·n ..< (i + 1)·n]`).
    func addLossGradient(
        at i: Int, states: [Double], _ data: ObservedTrajectory, to a: inout [Double],
        offset: Int = 0
    ) {
        let n = network.stateDimension
        let scale = 2 / Double(data.times.count)
        for j in 0..<n { a[offset + j] += scale * lossWeights[j] * (states[i * n + j] - data.values[i][j]) }
    }
}
