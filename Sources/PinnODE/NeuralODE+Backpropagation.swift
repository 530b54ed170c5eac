import PinnNetwork

extension NeuralODE {
    /// Reverse-mode differentiation of the forward solve's Runge–Kutta steps.
    ///
    /// The forward solve records every accepted step (start, size, stage inputs) on a tape. The accepted
    /// step sizes are then treated as constants — the step-size selection is not differentiated — so
    /// this is the exact gradient of the discrete map z₀ ↦ (z_n at the observation steps) with those
    /// steps. For a step y₊ = y + h Σ b_i k_i, k_i = f(t + c_i h, Y_i), Y_i = y + h Σ_{j<i} a_ij k_j, the
    /// reverse sweep, given ȳ₊, sets k̄_i = h b_i ȳ₊, ȳ = ȳ₊, and for i = s…1:
    /// Ȳ_i = (∂f/∂Y)ᵀ k̄_i, θ̄ += (∂f/∂θ)ᵀ k̄_i, ȳ += Ȳ_i, k̄_j += h a_ij Ȳ_i (j < i).
    /// At each observation step the loss gradient (2/M)(z_i − y_i) is added to ȳ.
    func backpropagationGradient(_ data: ObservedTrajectory,
                                 workspace ws: NeuralODEWorkspace) throws(ODEError) -> NeuralODEGradient {
        let tableau = ButcherTableau.dormandPrince
        let n = network.stateDimension, p = network.parameterCount, s = tableau.stageCount
        var recorder: RungeKuttaTape? = RungeKuttaTape(stateDimension: n, stageCount: s)
        let pass = try forward(data, tape: &recorder, workspace: ws)
        let states = ws.states
        guard let tape = recorder else { preconditionFailure("the forward pass drops its tape") }

        var workspace = MLPWorkspace()
        var yBar = [Double](repeating: 0, count: n)        // ∂L/∂(state after the step being reversed)
        var yBarBefore = yBar                              // ∂L/∂(state before it), accumulated
        var kBar = [[Double]](repeating: yBar, count: s)
        var stageBar = yBar
        var stageInput = yBar, value = yBar
        var thetaBar = [Double](repeating: 0, count: p)
        var backward = ODEStats()
        var observation = data.times.count - 1

        func addObservations(reachedAfter steps: Int) {
            while observation >= 0, tape.observationSteps[observation] == steps {
                addLossGradient(at: observation, states: states, data, to: &yBar)
                observation -= 1
            }
        }

        for step in stride(from: tape.stepCount - 1, through: 0, by: -1) {
            addObservations(reachedAfter: step + 1)
            let t = tape.starts[step], h = tape.sizes[step]
            for i in 0..<s {
                for j in 0..<n { kBar[i][j] = h * tableau.b[i] * yBar[j] }
            }
            yBarBefore = yBar
            for i in stride(from: s - 1, through: 0, by: -1) {
                tape.stageInput(step: step, stage: i, into: &stageInput)
                for j in 0..<n { stageBar[j] = 0 }
                network.vectorJacobianProduct(at: stageInput, t: t + tableau.c[i] * h, cotangent: kBar[i],
                                              value: &value, stateGradient: &stageBar,
                                              parameterGradient: &thetaBar, workspace: &workspace)
                backward.functionEvaluations += 1
                for j in 0..<n { yBarBefore[j] += stageBar[j] }
                let row = tableau.a[i]
                for m in 0..<i where row[m] != 0 {
                    for j in 0..<n { kBar[m][j] += h * row[m] * stageBar[j] }
                }
            }
            swap(&yBar, &yBarBefore)
            backward.acceptedSteps += 1
        }
        addObservations(reachedAfter: 0)

        let statesBytes = MemoryLayout<Double>.stride * n * data.times.count
        let reverseBytes = MemoryLayout<Double>.stride * n * (s + 5)
        return NeuralODEGradient(loss: pass.loss, parameterGradient: thetaBar, initialStateGradient: yBar,
                                 forwardStats: pass.stats, backwardStats: backward,
                                 storedBytes: statesBytes + tape.bytes + max(pass.workingBytes, reverseBytes))
    }
}
