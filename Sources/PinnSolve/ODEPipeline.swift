import Dispatch
import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnResults
import PinnTraining

/// Solves an ODE problem file: the reference trajectory (the reference method at tight tolerances, with
/// shooting for two-point problems), the observations, the model's training (a Neural ODE on the
/// observations, or a PINN in time on the equation), the learned trajectory over the whole span and
/// the metrics; returns everything to write.
public struct ODEPipeline {
    public let problem: BoundODEProblem
    /// Receives each training record; returns false to stop training.
    public var progress: (ODETrainingRecord) -> Bool
    /// Number of equally spaced output times over the span (both ends included).
    public var outputCount: Int
    /// Reads HDF5 observation files.
    public var readDataset: ODEProblemFile.DatasetReader
    /// Checkpoints, interruption and recovery from non-finite values during training.
    public var control = TrainingControl<Double, ODETrainingRecord>()
    /// A saved state to continue from (a checkpoint) and the training seconds it had taken.
    public var resume: (state: TrainingState<Double, ODETrainingRecord>, elapsedSeconds: Double)?
    /// Why the run `resume` continues had stopped early, when its checkpoint says so.
    public var resumedStopReason: String?
    /// Keeps the complete trained state (phase `finished`) and why training stopped early, if it
    /// did, when training ends, before any step after it; returns whether it was saved (see
    /// `SolvePipeline.saveTrained`).
    public var saveTrained: ((TrainingState<Double, ODETrainingRecord>, _ stopReason: String?) -> Bool)?
    /// Steps after training made to fail (tests; see `FaultInjection`).
    public var faults = FaultInjection()

    public init(
        problem: BoundODEProblem, outputCount: Int = 1001,
        readDataset: @escaping ODEProblemFile.DatasetReader = dataFileArrayReader,
        progress: @escaping (ODETrainingRecord) -> Bool = { _ in true }
    ) {
        self.problem = problem
        self.outputCount = outputCount
        self.readDataset = readDataset
        self.progress = progress
    }

    public var file: ODEProblemFile { problem.file }

    public func run() throws(ODEPipelineError) -> ODEResult {
        let start = DispatchTime.now().uptimeNanoseconds
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
        let n = problem.stateCount
        let shooting = try problem.shoot()
        let initialStates = [shooting.initialState] + (file.initialStates ?? []).dropFirst()
        let times = problem.uniformTimes(count: outputCount)
        let (observations, firstOrderReferences) = try problem.observations(
            initialStates: initialStates, readDataset: readDataset, referenceAt: times)
        var reference = firstOrderReferences.flatMap { $0.map { Array($0[..<n]) } }
        let referenceSeconds = seconds()

        let model: ODEResult.Model
        let ran: TrainingOutcome
        var state: TrainingState<Double, ODETrainingRecord>
        /// The learned trajectory at the output times (after training).
        let learn: () throws -> [[Double]]
        /// Parameter estimation's fitted unknowns (after training).
        var estimate: (() -> UnknownEstimates)?
        switch file.model {
        case .parameterEstimation:
            let training = observations.split(trainUntil: file.trainUntil).training
            var objective = try parameterFit(on: training, initialStates: initialStates)
            if resume == nil { objective.parameters = startingPoint(&objective, data: training) }
            state =
                resume?.state
                ?? TrainingState(
                    parameters: objective.parameters,
                    adam: Adam<Double>(
                        parameterCount: objective.parameters.count,
                        schedule: .cosine(
                            rate: file.training.learningRate, floor: file.training.learningRate / 10,
                            steps: file.training.steps)))
            do {
                ran = try parameterFitLoop().run(&state, objective: &objective, control: control, progress: progress)
            } catch let error as ODEPipelineError {
                throw error
            } catch {
                throw .checkpoint("\(error)")
            }
            let names = file.unknownNames, values = objective.values(of: state.parameters)
            let fitted = objective, history = state.history
            estimate = { unknownEstimates(fitted, history: history) }
            let learned = file.withUnknowns(Dictionary(uniqueKeysWithValues: zip(names, values)))
            learn = {
                let bound = try BoundODEProblem(learned)
                var rows: [[Double]] = []
                for initialState in initialStates {
                    rows += try bound.referenceTrajectory(initialState: initialState, at: times).map { Array($0[..<n]) }
                }
                return rows
            }
            model = .unknowns(names: names, values: values)
        case .neuralODE(let settings):
            var node = try neuralODE(settings)
            let training = observations.split(trainUntil: file.trainUntil).training
            var trainer = NeuralODETrainer(settings: file.training)
            if settings.scaling == .data {
                let scales = NeuralODEScales(
                    observations: training, startTime: file.span.start, initialStates: initialStates,
                    inputPower: settings.inputPower)
                node.network.scaling = scales.scaling(takesTime: settings.timeInput)
                node.network.scaleOutputLayer(by: Self.initialOutputScale)
                trainer.stateWeights = scales.lossWeights
            }
            state = resume?.state ?? trainer.initialState(for: node)
            ran = try trainer.run(
                &state, model: &node, on: training, startTime: file.span.start,
                initialStates: initialStates, control: control, progress: progress)
            let trained = node
            learn = {
                try ODEError.during("the learned trajectory") { () throws(ODEError) in
                    var rows: [[Double]] = []
                    for initialState in initialStates {
                        rows += try trained.trajectory(from: initialState, startTime: file.span.start, at: times)
                    }
                    return rows
                }
            }
            model = .mlp(node.network)
        case .pinn(let settings):
            var net = Siren<Double>(architecture: timePINNArchitecture(settings), seed: file.training.seed)
            let loss = TimePINNLoss(
                problem: problem, collocationPoints: file.training.collocationPoints,
                conditionWeight: file.training.initialWeight)
            let trainer = TimePINNTrainer(settings: file.training)
            state = resume?.state ?? trainer.initialState(for: net)
            do {
                ran = try trainer.run(&state, network: &net, loss: loss, control: control, progress: progress)
            } catch {
                throw .checkpoint("\(error)")
            }
            let trained = net
            learn = { loss.trajectory(trained, at: times).map { Array($0[..<n]) } }
            model = .siren(net, span: file.span)
        }
        if case .interrupted(let signal) = ran {
            throw .interrupted(TrainingInterrupted(signal: signal, stepsTaken: state.history.count))
        }
        let outcome = state.finish(after: ran, resumedPhase: resume?.state.phase, stopReason: resumedStopReason)
        var checkpointed = resume?.state.phase == .finished
        if state.phase == .finished, !checkpointed, let saveTrained {
            checkpointed = saveTrained(state, outcome.stopReason)
        }
        let history = state.history
        let trainSeconds = (resume?.elapsedSeconds ?? 0) + seconds() - referenceSeconds

        // The trained model is never lost: a trajectory that cannot be computed is reported with the result.
        var learned: [[Double]]
        var evaluationFailure: String?
        do {
            try faults.check(.evaluation)
            learned = try learn()
        } catch {
            evaluationFailure = "\(error)"
            learned = reference.map { _ in [Double](repeating: .nan, count: n) }
        }
        if let signal = control.interruption() {
            // Training is complete: a resume goes straight to the learned trajectory and the result.
            if !checkpointed {
                do { try control.saveCheckpoint?(state) } catch { throw .checkpoint("\(error)") }
            }
            throw .interrupted(TrainingInterrupted(signal: signal, stepsTaken: history.count))
        }

        // Without true values the reference is the stated system at the fitted unknowns: the learned trajectory.
        if file.parameterDeclarations.withTrueValues == nil, estimate != nil, evaluationFailure == nil {
            reference = learned
        }
        var metrics =
            evaluationFailure == nil
            ? ODEMetrics.compare(
                learned: learned, reference: reference,
                times: Array(repeatElement(times, count: initialStates.count).joined()), trainUntil: file.trainUntil)
            : [:]
        metrics["train_seconds"] = trainSeconds
        metrics["reference_seconds"] = referenceSeconds
        metrics["final_loss"] = history.last?.loss ?? .nan
        metrics["wall_seconds"] = seconds()
        var result = ODEResult(
            problemName: file.name, problemJSON: "", seed: file.training.seed, stateNames: file.states,
            times: times, reference: reference, learned: learned, observations: observations,
            trainUntil: file.trainUntil, shootingIterations: shooting.iterations, metrics: metrics,
            history: history, model: model)
        result.initialStates = initialStates.map { Array($0[..<n]) }
        result.recoveries = state.recoveries
        result.stopReason = outcome.stopReason
        result.evaluationFailure = evaluationFailure
        if let unknowns = estimate?() {
            result.unknowns = unknowns
            result.metrics.merge(unknowns.metrics) { a, _ in a }
        }
        return result
    }

    /// The factor a data-scaled Neural ODE's output layer starts at: f_θ starts as a small
    /// perturbation of rest, so that the first trajectories stay near the data.
    public static let initialOutputScale = 0.1

    /// The first-layer frequency of a PINN in time when the file gives none: ω₀ = 5 on τ ∈ [−1, 1], which
    /// resolves a few oscillations over the span (raise `model.omega0` for more).
    public static let defaultOmega0 = 5.0

    /// The SIREN of a PINN in time: u(τ) for the problem's states.
    public func timePINNArchitecture(_ settings: ProblemFile.NetworkSettings) -> SirenArchitecture {
        SirenArchitecture(
            inputs: 1, outputs: problem.stateCount, width: settings.width, depth: settings.depth,
            omega0: settings.omega0 ?? Self.defaultOmega0)
    }

    /// The Neural ODE of the model settings: an MLP initialised from the training seed (plus the known
    /// part `model.known` when the file states one: a universal differential equation), integrated (and
    /// differentiated) by adaptive Dormand–Prince (`dopri5`) or Radau IIA (`radau5`) with the file's
    /// tolerances, or by fixed-step RK4 (`rk4`) or Euler (`euler`) with the file's `step` (from each
    /// observation time, the last step before the next one shortened to land on it).
    /// - Throws: `.unsupported` at `solver.method` for `auto` (one method must integrate and
    ///   differentiate the model), at `solver.step` for a fixed-step method without a step.
    public func neuralODE(_ settings: ODEProblemFile.NeuralODESettings) throws(ODEPipelineError) -> NeuralODE {
        let integrator: NeuralODE.Integrator
        switch file.solver.method {
        case .dopri5: integrator = .dormandPrince
        case .radau5: integrator = .radau5
        case .auto:
            throw .unsupported(
                path: "solver.method",
                message: "a neuralODE model is integrated (and differentiated) with one method, dopri5, radau5 "
                    + "(for stiff dynamics), rk4 or euler; auto serves the reference (solver.reference.method)")
        case .rk4, .euler:
            guard let step = file.solver.step else {
                throw .unsupported(
                    path: "solver.step",
                    message: "missing required key 'step' (the fixed step size of the "
                        + "\(file.solver.method.rawValue) method)")
            }
            integrator = file.solver.method == .rk4 ? .rk4(step: step) : .euler(step: step)
        }
        let activation: MLPActivation = settings.activation == .tanh ? .tanh : .sine(omega: settings.omega)
        var network = MLP(
            stateDimension: problem.stateCount, width: settings.width, depth: settings.depth,
            activation: activation, takesTime: settings.timeInput, inputPower: settings.inputPower,
            seed: file.training.seed)
        if !settings.known.isEmpty {
            do {
                network.known = KnownTerm(try ExpressionDynamics(file, settings: settings))
            } catch {
                throw .unsupported(path: error.path, message: error.message)
            }
        }
        let options = AdaptiveOptions(
            relativeTolerance: file.solver.rtol, absoluteTolerance: file.solver.atol,
            maxSteps: file.solver.maxSteps, initialStep: file.solver.step)
        return NeuralODE(network: network, options: options, integrator: integrator)
    }
}

/// Errors of a learned trajectory against the reference, through the pipelines' shared `relativeL2` and
/// `maxAbs` on the flattened rows (every component of every time).
public enum ODEMetrics {
    /// relative_l2_vs_reference (all times), relative_l2_train_window (t ≤ trainUntil),
    /// relative_l2_extrapolation (t > trainUntil; absent when no time is) and max_abs_error_vs_reference.
    /// `learned` and `reference` hold one row per time, all rows of one length.
    public static func compare(learned: [[Double]], reference: [[Double]], times: [Double], trainUntil: Double)
        -> [String: Double]
    {
        let a = learned.flatMap { $0 }, b = reference.flatMap { $0 }
        let width = reference.first?.count ?? 0
        let inWindow = times.flatMap { t in repeatElement(t <= trainUntil, count: width) }
        let all = [Bool](repeating: true, count: a.count)
        /// The relative L2 error over the masked entries; nil when the mask includes none.
        func relativeL2IfAny(_ mask: [Bool]) -> Double? { mask.contains(true) ? relativeL2(a, b, mask: mask) : nil }
        var metrics: [String: Double] = [:]
        metrics["relative_l2_vs_reference"] = relativeL2IfAny(all)
        metrics["relative_l2_train_window"] = relativeL2IfAny(inWindow)
        metrics["relative_l2_extrapolation"] = relativeL2IfAny(inWindow.map { !$0 })
        metrics["max_abs_error_vs_reference"] = maxAbs(a, b, mask: all)
        return metrics
    }
}
