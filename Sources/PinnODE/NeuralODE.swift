import PinnNetwork

/// A trajectory to fit: the initial state z(t₀) and observations y_i at times t₀ ≤ t₁ ≤ … ≤ t_M.
public struct ObservedTrajectory: Equatable, Sendable {
    /// t₀.
    public var startTime: Double
    /// z(t₀), the given initial state.
    public var initialState: [Double]
    /// t₁ … t_M, non-decreasing, none before t₀.
    public var times: [Double]
    /// y₁ … y_M, each of the state's size; NaN marks a missing value, left out of the loss.
    public var values: [[Double]]
    /// w_j, the weight of state j's squared errors in the loss (n non-negative entries; empty: all 1).
    public var stateWeights: [Double] = []

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
        guard stateWeights.isEmpty || (stateWeights.count == n && stateWeights.allSatisfy { $0 >= 0 && $0.isFinite })
        else {
            throw .invalidObservation(
                index: 0, reason: "\(stateWeights.count) state weights, expected \(n) finite non-negative ones")
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
    /// grow with the number of solver steps. For the fixed-step methods, the discrete adjoint: each
    /// observation interval solved again onto a tape and reversed (exact; memory grows with the steps of
    /// one interval, not of the series).
    case adjoint
    /// Reverse-mode differentiation of the Runge–Kutta steps of the forward solve, recorded on a tape
    /// (memory grows with the number of steps).
    case backpropagation
}

/// The loss, its gradient and what computing it cost.
public struct NeuralODEGradient: Equatable, Sendable {
    /// L = (1/M) Σ_i ‖z(t_i) − y_i‖².
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
/// L = (1/M) Σ_{i=1}^{M} Σ_j w_j (z_j(t_i) − y_ij)² (`ObservedTrajectory.stateWeights`), solved by adaptive
/// Dormand–Prince 5(4), for stiff dynamics by Radau IIA 5 with the network's Jacobian (its gradients in
/// `RadauSensitivity`), or by fixed-step RK4 or Euler (`integrator`).
///
/// The forward solve stops exactly at every observation time (an adaptive step-size controller carries
/// over; fixed steps start afresh from each observation time), so the loss sees step endpoints, never
/// interpolated values.
public struct NeuralODE: Equatable, Sendable {
    /// The right-hand side f_θ.
    public var network: MLP
    /// Tolerances and step limit, for the forward solve and the adjoint's backward solve.
    public var options: AdaptiveOptions
    /// The method of the forward solve, the adjoint's backward solve and backpropagation.
    public var integrator: Integrator

    /// The methods a Neural ODE is integrated and differentiated with.
    ///
    /// The fixed-step methods step from t₀ and from each observation time t_{i−1} towards t_i by steps of
    /// h, the last one shortened to land on t_i: steps end at t_{i−1} + k·h for k < N_i and at t_i, with
    /// N_i = ⌈(t_i − t_{i−1})/h − 10⁻⁷⌉ (a remainder within 10⁻⁷·h of a whole step is absorbed into the
    /// last step rather than left as a sliver; `ExplicitRungeKutta.landingSlack`). Irregular observation
    /// times are hit exactly, and the steps between two observations do not depend on where the solve
    /// started, so a window of the series sees the steps the whole series does. `options.maxSteps`
    /// bounds the steps between two observation times; the tolerances are not used. Their gradients are
    /// the exact gradients of the discrete scheme by either `GradientMethod`, and the Gauss–Newton
    /// Jacobian is the exact Jacobian of the discrete residuals.
    public enum Integrator: Equatable, Sendable {
        /// Dormand–Prince 5(4): explicit, adaptive, allocation-free gradients.
        case dormandPrince
        /// Radau IIA 5: implicit, for stiff dynamics; Newton with the network's Jacobian (forward mode).
        case radau5
        /// The classical 4th-order Runge–Kutta method with step h (fixed; see above).
        case rk4(step: Double)
        /// Forward Euler (order 1) with step h (fixed; see above).
        case euler(step: Double)
    }

    /// A Neural ODE with right-hand side `network`, solved by `integrator` with `options`.
    public init(network: MLP, options: AdaptiveOptions, integrator: Integrator = .dormandPrince) {
        self.network = network
        self.options = options
        self.integrator = integrator
    }

    /// The implicit solver's view of this model.
    var radau: RadauSensitivity<MLP> { RadauSensitivity(field: network, options: options) }

    /// The explicit method and its step sizes: the model's own, or for Radau IIA, adaptive Dormand–Prince
    /// (which integrates its Gauss–Newton sensitivities).
    var explicitMethod: ExplicitRungeKutta {
        switch integrator {
        case .dormandPrince, .radau5: .dormandPrince(options)
        case .rk4(let h): ExplicitRungeKutta(tableau: .rk4, control: .constant(step: h, maxSteps: options.maxSteps))
        case .euler(let h): ExplicitRungeKutta(tableau: .euler, control: .constant(step: h, maxSteps: options.maxSteps))
        }
    }

    /// The loss L = (1/M) Σ_i Σ_j w_j (z_j(t_i) − y_ij)².
    public func loss(for data: ObservedTrajectory) throws(ODEError) -> Double {
        try data.validate(stateDimension: network.stateDimension)
        if integrator == .radau5 { return try radau.forward(data).loss }
        var tape: RungeKuttaTape? = nil
        return try forward(data, tape: &tape, workspace: NeuralODEWorkspace()).loss
    }

    /// z(t_i) at the observation times.
    public func predict(_ data: ObservedTrajectory) throws(ODEError) -> [[Double]] {
        try data.validate(stateDimension: network.stateDimension)
        let states: [Double]
        if integrator == .radau5 {
            states = try radau.forward(data).states
        } else {
            var tape: RungeKuttaTape? = nil
            let workspace = NeuralODEWorkspace()
            _ = try forward(data, tape: &tape, workspace: workspace)
            states = workspace.states
        }
        let n = network.stateDimension
        return data.times.indices.map { i in Array(states[(i * n)..<((i + 1) * n)]) }
    }

    /// z at each of `times` (non-decreasing, none before `startTime`), from z(`startTime`) = `initialState`,
    /// by `integrator` with `options`. Unlike `predict`, the solver does not stop at the times: they are
    /// filled by its dense output (4th order for Dormand–Prince, 3rd for Radau IIA, within the
    /// tolerances; cubic Hermite for the fixed-step methods, whose steps of h run from `startTime` to the
    /// last time, the last one shortened), so many output times cost no extra steps. A time equal to
    /// `startTime` gets `initialState` exactly.
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
        if integrator == .radau5 {
            var value = [Double](repeating: 0, count: n)
            func jacobian(_ t: Double, _ z: [Double], _ out: inout [Double]) {
                net.stateJacobian(at: z, t: t, value: &value, jacobian: &out, workspace: &workspace)
            }
            return try solveODE(
                f, jacobian: jacobian, from: initialState, over: (startTime, end), saveAt: times,
                method: .radau5(options)
            ).states
        }
        return try solveODE(f, from: initialState, over: (startTime, end), saveAt: times, method: explicitMethod)
            .states
    }

    /// The loss and its gradient with respect to the parameters and the initial state.
    public func lossAndGradient(for data: ObservedTrajectory, method: GradientMethod) throws(ODEError)
        -> NeuralODEGradient
    {
        let workspace = NeuralODEWorkspace()
        try lossAndGradient(for: data, method: method, workspace: workspace)
        return workspace.gradient
    }

    /// The loss and its gradient, into `workspace.gradient`, reusing the workspace's memory (with
    /// Dormand–Prince, the adjoint allocates nothing once the workspace has served a trajectory of the
    /// same shape; Radau IIA allocates its arrays per call). With a fixed-step method, `.adjoint` is the
    /// discrete adjoint (`discreteAdjointGradient`): the same exact gradient as backpropagation, with
    /// the tape of one observation interval at a time.
    public func lossAndGradient(
        for data: ObservedTrajectory, method: GradientMethod,
        workspace: NeuralODEWorkspace
    ) throws(ODEError) {
        try data.validate(stateDimension: network.stateDimension)
        if integrator == .radau5 {
            workspace.gradient = try radau.lossAndGradient(for: data, method: method)
            return
        }
        switch (method, integrator) {
        case (.adjoint, .dormandPrince): try adjointGradient(data, workspace: workspace)
        case (.adjoint, _): try discreteAdjointGradient(data, workspace: workspace)
        case (.backpropagation, _): try backpropagationGradient(data, workspace: workspace)
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
        try integrator.restart(f, t0: data.startTime, y0: data.initialState, end: end, method: explicitMethod)
        for t in data.times {
            try integrator.advance(to: t, f) { step in
                tape?.record(start: step.lastStepStart, size: step.lastStepSize, stageInputs: step.stageInputs)
            }
            tape?.markObservation()
            states.append(contentsOf: integrator.y)
        }
        return ForwardPass(
            loss: data.loss(states: states), stats: integrator.stats,
            workingBytes: integrator.workingBytes)
    }
}
