import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// Trains a PINN in time on a `TimePINNLoss`: Adam for `steps` steps (cosine decay of the learning
/// rate to 1 % of it), then L-BFGS with a strong-Wolfe line search for `lbfgsIterations` iterations on
/// the same loss.
public struct TimePINNTrainer: Sendable {
    public var steps: Int
    public var schedule: LearningRateSchedule
    public var lbfgsIterations: Int

    public init(steps: Int, schedule: LearningRateSchedule, lbfgsIterations: Int) {
        self.steps = steps
        self.schedule = schedule
        self.lbfgsIterations = lbfgsIterations
    }

    /// The trainer a problem file's settings describe.
    public init(settings t: ODEProblemFile.TrainingSettings) {
        self.init(steps: t.steps, schedule: .cosine(rate: t.learningRate, floor: t.learningRate / 100, steps: t.steps),
                  lbfgsIterations: t.lbfgsIterations)
    }

    /// Trains `net`, calling `progress` with every record (return false to stop); returns the history.
    public func train(_ net: inout Siren<Double>, loss: TimePINNLoss,
                      progress: (ODETrainingRecord) -> Bool = { _ in true }) -> [ODETrainingRecord] {
        let count = net.architecture.parameterCount
        let lambda = loss.conditionWeight
        var gradient = [Double](repeating: 0, count: count)
        var adam = Adam<Double>(parameterCount: count, schedule: schedule)
        var history: [ODETrainingRecord] = []
        func record(_ phase: ODETrainingRecord.Phase, _ step: Int, _ terms: (residual: Double, condition: Double),
                    rate: Double) -> ODETrainingRecord {
            ODETrainingRecord(phase: phase, step: step, loss: terms.residual + lambda * terms.condition,
                              residual: terms.residual, condition: terms.condition, learningRate: rate)
        }
        for step in 0..<steps {
            let terms = loss.evaluate(net, gradient: &gradient)
            let r = record(.adam, step, terms, rate: adam.currentRate)
            history.append(r)
            if !progress(r) { return history }
            adam.update(&net.parameters, gradient: gradient)
        }
        guard lbfgsIterations > 0 else { return history }
        var parameters = net.parameters
        var model = net
        var last = (residual: Double.nan, condition: Double.nan)
        let adamSteps = steps
        _ = LBFGS<Double>().minimize(&parameters, maxIterations: lbfgsIterations, objective: { x, g in
            model.parameters = x
            last = loss.evaluate(model, gradient: &g)
            return last.residual + lambda * last.condition
        }, callback: { iteration, _ in
            // The accepted point is the line search's last evaluation, so `last` is current.
            let r = record(.lbfgs, adamSteps + iteration - 1, last, rate: 0)
            history.append(r)
            return progress(r)
        })
        net.parameters = parameters
        return history
    }
}
