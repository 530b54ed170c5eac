import PinnNumerics

/// The second-order phase: Gauss–Newton steps on the objective as a sum of squares ‖ρ(θ)‖², damped
/// in the Levenberg–Marquardt way (see `DampedLeastSquares`):
///
///     δ = (JᵀJ + μI)⁻¹ Jᵀρ   (or Jᵀ(JJᵀ + μI)⁻¹ρ when there are fewer residuals than parameters),
///     θ ← θ − δ  when the actual decrease is at least `acceptance` × the predicted one.
///
/// μ = `damping` × mean(diag JᵀJ) (`damping` is relative, so it does not depend on the scale of
/// the residuals). After an accepted step with gain ratio ρ_g = actual/predicted decrease the damping
/// shrinks (÷3 for ρ_g > 0.75) or grows (×2 for ρ_g < 0.25); a rejected step (or a Gram matrix that
/// cannot be factored) multiplies it by 4 and retries from the same point. Every iteration counts,
/// taken or not, so the phase ends after `iterations`; only taken steps are recorded. For least-squares
/// PINN losses this is the energy natural gradient step (Müller & Zeinhofer, ICML 2023) with
/// Levenberg–Marquardt damping in place of a line search.
public struct GaussNewtonPhase: OptimiserPhase {
    public var iterations: Int
    /// The relative damping μ / mean(diag JᵀJ) at the start of the phase.
    public var initialDamping: Double
    /// The least ratio of actual to predicted decrease for a step to be taken.
    public var acceptance: Double

    public init(iterations: Int, initialDamping: Double = 1e-4, acceptance: Double = 1e-4) {
        self.iterations = iterations
        self.initialDamping = initialDamping
        self.acceptance = acceptance
    }

    public var kind: TrainingPhase { .gaussNewton }
    public var isEmpty: Bool { iterations <= 0 }

    /// Evaluates ρ at the live parameters; false when the objective is not a sum of squares or ρ
    /// is not finite.
    public func begin<Objective: TrainingObjective>(_ run: inout TrainingRun<Objective>) -> Bool {
        var rho: [Double] = [], jacobian: [Double] = []
        let x = run.objective.parameters
        guard run.objective.leastSquares(at: x, residuals: &rho, jacobian: &jacobian, frozenAt: run.state) else {
            return false
        }
        let loss = sumOfSquares(rho)
        guard loss.isFinite else { return false }
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
        var trialRho: [Double] = [], trialJacobian: [Double] = []
        var base = run.objective.parameters, trial = base
        guard run.state.phase == .gaussNewton,
            run.objective.leastSquares(at: base, residuals: &rho, jacobian: &jacobian, frozenAt: run.state)
        else { return nil }
        while run.state.phase == .gaussNewton, var state = run.state.gaussNewton {
            if state.iteration >= iterations { return nil }
            if let signal = try run.beforeStep() { return .interrupted(signal: signal) }
            state.iteration += 1
            /// A step not taken: more damping, the same point.
            func reject() {
                state.damping = min(state.damping * 4, 1e12)
                run.state.gaussNewton = state
            }
            let scale = meanGramDiagonal(jacobian, parameters: count)
            guard
                let step = try? DampedLeastSquares.step(
                    jacobian: jacobian, rho: rho, parameters: count, damping: state.damping * scale),
                step.predictedDecrease > 0, step.predictedDecrease.isFinite
            else {
                reject()
                continue
            }
            copyContents(of: run.objective.parameters, into: &base)
            for i in 0..<count { trial[i] = base[i] - Objective.Scalar(step.delta[i]) }
            let evaluated = run.objective.leastSquares(
                at: trial, residuals: &trialRho, jacobian: &trialJacobian, frozenAt: run.state)
            let trialLoss = evaluated ? sumOfSquares(trialRho) : .nan
            let gain = (state.loss - trialLoss) / step.predictedDecrease
            let taken = trialLoss.isFinite && gain >= acceptance
            // The evaluation may have moved the objective's network: the live parameters are the
            // trial point if the step is taken, the base otherwise.
            copyContents(of: taken ? trial : base, into: &run.objective.parameters)
            guard taken else {
                reject()
                continue
            }
            swap(&rho, &trialRho)
            swap(&jacobian, &trialJacobian)
            state.loss = trialLoss
            if gain > 0.75 { state.damping = max(state.damping / 3, 1e-15) }
            if gain < 0.25 { state.damping = min(state.damping * 2, 1e12) }
            run.state.gaussNewton = state
            let record = run.objective.deterministicRecord(
                phase: .gaussNewton, step: run.state.history.count, state: run.state)
            run.state.history.append(record)
            if !progress(record) { return .stoppedByCallback }
        }
        return nil
    }

    private func sumOfSquares(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 } }

    /// ‖J‖²_F / P: the mean diagonal entry of JᵀJ, the scale of the damping.
    private func meanGramDiagonal(_ jacobian: [Double], parameters p: Int) -> Double {
        max(sumOfSquares(jacobian) / Double(max(1, p)), .leastNormalMagnitude)
    }
}
