import PinnNetwork

extension NeuralODE {
    /// Reverse-mode differentiation of the forward solve's Runge–Kutta steps (`RungeKuttaReversal`).
    ///
    /// The forward solve records every accepted step (start, size, stage inputs) on a tape. The step
    /// sizes are treated as constants — adaptive step-size selection is not differentiated, and fixed
    /// steps depend on neither θ nor z₀ — so this is the exact gradient of the discrete map
    /// z₀ ↦ (z_n at the observation steps) with those steps. The tape is reversed from the last step to
    /// the first, and at each observation step the loss gradient (2/M) w_j (z_j(t_i) − y_ij) is added to ȳ.
    /// Memory: the tape, s stage inputs per step.
    func backpropagationGradient(_ data: ObservedTrajectory, workspace ws: NeuralODEWorkspace) throws(ODEError) {
        var taped: RungeKuttaTape? = takeTape(ws)
        let pass = try forward(data, tape: &taped, workspace: ws)
        guard let tape = taped else { preconditionFailure("the forward pass drops its tape") }
        taped = nil
        defer { ws.tape = tape }

        var scratch = MLPWorkspace(), states = [Double]()
        swap(&scratch, &ws.network); swap(&states, &ws.states)
        defer { swap(&scratch, &ws.network); swap(&states, &ws.states) }
        var reversal = takeReversal(ws)
        defer { ws.reversal = reversal }

        var observation = data.times.count - 1
        func addObservations(reachedAfter steps: Int) {
            while observation >= 0, tape.observationSteps[observation] == steps {
                data.addLossGradient(at: observation, states: states, to: &reversal.stateCotangent)
                observation -= 1
            }
        }
        for step in stride(from: tape.stepCount - 1, through: 0, by: -1) {
            addObservations(reachedAfter: step + 1)
            reversal.reverse(step: step, of: tape, field: network, workspace: &scratch)
        }
        addObservations(reachedAfter: 0)

        let statesBytes = MemoryLayout<Double>.stride * network.stateDimension * data.times.count
        storeGradient(
            in: ws, pass: pass, reversal: &reversal, backwardStats: reversal.stats,
            storedBytes: statesBytes + tape.bytes + max(pass.workingBytes, reversal.bytes))
    }

    /// The discrete adjoint of a fixed-step solve: the exact gradient of the discrete loss, as
    /// backpropagation gives it, with the tape of one observation interval at a time.
    ///
    /// The forward solve keeps only z(t_i). Then for i = M…1: the loss gradient at t_i is added to ȳ,
    /// the interval [t_{i−1}, t_i] is solved again from the saved z(t_{i−1}) (z(t₀) for the first) onto a
    /// tape, and its steps are reversed (`RungeKuttaReversal`). Fixed steps restart from each
    /// observation time, so the re-solve repeats the forward solve's steps bit for bit, and ȳ, θ̄ end as
    /// ∂L/∂z₀ and ∂L/∂θ of the discrete scheme. Memory: the M saved states and one interval's tape, however
    /// many intervals; time: two forward solves and the reverse sweep (backpropagation: one forward solve).
    func discreteAdjointGradient(_ data: ObservedTrajectory, workspace ws: NeuralODEWorkspace) throws(ODEError) {
        var none: RungeKuttaTape? = nil
        let pass = try forward(data, tape: &none, workspace: ws)
        let n = network.stateDimension
        var tape = takeTape(ws)
        defer { ws.tape = tape }
        var scratch = MLPWorkspace(), states = [Double](), start = [Double]()
        swap(&scratch, &ws.network); swap(&states, &ws.states); swap(&start, &ws.z)
        defer { swap(&scratch, &ws.network); swap(&states, &ws.states); swap(&start, &ws.z) }
        start.resize(to: n)
        var reversal = takeReversal(ws)
        defer { ws.reversal = reversal }
        var integrator = NeuralODEWorkspace.take(&ws.forwardIntegrator, stateDimension: n)
        defer { ws.forwardIntegrator = integrator }
        let net = network, method = explicitMethod
        func f(_ t: Double, _ z: [Double], _ dz: inout [Double]) {
            net.evaluate(z, t: t, into: &dz, workspace: &scratch)
        }

        var largestTape = 0
        var resolved = ODEStats()
        for i in stride(from: data.times.count - 1, through: 0, by: -1) {
            data.addLossGradient(at: i, states: states, to: &reversal.stateCotangent)
            let t0 = i == 0 ? data.startTime : data.times[i - 1]
            for j in 0..<n { start[j] = i == 0 ? data.initialState[j] : states[(i - 1) * n + j] }
            tape.clear()
            try integrator.restart(f, t0: t0, y0: start, end: data.times[i], method: method)
            try integrator.advance(to: data.times[i], f) { step in
                tape.record(start: step.lastStepStart, size: step.lastStepSize, stageInputs: step.stageInputs)
            }
            resolved = resolved + integrator.stats
            largestTape = max(largestTape, tape.bytes)
            for step in stride(from: tape.stepCount - 1, through: 0, by: -1) {
                reversal.reverse(step: step, of: tape, field: net, workspace: &scratch)
            }
        }

        var backward = reversal.stats
        backward.functionEvaluations += resolved.functionEvaluations
        let statesBytes = MemoryLayout<Double>.stride * n * data.times.count
        storeGradient(
            in: ws, pass: pass, reversal: &reversal, backwardStats: backward,
            storedBytes: statesBytes + largestTape + max(pass.workingBytes, integrator.workingBytes + reversal.bytes))
    }

    /// The workspace's tape, emptied and shaped for this model's method (taken out of the workspace, so
    /// that it is uniquely referenced and appends keep its capacity).
    private func takeTape(_ ws: NeuralODEWorkspace) -> RungeKuttaTape {
        let n = network.stateDimension, s = explicitMethod.tableau.stageCount
        var tape = ws.tape ?? RungeKuttaTape(stateDimension: n, stageCount: s)
        ws.tape = nil
        if tape.stateDimension != n || tape.stageCount != s { tape = RungeKuttaTape(stateDimension: n, stageCount: s) }
        tape.clear()
        return tape
    }

    /// The workspace's reverse sweep, zeroed for this model (taken out of the workspace).
    private func takeReversal(_ ws: NeuralODEWorkspace) -> RungeKuttaReversal {
        let tableau = explicitMethod.tableau
        var reversal = ws.reversal ?? RungeKuttaReversal(tableau: tableau)
        ws.reversal = nil
        reversal.reset(tableau: tableau, stateDimension: network.stateDimension, parameterCount: network.parameterCount)
        return reversal
    }

    /// Puts the loss and the sweep's ȳ = ∂L/∂z₀, θ̄ = ∂L/∂θ into `ws.gradient` (exchanging arrays with the
    /// last result's, so that nothing is allocated).
    private func storeGradient(
        in ws: NeuralODEWorkspace, pass: ForwardPass, reversal: inout RungeKuttaReversal, backwardStats: ODEStats,
        storedBytes: Int
    ) {
        var result = ws.gradient
        ws.gradient.parameterGradient = []
        ws.gradient.initialStateGradient = []
        swap(&result.parameterGradient, &reversal.parameterCotangent)
        swap(&result.initialStateGradient, &reversal.stateCotangent)
        result.loss = pass.loss
        result.forwardStats = pass.stats
        result.backwardStats = backwardStats
        result.storedBytes = storedBytes
        ws.gradient = result
    }
}
