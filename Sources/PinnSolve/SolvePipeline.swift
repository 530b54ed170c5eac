import Dispatch
import Foundation
import PinnIO
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnReference
import PinnTraining

/// Trains a SIREN on a bound problem in precision T, evaluates it on the reference grid (with the
/// finite-difference reference) or on the mesh's nodes (with the finite-element reference),
/// computes the metrics, and returns everything to write.
public struct SolvePipeline<T: PinnScalar> {
    public let problem: BoundProblem
    /// Receives each training record; returns false to stop.
    public var progress: (TrainingRecord) -> Bool = { _ in true }
    /// Start from this network and keep its sparsity pattern (nil: a fresh SIREN initialisation).
    public var initialization: InitialNetwork?
    /// Checkpoints, interruption and recovery from non-finite values during training.
    public var control = TrainingControl<T, TrainingRecord>()
    /// A saved state to continue from (a checkpoint) instead of starting afresh, and the training
    /// seconds it had taken.
    public var resume: (state: TrainingState<T, TrainingRecord>, elapsedSeconds: Double)?

    public init(problem: BoundProblem, progress: @escaping (TrainingRecord) -> Bool = { _ in true }) {
        self.problem = problem
        self.progress = progress
    }

    public var settings: ProblemFile.TrainingSettings { problem.file.training }

    public func architecture() -> SirenArchitecture {
        let n = problem.file.network
        return SirenArchitecture(inputs: problem.dimension, width: n.width, depth: n.depth,
                                 omega0: n.omega0 ?? problem.defaultOmega0)
    }

    /// Collocation batches for one sampling round (`round` 0 at the start, then one per resampling).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func makeLoss(round: Int) -> PDELoss<T> {
        let d = problem.dimension
        let seed = settings.seed &+ UInt64(round) &* 0x9E37_79B9
        // Boundary sampling of a box uses one more coordinate than the dimension (to pick the face),
        // a mesh's interior one more (to pick the cell).
        var source: PointSource = switch settings.sampler {
        case .uniform: .uniform(SeededGenerator(seed: seed))
        case .halton: .halton(HaltonSequence(dimension: 4, shiftSeed: seed))
        case .sobol: .sobol(SobolSequence(dimension: 4, shiftSeed: seed))
        }
        let domain = problem.domain.collocation
        let insidePoints = domain.interiorPoints(count: settings.interiorPoints, using: &source)
        let edge = domain.boundaryPoints(count: settings.boundaryPoints, using: &source)
        let insideCount = insidePoints.count / d
        let (f, c) = problem.sourceAndReaction(at: insidePoints, count: insideCount)
        let interior = InteriorBatch<T>(
            points: Matrix(rows: d, cols: insideCount, storage: insidePoints.map { T($0) }),
            source: f.map { T($0) },
            reaction: c?.map { T($0) } ?? [],
            laplacianCoefficient: T(problem.laplacianCoefficient))
        var alpha = [T](), beta = [T](), value = [T]()
        for sample in edge {
            let c = problem.condition(onAnyOf: sample.parts)
            alpha.append(T(c?.alpha.evaluate(sample.point) ?? 1))
            beta.append(T(c?.beta.evaluate(sample.point) ?? 0))
            value.append(T(c?.value.evaluate(sample.point) ?? 0))
        }
        let boundary = BoundaryBatch<T>(
            points: Matrix(rows: d, cols: edge.count, storage: edge.flatMap { $0.point.map { T($0) } }),
            normals: Matrix(rows: d, cols: edge.count, storage: edge.flatMap { $0.normal.map { T($0) } }),
            alpha: alpha, beta: beta, value: value)
        var loss = PDELoss(interior: interior, boundary: boundary)
        loss.parameterMask = initialization?.mask
        return loss
    }

    /// Trains and evaluates on the problem's output: the finite-difference grid of an analytic
    /// domain (`run()`) or the nodes of a mesh (`run(on:)`).
    public func solve() throws -> any PDEResult {
        switch problem.domain {
        case .analytic: try run()
        case .mesh(let mesh): try run(on: mesh)
        }
    }

    /// The trainer the problem's settings describe: Adam with cosine decay to 1 % of the learning
    /// rate (times the initialisation's learned multipliers, if any), the loss weighting, resampling, then L-BFGS.
    public func trainer() -> PINNTrainer<T> {
        let weighting: LossWeighting = switch settings.weighting {
        case .fixed: .fixed(settings.boundaryWeight)
        case .annealing: .annealing(initial: settings.boundaryWeight, alpha: 0.1, every: 10)
        case .gradnorm: .gradientNormBalance(initial: settings.boundaryWeight, alpha: 0.1, every: 100)
        }
        var trainer = PINNTrainer<T>(adamSteps: settings.adamSteps,
                                     schedule: .cosine(rate: settings.learningRate, floor: settings.learningRate / 100,
                                                       steps: settings.adamSteps),
                                     lbfgsIterations: settings.lbfgsIterations, weighting: weighting,
                                     resampleEvery: settings.resampleEvery)
        // A meta-learned start brings the per-layer rate multipliers it was meta-trained to adapt with.
        trainer.rateMultipliers = initialization?.rates?.perParameter(T.self)
        return trainer
    }

    /// A trained network with its training state, how training ended and the training seconds
    /// (including those before a resume).
    struct Trained {
        var net: Siren<T>
        var state: TrainingState<T, TrainingRecord>
        var outcome: TrainingOutcome
        var seconds: Double
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
        let outcome = try trainer.run(&state, network: &net, loss: &loss, resample: { step in
            makeLoss(round: step / max(1, settings.resampleEvery))
        }, control: control, progress: progress)
        if case .interrupted(let signal) = outcome {
            throw TrainingInterrupted(signal: signal, stepsTaken: state.history.count)
        }
        return Trained(net: net, state: state, outcome: outcome, seconds: (resume?.elapsedSeconds ?? 0) + Self.seconds(since: start))
    }

    /// After evaluation: a signal that came in since training ended saves the (complete) training
    /// state, so that a resume goes straight to the evaluation, and stops.
    func checkInterruption(after trained: Trained) throws {
        if let signal = control.interruption() {
            try control.saveCheckpoint?(trained.state)
            throw TrainingInterrupted(signal: signal, stepsTaken: trained.state.history.count)
        }
    }

    /// Trains (from `resume` when given), then evaluates on the finite-difference reference grid of
    /// the problem's analytic domain and compares with the reference and the exact solution. A run
    /// that stopped early after repeated non-finite values returns the last good state's result
    /// with `stopReason` set.
    /// - Throws: a `ProblemError` for a mesh domain (before training); `TrainingInterrupted` when a
    ///   signal stopped training (the checkpoint, if `control` saves them, is written); what the
    ///   reference solver or the checkpoint writer throws.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func run() throws -> ResultFile {
        let start = DispatchTime.now().uptimeNanoseconds
        let referenceProblem = try problem.finiteDifferenceProblem()
        let trained = try train()
        let history = trained.state.history

        let reference = try solveFiniteDifference(referenceProblem)
        let grid = reference.grid
        let points = grid.pointCoordinates()
        let (u, residual) = evaluate(trained.net, points: points, mask: reference.mask)
        let exact = problem.exactValues(at: points, mask: reference.mask)
        var metrics = errorMetrics(u: u, reference: reference.values, exact: exact, mask: reference.mask)
        metrics.merge(Self.runMetrics(history: history, trainSeconds: trained.seconds, start: start)) { $1 }
        try checkInterruption(after: trained)
        var result = ResultFile(problemName: problem.file.name, problemJSON: "", seed: settings.seed,
                                precision: T.precisionName, grid: grid, u: u, residual: residual,
                                reference: reference.values, exact: exact, metrics: metrics, history: history,
                                architecture: trained.net.architecture, parameters: trained.net.parameters.map { Double($0) })
        result.recoveries = trained.state.recoveries
        if case .stoppedEarly(let reason) = trained.outcome { result.stopReason = reason }
        return result
    }

    /// Solves the piecewise-linear finite-element reference on `mesh` (before training, so that a
    /// problem it cannot solve fails at once), trains (from `resume` when given), then evaluates u
    /// and the residual at the nodes and compares with the reference and the exact solution there
    /// (`relative_l2_vs_reference`, `relative_l2_vs_exact`, max errors) and, by a degree-2 quadrature
    /// over the cells, with the exact solution in the L2 norm of the domain
    /// (`relative_l2_vs_exact_quadrature`). Interruption and early stops as in `run()`.
    /// - Throws: `FEMError` from the reference; as `run()` otherwise.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func run(on mesh: MeshDomain) throws -> MeshResultFile {
        let start = DispatchTime.now().uptimeNanoseconds
        let reference = try solveFiniteElement(problem.finiteElementProblem(on: mesh)).values
        let trained = try train()
        let history = trained.state.history

        let points = mesh.nodeCoordinates, mask = mesh.nodeMask
        let (u, residual) = evaluate(trained.net, points: points, mask: mask)
        let exact = problem.exactValues(at: points, mask: mask)
        var metrics = errorMetrics(u: u, reference: reference, exact: exact, mask: mask)
        if problem.exact != nil {
            metrics["relative_l2_vs_exact_quadrature"] = quadratureRelativeL2VsExact(trained.net, on: mesh)
        }
        metrics.merge(Self.runMetrics(history: history, trainSeconds: trained.seconds, start: start)) { $1 }
        try checkInterruption(after: trained)
        let meshFile: String = if case .mesh(let spec) = problem.file.domain { spec.file } else { "" }
        var result = MeshResultFile(problemName: problem.file.name, problemJSON: "", seed: settings.seed,
                                    precision: T.precisionName, mesh: mesh.mesh, meshFile: meshFile,
                                    subdomain: mesh.subdomain, u: u, residual: residual, reference: reference,
                                    exact: exact, metrics: metrics, history: history,
                                    architecture: trained.net.architecture,
                                    parameters: trained.net.parameters.map { Double($0) })
        result.recoveries = trained.state.recoveries
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
        ["train_seconds": trainSeconds, "wall_seconds": seconds(since: start),
         "final_loss_residual": history.last?.terms.residual ?? .nan,
         "final_loss_boundary": history.last?.terms.boundary ?? .nan]
    }

    /// u and the residual a·Δu + c·u − f at the points (columns of `points`) where `mask` is true
    /// (NaN elsewhere), in chunks.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func evaluate(_ net: Siren<T>, points: [Double], mask: [Bool]) -> (u: [Double], residual: [Double]) {
        let d = problem.dimension
        let count = mask.count
        var u = [Double](repeating: .nan, count: count), r = u
        let inside = (0..<count).filter { mask[$0] }
        let ws = JetWorkspace<T>()
        let chunk = 8192
        for start in stride(from: 0, to: inside.count, by: chunk) {
            let ids = inside[start..<min(start + chunk, inside.count)]
            let chunkPoints = ids.flatMap { points[$0 * d ..< ($0 + 1) * d] }
            let (f, c) = problem.sourceAndReaction(at: chunkPoints, count: ids.count)
            net.forward(Matrix(rows: d, cols: ids.count, storage: chunkPoints.map { T($0) }), order: .laplacian, workspace: ws)
            for (column, id) in ids.enumerated() {
                let value = Double(ws.value(0, column))
                u[id] = value
                r[id] = problem.laplacianCoefficient * Double(ws.laplacian(0, column)) + (c?[column] ?? 0) * value - f[column]
            }
        }
        return (u, r)
    }
}
