import PinnNetwork

/// Reverse-mode differentiation of explicit Runge–Kutta steps recorded on a `RungeKuttaTape`, one step
/// at a time, last first.
///
/// For a step y₊ = y + h Σ_i b_i k_i, k_i = f(t + c_i h, Y_i), Y_i = y + h Σ_{j<i} a_ij k_j, with the
/// step size a constant, the reverse sweep, given ȳ₊ = ∂L/∂y₊, sets k̄_i = h b_i ȳ₊, ȳ = ȳ₊, and for
/// i = s…1:
///
///     Ȳ_i = (∂f/∂Y)ᵀ k̄_i,   θ̄ += (∂f/∂θ)ᵀ k̄_i,   ȳ += Ȳ_i,   k̄_j += h a_ij Ȳ_i  (j < i),
///
/// one vector–Jacobian product of f per stage at the taped Y_i. Then ȳ = ∂L/∂y: the exact gradient of
/// the discrete step. Memory: s + 4 arrays of the state's size besides θ̄.
struct RungeKuttaReversal {
    /// The method the taped steps were taken with.
    private(set) var tableau: ButcherTableau
    /// ∂L/∂y at the end of the next step to reverse; after `reverse`, at that step's start.
    var stateCotangent: [Double] = []
    /// θ̄ = ∂L/∂θ, accumulated over the reversed steps.
    var parameterCotangent: [Double] = []
    /// The steps reversed and the vector–Jacobian products taken.
    private(set) var stats = ODEStats()
    private var stageCotangents: [[Double]] = []
    private var before: [Double] = [], stageBar: [Double] = [], stageInput: [Double] = [], value: [Double] = []

    init(tableau: ButcherTableau) { self.tableau = tableau }

    /// Starts a new sweep: ȳ, θ̄ and the counters zero, the arrays sized for `n` states, `p` parameters
    /// and `tableau`'s stages (kept when they already are).
    mutating func reset(tableau: ButcherTableau, stateDimension n: Int, parameterCount p: Int) {
        let s = tableau.stageCount
        self.tableau = tableau
        if stageCotangents.count != s { stageCotangents = (0..<s).map { _ in [Double](repeating: 0, count: n) } }
        for i in 0..<s { stageCotangents[i].resize(to: n) }
        before.resize(to: n); stageBar.resize(to: n); stageInput.resize(to: n); value.resize(to: n)
        stateCotangent.resize(to: n)
        parameterCotangent.resize(to: p)
        for j in 0..<n { stateCotangent[j] = 0 }
        for j in 0..<p { parameterCotangent[j] = 0 }
        stats = ODEStats()
    }

    /// Reverses step `step` of `tape` (taken by `field`): `stateCotangent` goes from ∂L/∂y₊ to ∂L/∂y, and
    /// the step's share of ∂L/∂θ is added to `parameterCotangent`.
    mutating func reverse<Field: DifferentiableVectorField>(
        step: Int, of tape: RungeKuttaTape, field: Field, workspace: inout Field.Workspace
    ) {
        let n = stateCotangent.count, s = tableau.stageCount
        let t = tape.starts[step], h = tape.sizes[step]
        for i in 0..<s {
            let weight = h * tableau.b[i]
            for j in 0..<n { stageCotangents[i][j] = weight * stateCotangent[j] }
        }
        for j in 0..<n { before[j] = stateCotangent[j] }
        for i in stride(from: s - 1, through: 0, by: -1) {
            tape.stageInput(step: step, stage: i, into: &stageInput)
            for j in 0..<n { stageBar[j] = 0 }
            field.vectorJacobianProduct(
                at: stageInput, t: t + tableau.c[i] * h, cotangent: stageCotangents[i], value: &value,
                stateGradient: &stageBar, parameterGradient: &parameterCotangent, workspace: &workspace)
            stats.functionEvaluations += 1
            for j in 0..<n { before[j] += stageBar[j] }
            let row = tableau.a[i]
            for m in 0..<i where row[m] != 0 {
                let weight = h * row[m]
                for j in 0..<n { stageCotangents[m][j] += weight * stageBar[j] }
            }
        }
        swap(&stateCotangent, &before)
        stats.acceptedSteps += 1
    }

    /// Bytes of the sweep's arrays besides θ̄ (s stage cotangents and four state-sized buffers, ȳ).
    var bytes: Int { MemoryLayout<Double>.stride * stateCotangent.count * (tableau.stageCount + 5) }
}
