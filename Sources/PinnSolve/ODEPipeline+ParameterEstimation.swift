import PinnBinding
import PinnNumerics
import PinnODE
import PinnProblems
import PinnResults
import PinnTraining

extension ODEPipeline {
    /// The method parameter estimation integrates the system and its sensitivities with: the file's
    /// solver (dopri5, radau5 or auto — auto switching to Radau IIA when the system turns stiff; rk4
    /// and euler with `step`) at its tolerances.
    public var fitMethod: ODEMethod {
        let s = file.solver
        let options = AdaptiveOptions(
            relativeTolerance: s.rtol, absoluteTolerance: s.atol, maxSteps: s.maxSteps, initialStep: s.step)
        let steps = { (h: Double) in max(1, Int((file.span.length / h).rounded(.up))) }
        switch s.method {
        case .dopri5: return .dormandPrince(options)
        case .radau5: return .radau5(options)
        case .auto: return .auto(options)
        case .rk4: return .rk4(steps: steps(s.step ?? file.span.length))
        case .euler: return .euler(steps: steps(s.step ?? file.span.length))
        }
    }

    /// The parameter-estimation objective of the training observations `data`.
    public func parameterFit(on data: ObservationTable, initialStates: [[Double]]) throws(ODEPipelineError)
        -> ODEParameterFitObjective
    {
        let field: ExpressionVectorField
        do {
            field = try ExpressionVectorField(file)
        } catch {
            throw .unsupported(path: error.path, message: error.message)
        }
        let names = file.unknownNames
        return ODEParameterFitObjective(
            field: field, maps: names.map { file.unknowns[$0]?.parametrisation ?? .identity },
            initial: names.map { file.unknowns[$0]?.initial ?? .nan }, data: data, startTime: file.span.start,
            initialStates: initialStates, method: fitMethod)
    }

    /// Where the fit starts: the initial guesses, or the gradient-matching estimate
    /// (`ODEParameterFitObjective.matchingRates`) when its trajectories fit the observations better.
    func startingPoint(_ objective: inout ODEParameterFitObjective, data: ObservationTable) -> [Double] {
        let guess = objective.parameters
        guard let matched = objective.matchingRates(of: data) else { return guess }
        let state = TrainingState<Double, ODETrainingRecord>(
            parameters: guess, adam: Adam<Double>(parameterCount: guess.count, schedule: .constant(rate: 0)))
        let atGuess = objective.sumOfSquares(at: guess, frozenAt: state) ?? .nan
        let atMatched = objective.sumOfSquares(at: matched, frozenAt: state) ?? .nan
        return atMatched < atGuess || (atGuess.isNaN && atMatched.isFinite) ? matched : guess
    }

    /// The training loop of parameter estimation: the file's Adam steps (default none), L-BFGS
    /// iterations (none) and Gauss–Newton iterations (at most 100; ends when converged) on the whole
    /// training series.
    func parameterFitLoop() -> TrainingLoop {
        TrainingLoop(phases: [
            AdamPhase(steps: file.training.steps), LBFGSPhase(iterations: file.training.lbfgsIterations),
            GaussNewtonPhase(
                iterations: file.training.gaussNewtonIterations, tolerance: Self.gaussNewtonTolerance)
        ])
    }

    /// Parameter estimation's Gauss–Newton phase ends when a step predicts a relative decrease of the
    /// loss below this (the unknowns have then converged far below their standard errors).
    public static var gaussNewtonTolerance: Double { 1e-10 }

    /// The fitted unknowns with their standard errors and correlations: Cov(p) = σ²(SᵀS)⁻¹ with S the
    /// sensitivities ∂z_j(t_i)/∂p of every observed value at the optimum (`MarginalCovariance` with no
    /// nuisance parameters), σ the stated noise or σ̂² = Σ r² / (N − m) from the N residuals.
    public func unknownEstimates(_ objective: ODEParameterFitObjective, history: [ODETrainingRecord])
        -> UnknownEstimates
    {
        var objective = objective
        let names = file.unknownNames, m = names.count
        let p = objective.values(of: objective.parameters)
        let r = try? objective.residualsAndSensitivities(at: p)
        let rows = r?.residuals.count ?? 0
        let misfit = (r?.residuals ?? []).reduce(0) { $0 + $1 * $1 } * Double(rows)
        let stated = file.observations.statedNoise
        let sigma = stated ?? (misfit / Double(max(1, rows - m))).squareRoot()
        let covariance = MarginalCovariance(
            network: [], unknowns: r?.jacobian ?? [Double](repeating: .nan, count: m), rows: max(rows, 1),
            parameters: 0, damping: 0, scale: sigma * sigma / Double(max(1, rows)))
        return UnknownEstimates(
            names: names, values: p, initial: names.map { file.unknowns[$0]?.initial ?? .nan },
            covariance: covariance, history: history.map(\.unknowns),
            trueValues: names.map { file.unknowns[$0]?.trueValue }, noise: sigma, noiseStated: stated != nil,
            damping: 0, method: UnknownEstimates.odeMethod)
    }
}
