import PinnNetwork

extension NeuralODE {
    /// The adjoint method (Chen et al. 2018, after Pontryagin).
    ///
    /// With a(t) = ∂L/∂z(t), the augmented state s = [z, a, a_θ] (2n + p components) obeys
    ///
    ///     dz/dt = f(z, t),   da/dt = −aᵀ ∂f/∂z,   da_θ/dt = −aᵀ ∂f/∂θ,
    ///
    /// and is integrated backward from t_M, where z = z(t_M), a = ∂L/∂z(t_M), a_θ = 0, to t₀, stopping
    /// at each observation time to add the jump ∂L/∂z(t_i) = (2/M)(z(t_i) − y_i) to a. Then
    /// a(t₀) = ∂L/∂z(t₀) and a_θ(t₀) = ∫ aᵀ ∂f/∂θ dt = ∂L/∂θ. Each right-hand side evaluation is one
    /// forward and one reverse pass of the network. z is re-integrated backward (and reset to the
    /// forward solve's z(t_i) at each observation time), so memory is the M saved states plus the
    /// solver's working arrays, whatever the number of steps. The error control covers all 2n + p
    /// components with the same tolerances as the forward solve.
    func adjointGradient(_ data: ObservedTrajectory, workspace ws: NeuralODEWorkspace) throws(ODEError) {
        var none: RungeKuttaTape? = nil
        let pass = try forward(data, tape: &none, workspace: ws)
        let n = network.stateDimension, p = network.parameterCount
        let net = network

        // The buffers leave the workspace while in use (so the right-hand side works on local arrays).
        var scratch = MLPWorkspace(), z = [Double](), a = z, fz = z, zBar = z, thetaBar = z, state = z, states = z
        swap(&scratch, &ws.network); swap(&z, &ws.z); swap(&a, &ws.a); swap(&fz, &ws.fz); swap(&zBar, &ws.zBar)
        swap(&thetaBar, &ws.thetaBar); swap(&state, &ws.augmentedState); swap(&states, &ws.states)
        defer {
            swap(&scratch, &ws.network); swap(&z, &ws.z); swap(&a, &ws.a); swap(&fz, &ws.fz); swap(&zBar, &ws.zBar)
            swap(&thetaBar, &ws.thetaBar); swap(&state, &ws.augmentedState); swap(&states, &ws.states)
        }
        z.resize(to: n); a.resize(to: n); fz.resize(to: n); zBar.resize(to: n); thetaBar.resize(to: p)
        state.resize(to: 2 * n + p)

        func augmented(_ t: Double, _ s: [Double], _ ds: inout [Double]) {
            for j in 0..<n { z[j] = s[j]; a[j] = s[n + j]; zBar[j] = 0 }
            for j in 0..<p { thetaBar[j] = 0 }
            net.vectorJacobianProduct(
                at: z, t: t, cotangent: a, value: &fz, stateGradient: &zBar,
                parameterGradient: &thetaBar, workspace: &scratch)
            for j in 0..<n { ds[j] = fz[j]; ds[n + j] = -zBar[j] }
            for j in 0..<p { ds[2 * n + j] = -thetaBar[j] }
        }

        let last = data.times.count - 1
        for j in state.indices { state[j] = 0 }
        for j in 0..<n { state[j] = states[last * n + j] }
        data.addLossGradient(at: last, states: states, to: &state, offset: n)

        var integrator = NeuralODEWorkspace.take(&ws.adjointIntegrator, stateDimension: 2 * n + p)
        defer { ws.adjointIntegrator = integrator }
        try integrator.restart(augmented, t0: data.times[last], y0: state, end: data.startTime, options: options)
        for i in stride(from: last - 1, through: -1, by: -1) {
            let target = i >= 0 ? data.times[i] : data.startTime
            try integrator.advance(to: target, augmented)
            if i >= 0 {
                // Back on the forward solve's z(t_i), with the jump ∂L/∂z(t_i) added to a.
                try integrator.modifyState(
                    { y in
                        for j in 0..<n { y[j] = states[i * n + j] }
                        data.addLossGradient(at: i, states: states, to: &y, offset: n)
                    }, augmented)
            }
        }

        var result = ws.gradient
        ws.gradient.parameterGradient = []
        ws.gradient.initialStateGradient = []
        result.parameterGradient.resize(to: p)
        result.initialStateGradient.resize(to: n)
        for j in 0..<p { result.parameterGradient[j] = integrator.y[2 * n + j] }
        for j in 0..<n { result.initialStateGradient[j] = integrator.y[n + j] }
        result.loss = pass.loss
        result.forwardStats = pass.stats
        result.backwardStats = integrator.stats
        result.storedBytes =
            MemoryLayout<Double>.stride * n * data.times.count
            + max(pass.workingBytes, integrator.workingBytes)
        ws.gradient = result
    }
}
