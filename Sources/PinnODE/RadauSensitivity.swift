/// The loss L = (1/M) Σ_i ‖z(t_i) − y_i‖² of a trajectory of dz/dt = f(z, t; θ) integrated by Radau IIA 5
/// (`RadauIntegrator`, Newton with the field's Jacobian ∂f/∂z), and its gradient with respect to θ and
/// z(t₀) by either strategy of `GradientMethod`:
///
/// - `.backpropagation`: the discrete adjoint of the implicit steps (`backpropagationGradient`), exact
///   for the computed trajectory; memory grows with the number of steps (three stage points per step).
/// - `.adjoint`: the continuous adjoint integrated backward with Radau IIA (`adjointGradient`), the
///   state taken from checkpoints of the forward solve (one per `checkpointInterval` steps) re-solved
///   one segment at a time; memory is n + 2 numbers per checkpoint plus one segment's dense output, a
///   small fraction of backpropagation's.
///
/// Like the Dormand–Prince forward solve of `NeuralODE`, the solve stops exactly at every observation
/// time, so the loss sees step endpoints.
struct RadauSensitivity<Field: DifferentiableVectorField> {
    var field: Field
    var options: AdaptiveOptions
    /// Accepted forward steps between two checkpoints of the adjoint.
    var checkpointInterval = 100

    /// Points of the forward solve from which the adjoint re-solves the state: every
    /// `checkpointInterval`-th accepted step's end, with the step size the solver proposed there.
    struct Checkpoints {
        var times: [Double] = []
        var steps: [Double] = []
        /// State k at `k·n ..< (k + 1)·n`.
        var states: [Double] = []

        var bytes: Int { MemoryLayout<Double>.stride * (times.count + steps.count + states.count) }
    }

    /// The forward solve's result: z(t_i) flat (observation i at `i·n ..< (i + 1)·n`), L, the work and
    /// the integrator's working bytes.
    struct ForwardPass {
        var states: [Double]
        var loss: Double
        var stats: ODEStats
        var workingBytes: Int
    }

    /// Solves from t₀ through every t_i, recording each accepted step's stage points Y₁, Y₂, Y₃
    /// (Y₃ = y₊) on `tape` and every `checkpointInterval`-th step on `checkpoints` when given.
    func forward(
        _ data: ObservedTrajectory, tape: inout RungeKuttaTape?, checkpoints: inout Checkpoints?
    ) throws(ODEError) -> ForwardPass {
        let n = field.stateDimension
        var stagePoints = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
        let (f, jacobian) = field.solverFunctions()
        var integrator = RadauIntegrator(stateDimension: n)
        let end = data.times.last ?? data.startTime
        try integrator.restart(f, t0: data.startTime, y0: data.initialState, end: end, options: options)
        var states = [Double]()
        states.reserveCapacity(data.times.count * n)
        for t in data.times {
            try integrator.advance(to: t, f, jacobian: jacobian) { step in
                if checkpoints != nil, step.stats.acceptedSteps % checkpointInterval == 0 {
                    checkpoints?.times.append(step.t)
                    checkpoints?.steps.append(step.proposedStep)
                    checkpoints?.states.append(contentsOf: step.y)
                }
                guard tape != nil else { return }
                for s in 0..<3 {
                    for j in 0..<n { stagePoints[s][j] = step.previous[j] + step.increments[s][j] }
                }
                tape?.record(start: step.lastStepStart, size: step.lastStepSize, stageInputs: stagePoints)
            }
            tape?.markObservation()
            states.append(contentsOf: integrator.y)
        }
        return ForwardPass(
            states: states, loss: data.loss(states: states), stats: integrator.stats,
            workingBytes: integrator.workingBytes)
    }

    /// The forward solve without records.
    func forward(_ data: ObservedTrajectory) throws(ODEError) -> ForwardPass {
        var tape: RungeKuttaTape? = nil, checkpoints: Checkpoints? = nil
        return try forward(data, tape: &tape, checkpoints: &checkpoints)
    }

    /// L and its gradient by `method`.
    func lossAndGradient(for data: ObservedTrajectory, method: GradientMethod) throws(ODEError)
        -> NeuralODEGradient
    {
        try data.validate(stateDimension: field.stateDimension)
        switch method {
        case .adjoint: return try adjointGradient(data)
        case .backpropagation: return try backpropagationGradient(data)
        }
    }
}
