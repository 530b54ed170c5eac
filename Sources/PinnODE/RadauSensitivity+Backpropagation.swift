import PinnNumerics

extension RadauSensitivity {
    /// Reverse-mode differentiation of the implicit steps (the discrete adjoint), by the implicit
    /// function theorem at the converged stages.
    ///
    /// A step solves G(Z, y, θ) = Z − h (A ⊗ I) F = 0 with F_j = f(t + c_j h, Y_j; θ), Y_j = y + Z_j, and
    /// sets y₊ = y + Z₃. With J_j = ∂f/∂z and P_j = ∂f/∂θ at stage j, differentiating gives, for the
    /// cotangent ȳ₊ of y₊: solve
    ///
    ///     λ_j − J_jᵀ μ_j = δ_j3 ȳ₊  (j = 1, 2, 3),   μ_j = h Σ_i a_ij λ_i,
    ///
    /// (the transposed Newton system (∂G/∂Z)ᵀλ = E₃ȳ₊ with the exact stage Jacobians, a 3n × 3n LU), then
    ///
    ///     ȳ = ȳ₊ + Σ_j J_jᵀ μ_j,   θ̄ += Σ_j P_jᵀ μ_j
    ///
    /// (three vector–Jacobian products with cotangents μ_j). The accepted step sizes are constants (the
    /// step-size selection is not differentiated), so this is the exact gradient of the discrete map with
    /// those steps, up to the Newton tolerance of the stages. At each observation step the loss gradient
    /// (2/M)(z_i − y_i) is added to ȳ.
    func backpropagationGradient(_ data: ObservedTrajectory) throws(ODEError) -> NeuralODEGradient {
        let n = field.stateDimension, p = field.parameterCount
        let a = RadauIIA5.a, c = RadauIIA5.c
        var taped: RungeKuttaTape? = RungeKuttaTape(stateDimension: n, stageCount: 3)
        var none: Checkpoints? = nil
        let pass = try forward(data, tape: &taped, checkpoints: &none)
        guard let tape = taped else { preconditionFailure("the forward pass drops its tape") }

        var workspace = field.makeWorkspace()
        var yBar = [Double](repeating: 0, count: n), thetaBar = [Double](repeating: 0, count: p)
        var value = yBar, stageGradient = yBar, point = yBar
        var jacobians = [[Double]](repeating: [Double](repeating: 0, count: n * n), count: 3)
        var lambda = [Double](repeating: 0, count: 3 * n), mu = [[Double]](repeating: yBar, count: 3)
        var lu = LUFactorization(size: 3 * n)
        var backward = ODEStats()
        var observation = data.times.count - 1

        func addObservations(reachedAfter steps: Int) {
            while observation >= 0, tape.observationSteps[observation] == steps {
                data.addLossGradient(at: observation, states: pass.states, to: &yBar)
                observation -= 1
            }
        }

        for step in stride(from: tape.stepCount - 1, through: 0, by: -1) {
            addObservations(reachedAfter: step + 1)
            let t = tape.starts[step], h = tape.sizes[step]
            for s in 0..<3 {
                tape.stageInput(step: step, stage: s, into: &point)
                field.stateJacobian(
                    at: point, t: t + c[s] * h, value: &value, jacobian: &jacobians[s], workspace: &workspace)
            }
            backward.jacobianEvaluations += 3
            // (∂G/∂Z)ᵀ: block (j, i) = δ_ji I − h a_ij J_jᵀ, i.e. entry (jn + r, in + q) = δ − h a_ij J_j[q, r].
            let size = 3 * n
            do {
                try lu.factor(size: size) { m in
                    for i in 0..<3 {
                        for q in 0..<n {
                            for j in 0..<3 {
                                let weight = h * a[i][j]
                                for r in 0..<n {
                                    let entry = -weight * jacobians[j][q + r * n]
                                    m[(j * n + r) + (i * n + q) * size] = entry + (i == j && q == r ? 1 : 0)
                                }
                            }
                        }
                    }
                }
            } catch {
                throw .singularNewtonMatrix(t: t, step: step)
            }
            backward.factorizations += 1
            for k in 0..<size { lambda[k] = k >= 2 * n ? yBar[k - 2 * n] : 0 }
            lu.solve(&lambda)
            for j in 0..<3 {
                for r in 0..<n {
                    var sum = 0.0
                    for i in 0..<3 { sum += a[i][j] * lambda[i * n + r] }
                    mu[j][r] = h * sum
                }
            }
            // ȳ = ȳ₊ + Σ_j J_jᵀ μ_j and θ̄ += Σ_j P_jᵀ μ_j, by one reverse pass per stage.
            for s in 0..<3 {
                tape.stageInput(step: step, stage: s, into: &point)
                for j in 0..<n { stageGradient[j] = 0 }
                field.vectorJacobianProduct(
                    at: point, t: t + c[s] * h, cotangent: mu[s], value: &value, stateGradient: &stageGradient,
                    parameterGradient: &thetaBar, workspace: &workspace)
                for j in 0..<n { yBar[j] += stageGradient[j] }
            }
            backward.functionEvaluations += 3
            backward.acceptedSteps += 1
        }
        addObservations(reachedAfter: 0)

        let statesBytes = MemoryLayout<Double>.stride * n * data.times.count
        let reverseBytes = MemoryLayout<Double>.stride * (3 * n * n + 9 * n * n + 9 * n)
        return NeuralODEGradient(
            loss: pass.loss, parameterGradient: thetaBar, initialStateGradient: yBar, forwardStats: pass.stats,
            backwardStats: backward, storedBytes: statesBytes + tape.bytes + max(pass.workingBytes, reverseBytes))
    }
}
