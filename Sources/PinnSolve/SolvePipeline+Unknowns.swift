import PinnBinding
import PinnNumerics
import PinnResults
import PinnTraining

extension SolvePipeline {
    /// The relative damping μ of the network block in the unknowns' covariance (see
    /// `MarginalCovariance`): a weak prior on the network's weights, so that the many directions
    /// of weight space that change no residual do not make the information on the unknowns vanish.
    static var covarianceDamping: Double { 1e-8 }

    /// The unknowns' values at the end of training (the last m entries of the state's parameters
    /// are their trainables), in `problem.unknownNames` order.
    func learnedUnknowns(_ trained: Trained) -> [Double] {
        let maps = problem.unknownMaps
        return PDEObjective<T>.values(of: Array(trained.state.parameters.suffix(maps.count)), maps: maps)
    }

    /// This pipeline with the problem bound at the learned unknowns (itself for a forward problem),
    /// and why that failed, if it did (then the result has no reference).
    func learnedPipeline(_ trained: Trained) -> (pipeline: SolvePipeline, failure: String?) {
        let names = problem.unknownNames
        guard !names.isEmpty else { return (self, nil) }
        var pipeline = self
        do {
            pipeline.problem = try problem.withUnknowns(
                Dictionary(uniqueKeysWithValues: zip(names, learnedUnknowns(trained))))
        } catch {
            return (self, "the problem could not be bound with the learned unknowns: \(error)")
        }
        return (pipeline, nil)
    }

    /// The learned unknowns with their standard errors: the Gauss–Newton (Laplace) covariance of the
    /// whole least-squares loss ‖ρ‖² = L_r + λ·L_b + w·L_d at the end of training, on the batch
    /// training ended on. With χ² = Σ_i (u(x_i) − u_i)²/σ² + (M/(wσ²))·(L_r + λ·L_b) (the PDE and
    /// boundary terms weighted as in training), Cov(p) = (wσ²/M)·[(JᵀJ)⁻¹]_pp with J = ∂ρ/∂(θ, p)
    /// (`MarginalCovariance`, the network block damped by `covarianceDamping`). σ is the stated
    /// noise, else estimated from the data misfit, σ̂² = Σ_i (u(x_i) − u_i)² / (M − m).
    func unknownEstimates(_ trained: Trained) -> UnknownEstimates? {
        let names = problem.unknownNames, maps = problem.unknownMaps
        guard !names.isEmpty else { return nil }
        let m = names.count
        let q = Array(trained.state.parameters.suffix(m))
        var objective = PDEObjective(
            network: trained.net, loss: trained.loss, weighting: .fixed(trained.state.lossWeight),
            unknownMaps: maps, unknownTrainables: q)
        let s = objective.unknownSensitivities(boundaryWeight: trained.state.lossWeight)
        let rows = s.residuals.count, count = trained.net.architecture.parameterCount
        let dataCount = trained.loss.measurements?.points.cols ?? 0
        let weight = problem.dataWeight
        var misfit = 0.0
        for r in s.residuals.suffix(dataCount) { misfit += r * r }
        misfit *= Double(dataCount) / max(weight, .leastNormalMagnitude)
        let stated = problem.file.measurements?.noise ?? 0
        let sigma = stated > 0 ? stated : (misfit / Double(max(1, dataCount - m))).squareRoot()
        let covariance = MarginalCovariance(
            network: s.network, unknowns: s.unknowns, rows: rows, parameters: count, damping: Self.covarianceDamping,
            scale: weight * sigma * sigma / Double(max(1, dataCount)))
        return UnknownEstimates(
            names: names, values: PDEObjective<T>.values(of: q, maps: maps), initial: problem.initialUnknowns,
            covariance: covariance, history: trained.state.history.map(\.unknowns),
            trueValues: names.map { problem.file.unknowns[$0]?.trueValue }, noise: sigma, noiseStated: stated > 0,
            damping: Self.covarianceDamping)
    }
}
