extension RadauSensitivity {
    /// The adjoint method (Chen et al. 2018) solved with the same implicit method, with the state from
    /// checkpoints.
    ///
    /// With a(t) = ∂L/∂z(t), the adjoint state s = [a, a_θ] (n + p components) obeys
    ///
    ///     da/dt = −J(z(t))ᵀ a,   da_θ/dt = −P(z(t))ᵀ a     (J = ∂f/∂z, P = ∂f/∂θ),
    ///
    /// integrated backward by Radau IIA from t_M (a = ∂L/∂z(t_M), a_θ = 0) to t₀, adding the jump
    /// (2/M)(z(t_i) − y_i) to a at each observation time. Then a(t₀) = ∂L/∂z(t₀), a_θ(t₀) = ∂L/∂θ.
    ///
    /// z(t) is not integrated backward with a, as the Dormand–Prince adjoint does: backward in time a
    /// stiff system's decaying modes grow like e^{|λ|t}, and on Robertson's kinetics that backward solve
    /// stalls within 10⁻² of its start. Instead the forward solve keeps a checkpoint every
    /// `checkpointInterval` steps (and the observation states), and the backward sweep re-solves one
    /// segment between consecutive checkpoints at a time, keeping that segment's collocation polynomials
    /// (`RadauDenseOutput`) to evaluate z at the adjoint's stage times. The adjoint equation is linear in
    /// a with Jacobian −Jᵀ, which is all Newton factors (n × n, `stiffDimension` n: a_θ is a quadrature);
    /// each right-hand side is one vector–Jacobian product of f. Memory: the M observation states,
    /// n + 2 numbers per checkpoint (one per `checkpointInterval` steps) and one segment's dense output,
    /// about 1/`checkpointInterval` of backpropagation's tape; time: two forward solves and the backward
    /// one. The error control covers all n + p adjoint components with the forward solve's tolerances.
    func adjointGradient(_ data: ObservedTrajectory) throws(ODEError) -> NeuralODEGradient {
        let n = field.stateDimension, p = field.parameterCount
        var tape: RungeKuttaTape? = nil
        var checkpoints: Checkpoints? = Checkpoints()
        let pass = try forward(data, tape: &tape, checkpoints: &checkpoints)
        guard let checkpoints else { preconditionFailure("the forward pass drops its checkpoints") }

        // Segment boundaries in time order: t₀, the checkpoints and the observations, each with its state
        // and the step to restart with (nil: the solver's estimate).
        var boundaries: [(time: Double, state: ArraySlice<Double>, step: Double?)] = [
            (data.startTime, data.initialState[...], nil)
        ]
        for k in checkpoints.times.indices {
            boundaries.append((checkpoints.times[k], checkpoints.states[(k * n)..<((k + 1) * n)], checkpoints.steps[k]))
        }
        for (i, t) in data.times.enumerated() { boundaries.append((t, pass.states[(i * n)..<((i + 1) * n)], nil)) }
        boundaries.sort { $0.time < $1.time }

        let field = self.field
        var workspace = field.makeWorkspace()
        var z = [Double](repeating: 0, count: n), a = z, value = z, zBar = z
        var thetaBar = [Double](repeating: 0, count: p)
        var jacobian = [Double](repeating: 0, count: n * n)
        var segment = RadauDenseOutput(stateDimension: n)
        var largestSegment = 0
        var resolveStats = ODEStats()

        func adjoint(_ t: Double, _ s: [Double], _ ds: inout [Double]) {
            segment.value(at: t, into: &z)
            for j in 0..<n { a[j] = s[j]; zBar[j] = 0 }
            for j in 0..<p { thetaBar[j] = 0 }
            field.vectorJacobianProduct(
                at: z, t: t, cotangent: a, value: &value, stateGradient: &zBar, parameterGradient: &thetaBar,
                workspace: &workspace)
            for j in 0..<n { ds[j] = -zBar[j] }
            for j in 0..<p { ds[n + j] = -thetaBar[j] }
        }
        // −J(z(t))ᵀ, n × n column-major.
        func adjointJacobian(_ t: Double, _ s: [Double], _ out: inout [Double]) {
            segment.value(at: t, into: &z)
            field.stateJacobian(at: z, t: t, value: &value, jacobian: &jacobian, workspace: &workspace)
            for col in 0..<n { for row in 0..<n { out[row + col * n] = -jacobian[col + row * n] } }
        }
        let (f, stateJacobian) = field.solverFunctions()

        var state = [Double](repeating: 0, count: n + p)
        var resolve = RadauIntegrator(stateDimension: n)
        var backward = RadauIntegrator(stateDimension: n + p, stiffDimension: n)
        var started = false
        var observation = data.times.count - 1
        /// Adds the jumps of the observations at `time` (those not yet added) to a.
        func addJumps(at time: Double, to y: inout [Double]) {
            while observation >= 0, data.times[observation] == time {
                data.addLossGradient(at: observation, states: pass.states, to: &y)
                observation -= 1
            }
        }
        addJumps(at: boundaries[boundaries.count - 1].time, to: &state)

        for k in stride(from: boundaries.count - 1, through: 1, by: -1) {
            let (start, end) = (boundaries[k - 1], boundaries[k])
            if end.time > start.time {
                var resolveOptions = options
                resolveOptions.initialStep = start.step.map { min($0, end.time - start.time) }
                segment.clear()
                try resolve.restart(f, t0: start.time, y0: Array(start.state), end: end.time, options: resolveOptions)
                try resolve.advance(to: end.time, f, jacobian: stateJacobian) { segment.record($0) }
                resolveStats = resolveStats + resolve.stats
                largestSegment = max(largestSegment, segment.bytes)
                if started {
                    // The state now comes from this segment's re-solve: re-evaluate the slope there.
                    try backward.modifyState({ _ in }, adjoint)
                } else {
                    try backward.restart(
                        adjoint, t0: end.time, y0: state, end: data.startTime, options: options, stiffDimension: n)
                    started = true
                }
                try backward.advance(to: start.time, adjoint, jacobian: adjointJacobian)
            }
            if started {
                try backward.modifyState({ addJumps(at: start.time, to: &$0) }, adjoint)
            } else {
                addJumps(at: start.time, to: &state)
            }
        }
        let y = started ? backward.y : state
        // The backward solve's steps; its evaluations, Jacobians and factorizations with the re-solves'.
        var backwardStats = started ? backward.stats : ODEStats()
        backwardStats.functionEvaluations += resolveStats.functionEvaluations
        backwardStats.jacobianEvaluations += resolveStats.jacobianEvaluations
        backwardStats.factorizations += resolveStats.factorizations
        return NeuralODEGradient(
            loss: pass.loss, parameterGradient: Array(y[n...]), initialStateGradient: Array(y[..<n]),
            forwardStats: pass.stats, backwardStats: backwardStats,
            storedBytes: MemoryLayout<Double>.stride * n * data.times.count + checkpoints.bytes + largestSegment
                + max(pass.workingBytes, backward.workingBytes + resolve.workingBytes))
    }
}
