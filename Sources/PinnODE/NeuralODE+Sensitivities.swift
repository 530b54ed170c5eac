import PinnNetwork

extension NeuralODE {
    /// The loss as a sum of squares and its Jacobian, for Gauss–Newton: the residuals
    /// ρ_{i·n+j} = √(w_j/M) (z_j(t_i) − y_ij) (w_j = `data.stateWeights`; 0 where y_ij is missing, NaN)
    /// (so ‖ρ‖² is the loss) and ∂ρ/∂θ, row by row (row r holds
    /// the P parameters' entries from r·P), by forward sensitivities.
    ///
    /// S(t) = ∂z(t)/∂θ (n × P) solves dS/dt = (∂f/∂z) S + ∂f/∂θ with S(t₀) = 0; it is integrated with z as
    /// one system [z, S] by the model's explicit method — adaptive Dormand–Prince (the model's
    /// tolerances, on every component), or the fixed-step method with the loss's steps — stopping at
    /// every observation time as the loss's forward solve does. With fixed steps the Jacobian is exact
    /// for the discrete residuals: an explicit Runge–Kutta step applied to [z, S] is the step applied to
    /// z, differentiated in θ (the stage equations S_Yi = S + h Σ_j a_ij (J_j S_Yj + P_j) are the
    /// derivatives of Y_i = y + h Σ_j a_ij f(Y_j)), and the step sizes do not depend on θ. Each evaluation of the
    /// system's right-hand side is one evaluation of f_θ and n reverse passes (row i of ∂f/∂z and of
    /// ∂f/∂θ each), then the n × n by n × P product.
    /// - Returns: the loss ‖ρ‖².
    /// - Throws: the solver's errors.
    public func residualsAndJacobian(
        for data: ObservedTrajectory, residuals: inout [Double], jacobian: inout [Double]
    ) throws(ODEError) -> Double {
        try data.validate(stateDimension: network.stateDimension)
        let n = network.stateDimension, p = network.parameterCount, m = data.times.count
        let net = network
        var workspace = MLPWorkspace()
        var value = [Double](repeating: 0, count: n), cotangent = value, rowZ = value, z = value
        var rowTheta = [Double](repeating: 0, count: p)
        func f(_ t: Double, _ y: [Double], _ dy: inout [Double]) {
            for i in 0..<n { z[i] = y[i] }
            net.evaluate(z, t: t, into: &value, workspace: &workspace)
            for i in 0..<n { dy[i] = value[i] }
            for i in 0..<n {
                for k in 0..<n { cotangent[k] = k == i ? 1 : 0; rowZ[k] = 0 }
                for q in 0..<p { rowTheta[q] = 0 }
                net.pullback(
                    cotangent: cotangent, stateGradient: &rowZ, parameterGradient: &rowTheta, workspace: &workspace)
                let out = n + i * p
                for q in 0..<p { dy[out + q] = rowTheta[q] }
                for k in 0..<n where rowZ[k] != 0 {
                    let c = rowZ[k], s = n + k * p
                    for q in 0..<p { dy[out + q] += c * y[s + q] }
                }
            }
        }
        var y0 = [Double](repeating: 0, count: n + n * p)
        for i in 0..<n { y0[i] = data.initialState[i] }
        let method = explicitMethod
        var integrator = RungeKuttaIntegrator(stateDimension: y0.count, tableau: method.tableau)
        try integrator.restart(f, t0: data.startTime, y0: y0, end: data.times.last ?? data.startTime, method: method)
        residuals = [Double](repeating: 0, count: m * n)
        jacobian = [Double](repeating: 0, count: m * n * p)
        var loss = 0.0
        for (i, t) in data.times.enumerated() {
            try integrator.advance(to: t, f)
            let y = integrator.y
            for j in 0..<n where !data.values[i][j].isNaN { // a missing value: ρ and its row stay 0
                let factor = (data.weight(j) / Double(m)).squareRoot()
                let r = factor * (y[j] - data.values[i][j])
                residuals[i * n + j] = r
                loss += r * r
                let row = (i * n + j) * p, s = n + j * p
                for q in 0..<p { jacobian[row + q] = factor * y[s + q] }
            }
        }
        return loss
    }
}
