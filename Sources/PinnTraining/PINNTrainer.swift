import PinnNetwork
import PinnNumerics

/// One logged point of training.
public struct TrainingRecord: Equatable, Sendable, Codable {
    public enum Phase: String, Codable, Sendable { case adam, lbfgs }
    public var phase: Phase
    public var step: Int
    public var terms: LossTerms
    public var boundaryWeight: Double
    public var learningRate: Double
    /// L_r + λ·L_b.
    public var total: Double { terms.residual + boundaryWeight * terms.boundary }
}

/// Trains a SIREN on a `PDELoss`: Adam for `adamSteps` (with loss weighting and optional resampling
/// of the collocation points), then L-BFGS on the last points for `lbfgsIterations` (λ frozen).
public struct PINNTrainer<T: PinnScalar> {
    public var adamSteps: Int
    public var schedule: LearningRateSchedule
    public var lbfgsIterations: Int
    public var weighting: LossWeighting
    /// Resample the collocation points every this many Adam steps (0: never).
    public var resampleEvery: Int

    public init(adamSteps: Int, schedule: LearningRateSchedule, lbfgsIterations: Int,
                weighting: LossWeighting, resampleEvery: Int = 0) {
        self.adamSteps = adamSteps
        self.schedule = schedule
        self.lbfgsIterations = lbfgsIterations
        self.weighting = weighting
        self.resampleEvery = resampleEvery
    }

    /// Runs the training. `resample(step)` returns new batches when called (every `resampleEvery`
    /// steps); `progress` receives every record and may return false to stop.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func train(_ net: inout Siren<T>, loss: inout PDELoss<T>,
                      resample: (Int) -> PDELoss<T>? = { _ in nil },
                      progress: (TrainingRecord) -> Bool = { _ in true }) -> [TrainingRecord] {
        var records: [TrainingRecord] = []
        let count = net.architecture.parameterCount
        var gr = [T](repeating: 0, count: count), gb = gr, g = gr
        var adam = Adam<T>(parameterCount: count, schedule: schedule)
        var lambda = weighting.initialWeight
        for step in 0..<adamSteps {
            if resampleEvery > 0, step > 0, step % resampleEvery == 0, let fresh = resample(step) { loss = fresh }
            let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
            lambda = weighting.updated(lambda, step: step, residualGradient: gr, boundaryGradient: gb)
            let record = TrainingRecord(phase: .adam, step: step, terms: terms, boundaryWeight: lambda,
                                        learningRate: adam.currentRate)
            records.append(record)
            if !progress(record) { return records }
            let l = T(lambda)
            for i in 0..<count { g[i] = gr[i] + l * gb[i] }
            adam.update(&net.parameters, gradient: g)
        }
        guard lbfgsIterations > 0 else { return records }
        var params = net.parameters
        var model = net
        let frozenLambda = lambda
        let lossCopy = loss
        var lastTerms = LossTerms(residual: .nan, boundary: .nan)
        _ = LBFGS<T>().minimize(&params, maxIterations: lbfgsIterations, objective: { x, grad in
            model.parameters = x
            lastTerms = lossCopy.evaluate(model, residualGradient: &gr, boundaryGradient: &gb)
            let l = T(frozenLambda)
            for i in 0..<count { grad[i] = gr[i] + l * gb[i] }
            return lastTerms.residual + frozenLambda * lastTerms.boundary
        }, callback: { iteration, _ in
            // The line search's accepted point is always its last evaluation, so `lastTerms` is current.
            let record = TrainingRecord(phase: .lbfgs, step: adamSteps + iteration, terms: lastTerms,
                                        boundaryWeight: frozenLambda, learningRate: 0)
            records.append(record)
            return progress(record)
        })
        net.parameters = params
        return records
    }
}
