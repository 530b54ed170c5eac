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

    public typealias State = TrainingState<Double, ODETrainingRecord>

    /// The state before the first step, from the network's initial parameters.
    public func initialState(for net: Siren<Double>) -> State {
        State(parameters: net.parameters, adam: Adam<Double>(parameterCount: net.parameters.count, schedule: schedule))
    }

    /// Trains `net`, calling `progress` with every record (return false to stop); returns the history.
    public func train(_ net: inout Siren<Double>, loss: TimePINNLoss,
                      progress: (ODETrainingRecord) -> Bool = { _ in true }) -> [ODETrainingRecord] {
        var state = initialState(for: net)
        // Without a checkpoint writer nothing in `run` throws.
        _ = try? run(&state, network: &net, loss: loss, control: TrainingControl(), progress: progress)
        return state.history
    }

    /// Continues training from `state` until it finishes, a signal interrupts it (before a step), it
    /// stops early after repeated non-finite values (rollback and learning-rate backoff for Adam,
    /// history reset for L-BFGS; see `RecoveryPolicy`), or `progress` returns false. `net` receives
    /// the state's parameters at the end.
    /// - Throws: what `control.saveCheckpoint` throws.
    public func run(_ state: inout State, network net: inout Siren<Double>, loss: TimePINNLoss,
                    control: TrainingControl<Double, ODETrainingRecord>,
                    progress: (ODETrainingRecord) -> Bool = { _ in true }) throws -> TrainingOutcome {
        let count = net.architecture.parameterCount
        let lambda = loss.conditionWeight
        net.parameters = state.parameters
        defer {
            if state.phase != .adam, let x = state.lbfgs?.x { net.parameters = x }
            state.parameters = net.parameters
        }
        var gradient = [Double](repeating: 0, count: count)
        var good = LastGoodState<Double>(parameterCount: count), anchor = good
        var recovery = Recovery<Double>(policy: control.recovery, note: control.note)
        var lastSaved = state.history.count
        func saved() -> State {
            var copy = state
            copy.parameters = state.phase != .adam ? state.lbfgs?.x ?? net.parameters : net.parameters
            return copy
        }
        func record(_ phase: ODETrainingRecord.Phase, _ step: Int, _ terms: (residual: Double, condition: Double),
                    rate: Double) -> ODETrainingRecord {
            ODETrainingRecord(phase: phase, step: step, loss: terms.residual + lambda * terms.condition,
                              residual: terms.residual, condition: terms.condition, learningRate: rate)
        }
        var model = net
        var last = (residual: Double.nan, condition: Double.nan)
        let objective = { (x: [Double], g: inout [Double]) -> Double in
            model.parameters = x
            last = loss.evaluate(model, gradient: &g)
            return last.residual + lambda * last.condition
        }
        let optimizer = LBFGS<Double>()

        while state.phase == .adam {
            if let signal = try control.beforeStep(stepsTaken: state.history.count, lastSaved: &lastSaved, state: saved) {
                return .interrupted(signal: signal)
            }
            let step = state.step
            if step >= steps {
                guard lbfgsIterations > 0 else { state.phase = .finished; break }
                let start = optimizer.start(at: net.parameters, objective: objective)
                if !start.isFinite {
                    guard recovery.recover(&state, good: good, anchor: anchor, parameters: &net.parameters, what: "at the start of L-BFGS")
                    else { return .stoppedEarly(reason: recovery.reason) }
                    continue
                }
                state.lbfgs = start
                state.phase = .lbfgs
                break
            }
            let terms = loss.evaluate(net, gradient: &gradient)
            guard terms.residual.isFinite, terms.condition.isFinite, allFinite(gradient) else {
                guard recovery.recover(&state, good: good, anchor: anchor, parameters: &net.parameters, what: "at Adam step \(step)")
                else { return .stoppedEarly(reason: recovery.reason) }
                continue
            }
            good.capture(state, parameters: net.parameters)
            if control.recovery.isAnchor(step) || !anchor.isSet { anchor.capture(state, parameters: net.parameters) }
            let r = record(.adam, step, terms, rate: state.adam.currentRate)
            state.history.append(r)
            if !progress(r) { return .stoppedByCallback }
            state.adam.update(&net.parameters, gradient: gradient)
            state.step += 1
        }
        return try optimizer.runPhase(&state, iterations: lbfgsIterations, control: control, lastSaved: &lastSaved,
                                      recovery: &recovery, objective: objective, record: { iteration in
            // The accepted point is the line search's last evaluation, so `last` is current.
            record(.lbfgs, steps + iteration - 1, last, rate: 0)
        }, progress: progress)
    }
}
