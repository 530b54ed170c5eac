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
    func adjointGradient(_ data: ObservedTrajectory) throws(ODEError) -> NeuralODEGradient {
        var none: RungeKuttaTape? = nil
        let pass = try forward(data, tape: &none)
        let n = network.stateDimension, p = network.parameterCount
        let net = network

        var workspace = MLPWorkspace()
        var z = [Double](repeating: 0, count: n), a = z, fz = z, zBar = z
        var thetaBar = [Double](repeating: 0, count: p)
        func augmented(_ t: Double, _ s: [Double], _ ds: inout [Double]) {
            for j in 0..<n { z[j] = s[j]; a[j] = s[n + j]; zBar[j] = 0 }
            for j in 0..<p { thetaBar[j] = 0 }
            net.vectorJacobianProduct(at: z, t: t, cotangent: a, value: &fz, stateGradient: &zBar,
                                      parameterGradient: &thetaBar, workspace: &workspace)
            for j in 0..<n { ds[j] = fz[j]; ds[n + j] = -zBar[j] }
            for j in 0..<p { ds[2 * n + j] = -thetaBar[j] }
        }

        let last = data.times.count - 1
        var state = [Double](repeating: 0, count: 2 * n + p)
        for j in 0..<n { state[j] = pass.states[last][j] }
        addLossGradient(at: last, states: pass.states, data, to: &state, offset: n)

        var integrator = try DormandPrinceIntegrator(augmented, t0: data.times[last], y0: state,
                                                     end: data.startTime, options: options)
        for i in stride(from: last - 1, through: -1, by: -1) {
            let target = i >= 0 ? data.times[i] : data.startTime
            try integrator.advance(to: target, augmented)
            if i >= 0 {
                state = integrator.y
                for j in 0..<n { state[j] = pass.states[i][j] }
                addLossGradient(at: i, states: pass.states, data, to: &state, offset: n)
                try integrator.reset(state: state, augmented)
            }
        }

        let result = integrator.y
        let statesBytes = MemoryLayout<Double>.stride * n * pass.states.count
        return NeuralODEGradient(loss: pass.loss, parameterGradient: Array(result[(2 * n)...]),
                                 initialStateGradient: Array(result[n..<(2 * n)]),
                                 forwardStats: pass.stats, backwardStats: integrator.stats,
                                 storedBytes: statesBytes + max(pass.workingBytes, integrator.workingBytes))
    }
}
