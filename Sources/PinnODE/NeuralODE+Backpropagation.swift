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
    func backpropagationGradient(_ data: ObservedTrajectory, workspace ws: NeuralODEWorkspace) throws(ODEError) {
        let tableau = ButcherTableau.dormandPrince
        let n = network.stateDimension, p = network.parameterCount, s = tableau.stageCount
        // The workspace's tape, taken out so that it is uniquely referenced and appends keep its capacity.
        var taped = ws.tape
        ws.tape = nil
        if taped?.stateDimension != n || taped?.stageCount != s {
            taped = RungeKuttaTape(stateDimension: n, stageCount: s)
        }
        taped?.clear()
        let pass = try forward(data, tape: &taped, workspace: ws)
        guard let tape = taped else { preconditionFailure("the forward pass drops its tape") }
        taped = nil
        defer { ws.tape = tape }

        // Scratch leaves the workspace while in use; the result goes into `ws.gradient` in place.
        var scratch = MLPWorkspace(), states = [Double](), kBar = [[Double]]()
        var yBar = [Double](), yBarBefore = yBar, stageBar = yBar, stageInput = yBar, value = yBar
        swap(&scratch, &ws.network); swap(&states, &ws.states); swap(&kBar, &ws.stageCotangents)
        swap(&yBarBefore, &ws.z); swap(&stageBar, &ws.a); swap(&stageInput, &ws.zBar); swap(&value, &ws.fz)
        var result = ws.gradient
        ws.gradient.parameterGradient = []
        ws.gradient.initialStateGradient = []
        swap(&yBar, &result.initialStateGradient)
        defer {
            swap(&scratch, &ws.network); swap(&states, &ws.states); swap(&kBar, &ws.stageCotangents)
            swap(&yBarBefore, &ws.z); swap(&stageBar, &ws.a); swap(&stageInput, &ws.zBar); swap(&value, &ws.fz)
        }
        if kBar.count != s { kBar = (0..<s).map { _ in [Double](repeating: 0, count: n) } }
        for i in 0..<s { kBar[i].resize(to: n) }
        yBarBefore.resize(to: n); stageBar.resize(to: n); stageInput.resize(to: n); value.resize(to: n)
        // ∂L/∂(state after the step being reversed); ∂L/∂(state before it) accumulates in yBarBefore.
        yBar.resize(to: n)
        for j in 0..<n { yBar[j] = 0 }
        var thetaBar = result.parameterGradient
        result.parameterGradient = []
        thetaBar.resize(to: p)
        for j in 0..<p { thetaBar[j] = 0 }
        var backward = ODEStats()
        var observation = data.times.count - 1

        func addObservations(reachedAfter steps: Int) {
            while observation >= 0, tape.observationSteps[observation] == steps {
                data.addLossGradient(at: observation, states: states, to: &yBar)
                observation -= 1
            }
        }

        for step in stride(from: tape.stepCount - 1, through: 0, by: -1) {
            addObservations(reachedAfter: step + 1)
            let t = tape.starts[step], h = tape.sizes[step]
            for i in 0..<s {
                for j in 0..<n { kBar[i][j] = h * tableau.b[i] * yBar[j] }
            }
            for j in 0..<n { yBarBefore[j] = yBar[j] }
            for i in stride(from: s - 1, through: 0, by: -1) {
                tape.stageInput(step: step, stage: i, into: &stageInput)
                for j in 0..<n { stageBar[j] = 0 }
                network.vectorJacobianProduct(
                    at: stageInput, t: t + tableau.c[i] * h, cotangent: kBar[i],
                    value: &value, stateGradient: &stageBar,
                    parameterGradient: &thetaBar, workspace: &scratch)
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
        result.loss = pass.loss
        result.parameterGradient = thetaBar
        result.initialStateGradient = yBar
        yBar = []
        result.forwardStats = pass.stats
        result.backwardStats = backward
        result.storedBytes = statesBytes + tape.bytes + max(pass.workingBytes, reverseBytes)
        ws.gradient = result
    }
}
