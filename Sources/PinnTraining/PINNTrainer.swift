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

    public init(phase: Phase, step: Int, terms: LossTerms, boundaryWeight: Double, learningRate: Double) {
        self.phase = phase
        self.step = step
        self.terms = terms
        self.boundaryWeight = boundaryWeight
        self.learningRate = learningRate
    }
}

/// Trains a SIREN on a `PDELoss`: Adam for `adamSteps` (with loss weighting and optional resampling
/// of the collocation points), then L-BFGS on the last points for `lbfgsIterations` (λ frozen).
///
/// `run` continues from a `TrainingState` and consults a `TrainingControl` before every step, so a
/// run can be checkpointed, interrupted and resumed to the same bits, and recovers from a non-finite
/// loss or gradient by rolling back and lowering the learning rate (see `RecoveryPolicy`).
public struct PINNTrainer<T: PinnScalar> {
    public typealias State = TrainingState<T, TrainingRecord>
    public var adamSteps: Int
    public var schedule: LearningRateSchedule
    public var lbfgsIterations: Int
    public var weighting: LossWeighting
    /// Resample the collocation points every this many Adam steps (0: never).
    public var resampleEvery: Int
    /// Per-parameter multipliers of Adam's rate (`Adam.rateMultipliers`), such as meta-learned ones; nil: none.
    public var rateMultipliers: [T]?

    public init(adamSteps: Int, schedule: LearningRateSchedule, lbfgsIterations: Int,
                weighting: LossWeighting, resampleEvery: Int = 0) {
        self.adamSteps = adamSteps
        self.schedule = schedule
        self.lbfgsIterations = lbfgsIterations
        self.weighting = weighting
        self.resampleEvery = resampleEvery
    }

    /// The state before the first step, from the network's initial parameters.
    public func initialState(for net: Siren<T>) -> State {
        var adam = Adam<T>(parameterCount: net.parameters.count, schedule: schedule)
        adam.rateMultipliers = rateMultipliers
        return State(parameters: net.parameters, adam: adam, lossWeight: weighting.initialWeight)
    }

    /// Runs the training from scratch. `resample(step)` returns new batches when called (every
    /// `resampleEvery` steps); `progress` receives every record and may return false to stop.
    public func train(_ net: inout Siren<T>, loss: inout PDELoss<T>,
                      resample: (Int) -> PDELoss<T>? = { _ in nil },
                      progress: (TrainingRecord) -> Bool = { _ in true }) -> [TrainingRecord] {
        var state = initialState(for: net)
        // Without a checkpoint writer nothing in `run` throws.
        _ = try? run(&state, network: &net, loss: &loss, resample: resample, control: TrainingControl(), progress: progress)
        return state.history
    }

    /// Continues training from `state` until it finishes, a signal interrupts it (before a step), it
    /// stops early after repeated non-finite values, or `progress` returns false. `net` supplies the
    /// architecture and receives the state's parameters at the end; `loss` is the batch current at
    /// `state` (the initial batch; `run` redraws a resampled one through `resample`).
    /// - Throws: what `control.saveCheckpoint` throws.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func run(_ state: inout State, network net: inout Siren<T>, loss: inout PDELoss<T>,
                    resample: (Int) -> PDELoss<T>? = { _ in nil }, control: TrainingControl<T, TrainingRecord>,
                    progress: (TrainingRecord) -> Bool = { _ in true }) throws -> TrainingOutcome {
        let count = net.architecture.parameterCount
        precondition(state.parameters.count == count, "the state has \(state.parameters.count) parameters, the network \(count)")
        // The live parameters are the network's; `state.parameters` is brought up to date at the end
        // and in every saved copy.
        net.parameters = state.parameters
        defer {
            if state.phase != .adam, let x = state.lbfgs?.x { net.parameters = x }
            state.parameters = net.parameters
        }
        let initialLoss = loss
        var lossSamplingStep = 0
        /// Makes `loss` the batch of `state.samplingStep` (after a resume or a rollback).
        func redrawIfNeeded() {
            guard state.samplingStep != lossSamplingStep else { return }
            if state.samplingStep == 0 {
                loss = initialLoss
            } else if let drawn = resample(state.samplingStep) {
                loss = drawn
            }
            lossSamplingStep = state.samplingStep
        }
        redrawIfNeeded()
        var gr = [T](repeating: 0, count: count), gb = gr, g = gr
        var good = LastGoodState<T>(parameterCount: count), anchor = good
        var lastSaved = state.history.count
        var recovery = Recovery<T>(policy: control.recovery, note: control.note)

        func saved() -> State {
            var copy = state
            copy.parameters = state.phase != .adam ? state.lbfgs?.x ?? net.parameters : net.parameters
            return copy
        }
        /// Rolls back after a non-finite value found `what`; false when no recovery is left.
        func rollBack(_ what: String) -> Bool {
            let recovered = recovery.recover(&state, good: good, anchor: anchor, parameters: &net.parameters, what: what)
            redrawIfNeeded()
            return recovered
        }

        // Adam.
        while state.phase == .adam {
            if let signal = try control.beforeStep(stepsTaken: state.history.count, lastSaved: &lastSaved, state: saved) {
                return .interrupted(signal: signal)
            }
            let step = state.step
            if step >= adamSteps {
                guard lbfgsIterations > 0 else { state.phase = .finished; break }
                let start = startLBFGS(at: net.parameters, loss: loss, network: net, lossWeight: state.lossWeight)
                if !start.isFinite {
                    if !rollBack("at the start of L-BFGS") { return .stoppedEarly(reason: recovery.reason) }
                    continue
                }
                state.lbfgs = start
                state.phase = .lbfgs
                break
            }
            if resampleEvery > 0, step > 0, step % resampleEvery == 0, step != state.samplingStep,
               let fresh = resample(step) {
                loss = fresh
                state.samplingStep = step
                lossSamplingStep = step
            }
            let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
            guard terms.residual.isFinite, terms.boundary.isFinite, allFinite(gr), allFinite(gb) else {
                if !rollBack("at Adam step \(step)") { return .stoppedEarly(reason: recovery.reason) }
                continue
            }
            good.capture(state, parameters: net.parameters)
            if control.recovery.isAnchor(step) || !anchor.isSet { anchor.capture(state, parameters: net.parameters) }
            state.lossWeight = weighting.updated(state.lossWeight, step: step, residualGradient: gr, boundaryGradient: gb)
            let record = TrainingRecord(phase: .adam, step: step, terms: terms, boundaryWeight: state.lossWeight,
                                        learningRate: state.adam.currentRate)
            state.history.append(record)
            if !progress(record) { return .stoppedByCallback }
            let l = T(state.lossWeight)
            for i in 0..<count { g[i] = gr[i] + l * gb[i] }
            state.adam.update(&net.parameters, gradient: g)
            state.step += 1
        }

        // L-BFGS on the last batch with λ frozen.
        let frozenLambda = state.lossWeight
        var model = net
        var gradientB = gb
        var lastTerms = LossTerms(residual: .nan, boundary: .nan)
        let lossCopy = loss
        return try LBFGS<T>().runPhase(&state, iterations: lbfgsIterations, control: control, lastSaved: &lastSaved,
                                       recovery: &recovery, objective: { x, grad in
            model.parameters = x
            lastTerms = lossCopy.evaluate(model, residualGradient: &grad, boundaryGradient: &gradientB)
            let l = T(frozenLambda)
            for i in 0..<count { grad[i] += l * gradientB[i] }
            return lastTerms.residual + frozenLambda * lastTerms.boundary
        }, record: { iteration in
            // The line search's accepted point is always its last evaluation, so `lastTerms` is current.
            TrainingRecord(phase: .lbfgs, step: adamSteps + iteration - 1, terms: lastTerms,
                           boundaryWeight: frozenLambda, learningRate: 0)
        }, progress: progress)
    }

    /// L-BFGS's starting state at `x` (one evaluation of L_r + λ·L_b).
    func startLBFGS(at x: [T], loss: PDELoss<T>, network: Siren<T>, lossWeight: Double) -> LBFGS<T>.State {
        var model = network
        var gb = x
        return LBFGS<T>().start(at: x) { x, grad in
            model.parameters = x
            let terms = loss.evaluate(model, residualGradient: &grad, boundaryGradient: &gb)
            let l = T(lossWeight)
            for i in 0..<grad.count { grad[i] += l * gb[i] }
            return terms.residual + lossWeight * terms.boundary
        }
    }
}
