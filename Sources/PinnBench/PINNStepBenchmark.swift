import Dispatch
import PinnNetwork
import PinnNumerics
import PinnTraining

/// One benchmark case: a SIREN training step on a `BenchProblem` on [−1, 1]², the same work as one
/// jit-compiled step of the JAX peer (shared/peers/pinn_jax.py), done by the shipped code path of
/// `PINNTrainer`'s Adam phase:
///
/// - `PDELoss.evaluate`: forward jet (value, gradient, Laplacian) at the interior points and the value
///   at the boundary points (Dirichlet: α = 1, β = 0), the terms mean(r²) and mean((u − g)²) with
///   r = a·Δu + c·u − source and g the exact solution, and the reverse pass of each term;
/// - the combined gradient g = g_r + w·g_b;
/// - `Adam.update` (learning rate 1e-3, β = (0.9, 0.999), ε = 1e-8, as optax.adam).
///
/// Points are drawn uniformly (interior) and on the four sides in turn (boundary) from `seed`.
struct PINNStepBenchmark<T: PinnScalar> {
    let problem: BenchProblem
    let boundaryWeight: T
    var net: Siren<T>
    /// The loss the timed steps evaluate.
    let loss: PDELoss<T>

    init(
        problem: BenchProblem, architecture: SirenArchitecture, interior n: Int, boundary nb: Int,
        boundaryWeight: Double, seed: UInt64
    ) {
        self.problem = problem
        self.boundaryWeight = T(boundaryWeight)
        net = Siren(architecture: architecture, seed: seed)
        var rng = SeededGenerator(seed: seed &+ 1)
        let inside = Matrix<T>(rows: 2, cols: n, storage: (0..<2 * n).map { _ in rng.uniform(-1, 1) })
        var points = Matrix<T>(rows: 2, cols: nb), normals = Matrix<T>(rows: 2, cols: nb)
        for p in 0..<nb {
            let t: T = rng.uniform(-1, 1)
            let (point, normal): ((T, T), (T, T)) =
                switch p % 4 {
                case 0: ((-1, t), (-1, 0))
                case 1: ((1, t), (1, 0))
                case 2: ((t, -1), (0, -1))
                default: ((t, 1), (0, 1))
                }
            (points[0, p], points[1, p]) = point
            (normals[0, p], normals[1, p]) = normal
        }
        let (a, c) = problem.residualCoefficients(T.self)
        let interior = InteriorBatch(
            points: inside, source: (0..<n).map { problem.source(inside[0, $0], inside[1, $0]) },
            reaction: c == 0 ? [] : [T](repeating: c, count: n), laplacianCoefficient: a)
        let boundary = BoundaryBatch(
            points: points, normals: normals, alpha: [T](repeating: 1, count: nb),
            beta: [T](repeating: 0, count: nb),
            value: (0..<nb).map { problem.exact(points[0, $0], points[1, $0]) })
        loss = PDELoss(interior: interior, boundary: boundary)
    }

    /// GEMM floating-point operations of one training step (forward, ∂W, ∂X; no ∂X for layer 0).
    func stepFlops() -> Double {
        let a = net.architecture
        let sizes = a.layerSizes
        var total = 0.0
        for (points, blocks) in [(loss.interior.points.cols, 4), (loss.boundary.points.cols, 1)] {
            for l in 0..<a.layerCount {
                let f = 2 * Double(sizes[l + 1] * sizes[l] * blocks * points)
                total += (l == 0 ? 2 : 3) * f
            }
        }
        return total
    }

    /// Times `repeats` forward jets and `steps` training steps after two warm-up steps (which size the
    /// workspaces), counting the heap allocations made during the timed steps.
    func measure(repeats: Int, steps: Int) -> StepTiming {
        var net = self.net
        let count = net.architecture.parameterCount
        var gr = [T](repeating: 0, count: count), gb = gr, g = gr
        var adam = Adam<T>(parameterCount: count, schedule: .constant(rate: 1e-3))
        let w = boundaryWeight
        var lastLoss = Double.nan
        // One Adam step of `PINNTrainer.train` with the boundary weight fixed at w.
        func step() {
            let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
            lastLoss = terms.residual + Double(w) * terms.boundary
            for i in 0..<count { g[i] = gr[i] + w * gb[i] }
            adam.update(&net.parameters, gradient: g)
        }
        step(); step() // warm-up: sizes the workspaces
        let workspace = JetWorkspace<T>()
        net.forward(loss.interior.points, order: .laplacian, workspace: workspace) // warm-up
        var forward = [Double](), stepTimes = [Double]()
        forward.reserveCapacity(repeats)
        stepTimes.reserveCapacity(steps)
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            net.forward(loss.interior.points, order: .laplacian, workspace: workspace)
            forward.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        var allocations: UInt64 = 0
        for _ in 0..<steps {
            AllocationCounter.traceIfRequested(true)
            let count0 = AllocationCounter.count
            let t0 = DispatchTime.now().uptimeNanoseconds
            step()
            let t1 = DispatchTime.now().uptimeNanoseconds
            allocations += AllocationCounter.count - count0
            AllocationCounter.traceIfRequested(false)
            stepTimes.append(Double(t1 - t0) * 1e-9)
        }
        return StepTiming(
            forwardSeconds: median(forward), stepSeconds: median(stepTimes), stepFlops: stepFlops(),
            allocationsPerStep: Double(allocations) / Double(steps),
            finalLoss: lastLoss)
    }
}

/// Median timings of one benchmark case, and the heap allocations of its timed steps.
struct StepTiming {
    var forwardSeconds: Double
    var stepSeconds: Double
    var stepFlops: Double
    /// Mean heap allocations per timed training step (whole process, all threads).
    var allocationsPerStep: Double
    /// The loss at the last timed step's parameters.
    var finalLoss: Double
}
