import PinnNumerics

/// The second-order phase: Gauss–Newton steps on the objective as a sum of squares ‖ρ(θ)‖², damped
/// in the Levenberg–Marquardt way (see `DampedLeastSquares`), with a backtracking line search:
///
///     δ = (JᵀJ + μI)⁻¹ Jᵀρ   (or Jᵀ(JJᵀ + μI)⁻¹ρ when there are fewer residuals than parameters),
///     θ ← θ − αδ  for the first α in 1, 1/2, 1/4, … whose actual decrease of ‖ρ‖² is at least
///                 `acceptance` × the decrease the linear model predicts for it.
///
/// μ = `damping` × mean(diag JᵀJ) (`damping` is relative, so it does not depend on the scale of
/// the residuals). A full step (α = 1) with gain ratio ρ_g = actual/predicted decrease > 0.75 shrinks
/// the damping (÷3), one with ρ_g < 0.25 or a shortened step grows it (×2); when no step length
/// down to 2^−`lineSearchHalvings` decreases the loss enough (or the damped Gram matrix cannot be
/// factored), the step is not taken, the damping grows ×4 and the next iteration starts from the same
/// point. Every iteration is recorded, taken or not, with its μ and α (`GaussNewtonStep`). Trial
/// points cost one forward pass each (`sumOfSquares`); the Jacobian is formed once per taken step.
/// For least-squares PINN losses this is the energy natural gradient step (Müller & Zeinhofer,
/// ICML 2023) with Levenberg–Marquardt damping.
public struct GaussNewtonPhase: OptimiserPhase {
    public var iterations: Int
    /// The relative damping μ / mean(diag JᵀJ) at the start of the phase.
    public var initialDamping: Double
    /// The least ratio of actual to predicted decrease for a step length to be taken.
    public var acceptance: Double
    /// How many times the line search halves the step length before the step is not taken.
    public var lineSearchHalvings: Int
    /// The phase ends early (converged) when a step computed with at most the initial damping
    /// predicts a decrease of ‖ρ‖² below `tolerance` × ‖ρ‖² (0: never; it takes every iteration).
    public var tolerance: Double

    public static let defaultDamping = 1e-4

    public init(
        iterations: Int, initialDamping: Double = GaussNewtonPhase.defaultDamping, acceptance: Double = 1e-4,
        lineSearchHalvings: Int = 8, tolerance: Double = 0
    ) {
        self.iterations = iterations
        self.initialDamping = initialDamping
        self.acceptance = acceptance
        self.lineSearchHalvings = lineSearchHalvings
        self.tolerance = tolerance
    }

    public var kind: TrainingPhase { .gaussNewton }
    public var isEmpty: Bool { iterations <= 0 }

    /// Evaluates ‖ρ‖² at the live parameters; false when the objective is not a sum of squares or
    /// the loss is not finite.
    public func begin<Objective: TrainingObjective>(_ run: inout TrainingRun<Objective>) -> Bool {
        let x = run.objective.parameters
        guard let loss = run.objective.sumOfSquares(at: x, frozenAt: run.state), loss.isFinite else { return false }
        run.state.lbfgs = nil
        run.state.gaussNewton = GaussNewtonState(damping: initialDamping, loss: loss)
        return true
    }

    public func run<Objective: TrainingObjective>(
        _ run: inout TrainingRun<Objective>,
        progress: (Objective.Record) -> Bool
    ) throws -> TrainingOutcome? {
        let count = run.objective.parameters.count
        var rho: [Double] = [], jacobian: [Double] = []
        var base = run.objective.parameters, trial = base
        guard run.state.phase == .gaussNewton,
            run.objective.leastSquares(at: base, residuals: &rho, jacobian: &jacobian, frozenAt: run.state)
        else { return nil }
        // The loss steps are measured against is ‖ρ‖² of the point's own residuals: an objective whose
        // weights follow the iterate (causal weighting) changes its function at each taken step.
        run.state.gaussNewton?.loss = Self.sumOfSquares(rho)
        while run.state.phase == .gaussNewton, var state = run.state.gaussNewton {
            if state.iteration >= iterations { return nil }
            if let signal = try run.beforeStep() { return .interrupted(signal: signal) }
            state.iteration += 1
            let damping = state.damping
            copyContents(of: run.objective.parameters, into: &base)
            var length = 0.0, gain = 0.0
            let step = try? DampedLeastSquares.step(
                jacobian: jacobian, rho: rho, parameters: count,
                damping: damping * meanGramDiagonal(jacobian, parameters: count))
            if tolerance > 0, damping <= initialDamping, let decrease = step?.predictedDecrease(), decrease.isFinite,
                decrease <= tolerance * state.loss
            {
                return nil
            }
            if let step, step.predictedDecrease() > 0, step.predictedDecrease().isFinite {
                var alpha = 1.0
                for _ in 0...lineSearchHalvings {
                    for i in 0..<count { trial[i] = base[i] - Objective.Scalar(alpha * step.delta[i]) }
                    let value = run.objective.sumOfSquares(at: trial, frozenAt: run.state) ?? .nan
                    let predicted = step.predictedDecrease(length: alpha)
                    if value.isFinite, predicted > 0, state.loss - value >= acceptance * predicted {
                        (length, gain) = (alpha, (state.loss - value) / predicted)
                        break
                    }
                    alpha /= 2
                }
            }
            if length > 0 {
                // The new point; its residuals and Jacobian for the next step.
                copyContents(of: trial, into: &run.objective.parameters)
                guard run.objective.leastSquares(at: trial, residuals: &rho, jacobian: &jacobian, frozenAt: run.state)
                else { return nil }
                state.loss = Self.sumOfSquares(rho)
                if length == 1, gain > 0.75 {
                    state.damping = max(damping / 3, 1e-15)
                } else if length < 1 || gain < 0.25 {
                    state.damping = min(damping * 2, 1e12)
                }
            } else {
                // Not taken: the same point (trial evaluations moved the objective's network), more damping.
                copyContents(of: base, into: &run.objective.parameters)
                state.damping = min(damping * 4, 1e12)
            }
            state.lastStep = GaussNewtonStep(damping: damping, stepLength: length)
            run.state.gaussNewton = state
            let record = run.objective.deterministicRecord(
                phase: .gaussNewton, step: run.state.history.count, state: run.state)
            run.state.history.append(record)
            if !progress(record) { return .stoppedByCallback }
        }
        return nil
    }

    /// ‖ρ‖².
    private static func sumOfSquares(_ rho: [Double]) -> Double { rho.reduce(0) { $0 + $1 * $1 } }

    /// ‖J‖²_F / P: the mean diagonal entry of JᵀJ, the scale of the damping.
    private func meanGramDiagonal(_ jacobian: [Double], parameters p: Int) -> Double {
        let sum = jacobian.reduce(0) { $0 + $1 * $1 }
        return max(sum / Double(max(1, p)), .leastNormalMagnitude)
    }
}
