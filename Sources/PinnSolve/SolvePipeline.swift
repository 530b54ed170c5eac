import Dispatch
import Foundation
import PinnBinding
import PinnIO
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnReference
import PinnResults
import PinnTraining

/// Trains a SIREN on a bound problem in precision T, evaluates it on the reference grid (with the
/// finite-difference reference) or on the mesh's nodes (with the finite-element reference),
/// computes the metrics, and returns everything to write.
public struct SolvePipeline<T: PinnScalar> {
    /// The problem (an inverse problem's with the unknowns at their initial guesses).
    public internal(set) var problem: BoundProblem
    /// Receives each training record; returns false to stop.
    public var progress: (TrainingRecord) -> Bool = { _ in true }
    /// Start from this network and keep its sparsity pattern (nil: a fresh SIREN initialisation).
    public var initialization: InitialNetwork?
    /// Checkpoints, interruption and recovery from non-finite values during training.
    public var control = TrainingControl<T, TrainingRecord>()
    /// A saved state to continue from (a checkpoint) instead of starting afresh, and the training
    /// seconds it had taken.
    public var resume: (state: TrainingState<T, TrainingRecord>, elapsedSeconds: Double)?
    /// Why the run `resume` continues had stopped early, when its checkpoint says so (a checkpoint
    /// of a finished run that stopped early resumes to the same marked result).
    public var resumedStopReason: String?
    /// Keeps the complete trained state (phase `finished`) and why training stopped early, if it
    /// did, when training ends: a resume of it goes straight to the steps after training. Called
    /// before any of them, so that none can cost the trained network; returns whether it was saved.
    public var saveTrained: ((TrainingState<T, TrainingRecord>, _ stopReason: String?) -> Bool)?
    /// Steps after training made to fail (tests; see `FaultInjection`).
    public var faults = FaultInjection()
    /// The processes training is spread over (an MPI job's, or this one alone).
    public var group: any ProcessGroup = SingleProcess.shared

    public init(problem: BoundProblem, progress: @escaping (TrainingRecord) -> Bool = { _ in true }) {
        self.problem = problem
        self.progress = progress
    }

    public var settings: ProblemFile.TrainingSettings { problem.file.training }

    /// The network's architecture (see `BoundProblem.architecture()`).
    public func architecture() -> SirenArchitecture { problem.architecture() }

    /// Collocation batches for one sampling round (see `BoundProblem.makeLoss(round:mask:)`), with
    /// the initialisation's sparsity mask.
    public func makeLoss(round: Int) -> PDELoss<T> { problem.makeLoss(round: round, mask: initialization?.mask) }

    /// The trainer the problem's settings describe (see `BoundProblem.trainer(rates:)`), with the
    /// initialisation's learned rate multipliers.
    public func trainer() -> PINNTrainer<T> {
        var trainer: PINNTrainer<T> = problem.trainer(rates: initialization?.rates)
        trainer.group = group
        return trainer
    }

    /// The network training starts from: `initialization` when given, else a SIREN initialisation of
    /// `architecture()` from the training seed.
    func initialNetwork() -> Siren<T> {
        initialization?.siren(T.self) ?? Siren<T>(architecture: architecture(), seed: settings.seed)
    }

    /// A trained network with its training state, how training ended and the training seconds
    /// (including those before a resume).
    struct Trained {
        var net: Siren<T>
        /// The batch training ended on.
        var loss: PDELoss<T>
        var state: TrainingState<T, TrainingRecord>
        var outcome: TrainingOutcome
        var seconds: Double
        /// Whether the checkpoint holds this finished state (saved by `saveTrained`, or resumed from).
        var checkpointed: Bool
    }

    /// Trains from the seeded initialisation, or from `resume` when given.
    /// - Throws: `TrainingInterrupted` when a signal stopped training; what the checkpoint writer throws.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func train() throws -> Trained {
        let start = DispatchTime.now().uptimeNanoseconds
        var net = initialNetwork()
        var loss = makeLoss(round: 0)
        let trainer = self.trainer()
        var state = resume?.state ?? trainer.initialState(for: net)
        let ran = try trainer.run(
            &state, network: &net, loss: &loss,
            resample: { step in
                makeLoss(round: step / max(1, settings.resampleEvery))
            }, control: control, progress: progress)
        if case .interrupted(let signal) = ran {
            throw TrainingInterrupted(signal: signal, stepsTaken: state.history.count)
        }
        let outcome = state.finish(after: ran, resumedPhase: resume?.state.phase, stopReason: resumedStopReason)
        var checkpointed = resume?.state.phase == .finished
        if state.phase == .finished, !checkpointed, let saveTrained {
            checkpointed = saveTrained(state, outcome.stopReason)
        }
        return Trained(
            net: net, loss: loss, state: state, outcome: outcome,
            seconds: (resume?.elapsedSeconds ?? 0) + Self.seconds(since: start), checkpointed: checkpointed)
    }

    /// After evaluation: a signal that came in since training ended stops the run; the complete
    /// training state is in the checkpoint (saved by `saveTrained` when training ended, else here),
    /// so that a resume goes straight to the evaluation.
    func checkInterruption(after trained: Trained) throws {
        if let signal = control.interruption() {
            if !trained.checkpointed { try control.saveCheckpoint?(trained.state) }
            throw TrainingInterrupted(signal: signal, stepsTaken: trained.state.history.count)
        }
    }

    /// Where the result lies and the reference there: the output grid of an analytic domain (the
    /// reference problem built before training, so that a problem it cannot express fails at once,
    /// and solved after it, on a grid chosen against the network's error) or the nodes of a mesh
    /// (the finite-element reference solved before training).
    enum Output {
        case grid(any OutputReference)
        /// The mesh, its file as the problem names it, and the reference at its nodes.
        case mesh(MeshDomain, file: String, reference: [Double], description: ReferenceDescription)

        /// The support, its points (columns) and the mask of those in the domain.
        func evaluationPoints() -> (support: FieldSupport, points: [Double], mask: [Bool]) {
            switch self {
            case .grid(let reference):
                let grid = reference.outputGrid
                return (.grid(grid), grid.pointCoordinates(), reference.outputMask())
            case .mesh(let mesh, let file, _, _):
                return (
                    .mesh(MeshSupport(mesh: mesh.mesh, file: file, subdomain: mesh.subdomain)),
                    mesh.nodeCoordinates, mesh.nodeMask
                )
            }
        }

        /// The reference at the evaluation points and how it was computed, given the network's
        /// values there (which choose the grid of a finite-difference reference).
        func reference(network u: [Double]) throws -> (values: [Double], description: ReferenceDescription) {
            switch self {
            case .grid(let reference):
                let solved = try reference.solve(network: u)
                return (solved.values, solved.description)
            case .mesh(_, _, let values, let description): return (values, description)
            }
        }
    }

    /// Stands in for the grid reference of an analytic domain (tests give one that fails).
    var referenceOverride: (any OutputReference)?

    /// The output of the problem's domain (see `Output`).
    func output() throws -> Output {
        if let referenceOverride { return .grid(referenceOverride) }
        if problem.file.kind.isEvolution { return .grid(SpaceTimeReference(problem: problem)) }
        switch problem.domain {
        case .analytic(let domain):
            let settings = problem.file.reference
            switch domain {
            case .interval, .rectangle, .box:
                return .grid(
                    GridReference(
                        problem: try problem.finiteDifferenceProblem(), refinement: settings.refinement,
                        nodeBudget: GridReference.defaultNodeBudget(dimension: problem.dimension)))
            case .ball, .polygon:
                return .grid(
                    MeshedGridReference(
                        problem: problem, domain: domain, gridPoints: settings.grid, refinement: settings.refinement,
                        elementOrder: MeshedGridReference.defaultElementOrder(dimension: problem.dimension),
                        nodeBudget: MeshedGridReference.defaultNodeBudget(
                            dimension: problem.dimension,
                            elementOrder: MeshedGridReference.defaultElementOrder(dimension: problem.dimension),
                            cholesky: problem.waveNumber == nil)))
            }
        case .mesh(let mesh):
            let start = DispatchTime.now().uptimeNanoseconds
            let solution = try solveFiniteElement(problem.finiteElementProblem(on: mesh))
            let file = if case .mesh(let spec) = problem.file.domain { spec.file } else { "" }
            // The mesh's own nodes come first (all of them for a quadratic file); the edge nodes
            // that a linear mesh gets for P2 follow them.
            return .mesh(
                mesh, file: file, reference: Array(solution.values.prefix(mesh.nodeCoordinates.count / mesh.dimension)),
                description: ReferenceDescription(
                    method: "finite elements, P\(solution.order) on the mesh"
                        + (mesh.mesh.order == 2
                            ? "'s quadratic (isoparametric) cells"
                            : solution.order == 2 ? " with a node at every edge midpoint" : "")
                        + ", solved by \(solution.solver)",
                    order: solution.order + 1, unknowns: solution.unknownCount, seconds: Self.seconds(since: start),
                    elementOrder: solution.order))
        }
    }

    /// Trains (from `resume` when given), then evaluates u and the residual on the output (the
    /// finite-difference grid of an analytic domain, or a mesh's nodes) and compares with the
    /// reference and the exact solution there (`relative_l2_vs_reference`, `relative_l2_vs_exact`,
    /// max errors); on a mesh also, by a degree-2 quadrature over the cells, with the exact solution
    /// in the L2 norm of the domain (`relative_l2_vs_exact_quadrature`). A run that stopped early
    /// after repeated non-finite values returns the last good state's result with `stopReason` set.
    /// - Throws: `ProblemError` or `FEMError` when the reference cannot be built (before training);
    ///   `TrainingInterrupted` when a signal stopped training (the checkpoint, if `control` saves
    ///   them, is written); what the checkpoint writer throws. A reference that fails after
    ///   training does not throw: the result has no reference and `referenceFailure` says why.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func solve() throws -> PDEResult {
        let start = DispatchTime.now().uptimeNanoseconds
        var output = try self.output()
        let trained = try train()
        let history = trained.state.history
        // An inverse problem's output and reference are those of the equation with the learned unknowns.
        var (learned, referenceFailure) = learnedPipeline(trained)
        if referenceFailure == nil, !problem.unknownNames.isEmpty {
            do {
                output = try learned.output()
            } catch {
                referenceFailure = "the reference with the learned unknowns could not be built: \(error)"
            }
        }

        let (support, points, mask) = output.evaluationPoints()
        let (u, residual) = learned.evaluate(trained.net, points: points, mask: mask)
        let exact = problem.exactValues(at: points, mask: mask)
        // The trained network is never lost: a reference that fails is reported with the result.
        var reference: (values: [Double], description: ReferenceDescription)?
        if referenceFailure == nil {
            do {
                try faults.check(.reference)
                reference = try output.reference(network: u)
            } catch {
                referenceFailure = "\(error)"
            }
        }
        let unknowns = unknownEstimates(trained)
        var metrics = errorMetrics(u: u, reference: reference?.values, exact: exact, mask: mask)
        if let description = reference?.description { metrics.merge(description.metrics) { $1 } }
        if case .mesh(let mesh, _, _, _) = output, problem.exact != nil {
            metrics["relative_l2_vs_exact_quadrature"] = quadratureRelativeL2VsExact(trained.net, on: mesh)
        }
        metrics.merge(Self.runMetrics(history: history, trainSeconds: trained.seconds, start: start)) { $1 }
        if let unknowns { metrics.merge(unknowns.metrics) { $1 } }
        try checkInterruption(after: trained)
        var result = PDEResult(
            problemName: problem.file.name, problemJSON: "", seed: settings.seed,
            precision: T.precisionName, support: support, u: u, residual: residual,
            reference: reference?.values, exact: exact, metrics: metrics, history: history,
            architecture: trained.net.architecture, parameters: trained.net.parameters.map { Double($0) })
        result.recoveries = trained.state.recoveries
        result.referenceDescription = reference?.description
        result.referenceFailure = referenceFailure
        result.unknowns = unknowns
        if let table = problem.measurements {
            let fitted = evaluate(trained.net, points: table.points, mask: [Bool](repeating: true, count: table.count))
                .u
            result.measurementFit = MeasurementFit(
                dimension: problem.dimension, points: table.points, measured: table.values, network: fitted)
        }
        if case .stoppedEarly(let reason) = trained.outcome { result.stopReason = reason }
        return result
    }

    /// ‖u − u_exact‖ / ‖u_exact‖ in L2 of the mesh domain, both integrals by `MeshDomain.quadrature()`.
    func quadratureRelativeL2VsExact(_ net: Siren<T>, on mesh: MeshDomain) -> Double {
        let rule = mesh.quadrature()
        let all = [Bool](repeating: true, count: rule.weights.count)
        let u = evaluate(net, points: rule.points, mask: all).u
        guard let exact = problem.exactValues(at: rule.points, mask: all) else { return .nan }
        var error = 0.0, norm = 0.0
        for (q, w) in rule.weights.enumerated() {
            error += w * (u[q] - exact[q]) * (u[q] - exact[q])
            norm += w * exact[q] * exact[q]
        }
        return (error / norm).squareRoot()
    }

    /// Seconds of uptime since `start` (nanoseconds).
    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// train_seconds, wall_seconds and the last loss terms.
    static func runMetrics(history: [TrainingRecord], trainSeconds: Double, start: UInt64) -> [String: Double] {
        [
            "train_seconds": trainSeconds, "wall_seconds": seconds(since: start),
            "final_loss_residual": history.last?.terms.residual ?? .nan,
            "final_loss_boundary": history.last?.terms.boundary ?? .nan
        ]
    }

    /// u and the residual a·Δu + c·u − f at the points (columns of `points`) where `mask` is true
    /// (NaN elsewhere), in chunks.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(_ net: Siren<T>, points: [Double], mask: [Bool]) -> (u: [Double], residual: [Double]) {
        let d = problem.inputs
        let count = mask.count
        var u = [Double](repeating: .nan, count: count), r = u
        let inside = (0..<count).filter { mask[$0] }
        let ws = JetWorkspace<T>()
        ws.secondDerivativeWeights = problem.secondDerivativeWeights.map { T($0) }
        let b = problem.timeDerivativeCoefficient
        let chunk = 8192
        for start in stride(from: 0, to: inside.count, by: chunk) {
            let ids = inside[start..<min(start + chunk, inside.count)]
            let chunkPoints = ids.flatMap { points[$0 * d..<($0 + 1) * d] }
            let (f, c) = problem.sourceAndReaction(at: chunkPoints, count: ids.count)
            net.forward(
                Matrix(rows: d, cols: ids.count, storage: chunkPoints.map { T($0) }), order: .laplacian, workspace: ws)
            for (column, id) in ids.enumerated() {
                let value = Double(ws.value(0, column))
                u[id] = value
                r[id] =
                    problem.laplacianCoefficient * Double(ws.laplacian(0, column)) + (c?[column] ?? 0) * value
                    - f[column] + (b != 0 ? b * Double(ws.derivative(0, d - 1, column)) : 0)
            }
        }
        return (u, r)
    }
}
