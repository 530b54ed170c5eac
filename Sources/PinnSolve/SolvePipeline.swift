import Dispatch
import Foundation
import PinnIO
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnReference
import PinnTraining

/// Trains a SIREN on a bound problem in precision T, evaluates it on the reference grid, computes
/// the finite-difference reference and the metrics, and returns everything to write.
public struct SolvePipeline<T: PinnScalar> {
    public let problem: BoundProblem
    /// Receives each training record; returns false to stop.
    public var progress: (TrainingRecord) -> Bool = { _ in true }
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
        // Boundary sampling of a box uses one more coordinate than the dimension (to pick the face).
        var source: PointSource = switch settings.sampler {
        case .uniform: .uniform(SeededGenerator(seed: seed))
        case .halton: .halton(HaltonSequence(dimension: 4, shiftSeed: seed))
        case .sobol: .sobol(SobolSequence(dimension: 4, shiftSeed: seed))
        }
        let inside = problem.domain.sampleInterior(count: settings.interiorPoints, using: &source)
        let edge = problem.domain.sampleBoundary(count: settings.boundaryPoints, using: &source)
        let insidePoints = inside.flatMap { $0 }
        let (f, c) = problem.sourceAndReaction(at: insidePoints, count: inside.count)
        let interior = InteriorBatch<T>(
            points: Matrix(rows: d, cols: inside.count, storage: insidePoints.map { T($0) }),
            source: f.map { T($0) },
            reaction: c?.map { T($0) } ?? [],
            laplacianCoefficient: T(problem.laplacianCoefficient))
        var alpha = [T](), beta = [T](), value = [T]()
        for sample in edge {
            let c = problem.condition(on: sample.part)
            alpha.append(T(c?.alpha.evaluate(sample.point) ?? 1))
            beta.append(T(c?.beta.evaluate(sample.point) ?? 0))
            value.append(T(c?.value.evaluate(sample.point) ?? 0))
        }
        let boundary = BoundaryBatch<T>(
            points: Matrix(rows: d, cols: edge.count, storage: edge.flatMap { $0.point.map { T($0) } }),
            normals: Matrix(rows: d, cols: edge.count, storage: edge.flatMap { $0.normal.map { T($0) } }),
            alpha: alpha, beta: beta, value: value)
        return PDELoss(interior: interior, boundary: boundary)
    }

    /// The trainer the problem's settings describe: Adam with cosine decay to 1 % of the learning
    /// rate, the loss weighting, resampling, then L-BFGS.
    public func trainer() -> PINNTrainer<T> {
        let weighting: LossWeighting = switch settings.weighting {
        case .fixed: .fixed(settings.boundaryWeight)
        case .annealing: .annealing(initial: settings.boundaryWeight, alpha: 0.1, every: 10)
        case .gradnorm: .gradientNormBalance(initial: settings.boundaryWeight, alpha: 0.1, every: 100)
        }
        return PINNTrainer<T>(adamSteps: settings.adamSteps,
                              schedule: .cosine(rate: settings.learningRate, floor: settings.learningRate / 100,
                                                steps: settings.adamSteps),
                              lbfgsIterations: settings.lbfgsIterations, weighting: weighting,
                              resampleEvery: settings.resampleEvery)
    }

    /// Trains (from `resume` when given), then evaluates, computes the reference and the metrics.
    /// A run that stopped early after repeated non-finite values returns the last good state's
    /// result with `stopReason` set.
    /// - Throws: `TrainingInterrupted` when a signal stopped training (the checkpoint, if `control`
    ///   saves them, is written); what the reference solver or the checkpoint writer throws.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func run() throws -> ResultFile {
        let start = DispatchTime.now().uptimeNanoseconds
        var net = Siren<T>(architecture: architecture(), seed: settings.seed)
        var loss = makeLoss(round: 0)
        let trainer = self.trainer()
        var state = resume?.state ?? trainer.initialState(for: net)
        let outcome = try trainer.run(&state, network: &net, loss: &loss, resample: { step in
            makeLoss(round: step / max(1, settings.resampleEvery))
        }, control: control, progress: progress)
        if case .interrupted(let signal) = outcome {
            throw TrainingInterrupted(signal: signal, stepsTaken: state.history.count)
        }
        let history = state.history
        let trainSeconds = (resume?.elapsedSeconds ?? 0) + Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9

        let reference = try solveFiniteDifference(problem.finiteDifferenceProblem())
        let grid = reference.grid
        let points = grid.pointCoordinates()
        let (u, residual) = evaluate(net, points: points, mask: reference.mask)
        let exact = problem.exactValues(at: points, mask: reference.mask)
        var metrics: [String: Double] = [
            "relative_l2_vs_reference": relativeL2(u, reference.values, mask: reference.mask),
            "max_abs_error_vs_reference": maxAbs(u, reference.values, mask: reference.mask),
            "train_seconds": trainSeconds,
            "wall_seconds": Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9,
            "final_loss_residual": history.last?.terms.residual ?? .nan,
            "final_loss_boundary": history.last?.terms.boundary ?? .nan,
        ]
        if let exact {
            metrics["relative_l2_vs_exact"] = relativeL2(u, exact, mask: reference.mask)
            metrics["max_abs_error_vs_exact"] = maxAbs(u, exact, mask: reference.mask)
            metrics["reference_relative_l2_vs_exact"] = relativeL2(reference.values, exact, mask: reference.mask)
        }
        if let signal = control.interruption() {
            // Training is complete: a resume goes straight to the reference and the result.
            try control.saveCheckpoint?(state)
            throw TrainingInterrupted(signal: signal, stepsTaken: history.count)
        }
        var result = ResultFile(problemName: problem.file.name, problemJSON: "", seed: settings.seed,
                                precision: T.precisionName, grid: grid, u: u, residual: residual,
                                reference: reference.values, exact: exact, metrics: metrics, history: history,
                                architecture: net.architecture, parameters: net.parameters.map { Double($0) })
        result.recoveries = state.recoveries
        if case .stoppedEarly(let reason) = outcome { result.stopReason = reason }
        return result
    }

    /// u and the residual a·Δu + c·u − f at the grid points inside the domain (NaN outside), in chunks.
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

/// ‖a − b‖₂ / ‖b‖₂ over the masked entries.
public func relativeL2(_ a: [Double], _ b: [Double], mask: [Bool]) -> Double {
    var num = 0.0, den = 0.0
    for i in a.indices where mask[i] { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
    return (num / den).squareRoot()
}

/// max |a − b| over the masked entries.
public func maxAbs(_ a: [Double], _ b: [Double], mask: [Bool]) -> Double {
    var m = 0.0
    for i in a.indices where mask[i] { m = max(m, abs(a[i] - b[i])) }
    return m
}
