import Dispatch
import PinnNetwork
import PinnNumerics
import PinnTraining
import RealModule

/// One benchmark case: a SIREN training step on a `BenchProblem` on [−1, 1]², the same work as one
/// jit-compiled step of the JAX peer (shared/peers/pinn_jax.py):
///
/// - forward jet (value, gradient, Laplacian) at the interior points and the value at the boundary points;
/// - loss L = mean(r²) + w·mean((u − g)²), r = a·Δu + c·u − source, g the exact solution;
/// - reverse pass through both jets into one parameter gradient;
/// - Adam update (learning rate 1e-3, β = (0.9, 0.999), ε = 1e-8, as optax.adam).
///
/// Points are drawn uniformly (interior) and on the four sides in turn (boundary) from `seed`.
struct PINNStepBenchmark<T: PinnScalar> {
    let problem: BenchProblem
    let boundaryWeight: T
    var net: Siren<T>
    let interior: Matrix<T>
    let boundary: Matrix<T>
    let source: [T]
    let boundaryValues: [T]

    init(problem: BenchProblem, architecture: SirenArchitecture, interior n: Int, boundary nb: Int,
         boundaryWeight: Double, seed: UInt64) {
        self.problem = problem
        self.boundaryWeight = T(boundaryWeight)
        net = Siren(architecture: architecture, seed: seed)
        var rng = SeededGenerator(seed: seed &+ 1)
        let inside = Matrix<T>(rows: 2, cols: n, storage: (0..<2 * n).map { _ in rng.uniform(-1, 1) })
        interior = inside
        var b = Matrix<T>(rows: 2, cols: nb)
        for p in 0..<nb {
            let t: T = rng.uniform(-1, 1)
            switch p % 4 {
            case 0: b[0, p] = -1; b[1, p] = t
            case 1: b[0, p] = 1; b[1, p] = t
            case 2: b[0, p] = t; b[1, p] = -1
            default: b[0, p] = t; b[1, p] = 1
            }
        }
        boundary = b
        source = (0..<n).map { problem.source(inside[0, $0], inside[1, $0]) }
        boundaryValues = (0..<nb).map { problem.exact(b[0, $0], b[1, $0]) }
    }

    /// GEMM floating-point operations of one training step (forward, ∂W, ∂X; no ∂X for layer 0).
    func stepFlops() -> Double {
        let a = net.architecture
        let sizes = a.layerSizes
        var total = 0.0
        for (points, blocks) in [(interior.cols, 4), (boundary.cols, 1)] {
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
        let wsInterior = JetWorkspace<T>(), wsBoundary = JetWorkspace<T>()
        var gradient = [T](repeating: 0, count: net.architecture.parameterCount)
        var adam = Adam<T>(parameterCount: gradient.count, schedule: .constant(rate: 1e-3))
        let (a, c) = problem.residualCoefficients(T.self)
        let n = interior.cols, nb = boundary.cols, d = 2
        let interiorScale = 2 / T(n), boundaryScale = 2 * boundaryWeight / T(nb)
        var loss: T = 0
        func step() {
            net.forward(interior, order: .laplacian, workspace: wsInterior)
            net.forward(boundary, order: .value, workspace: wsBoundary)
            var residualSum: T = 0, boundarySum: T = 0
            for p in 0..<n {
                let r = a * wsInterior.laplacian(0, p) + c * wsInterior.value(0, p) - source[p]
                residualSum += r * r
                wsInterior.outputGradient[0, (1 + d) * n + p] = a * interiorScale * r
                if c != 0 { wsInterior.outputGradient[0, p] = c * interiorScale * r }
            }
            for p in 0..<nb {
                let r = wsBoundary.value(0, p) - boundaryValues[p]
                boundarySum += r * r
                wsBoundary.outputGradient[0, p] = boundaryScale * r
            }
            loss = residualSum / T(n) + boundaryWeight * boundarySum / T(nb)
            for i in gradient.indices { gradient[i] = 0 }
            net.backward(workspace: wsInterior, into: &gradient)
            net.backward(workspace: wsBoundary, into: &gradient)
            adam.update(&net.parameters, gradient: gradient)
        }
        step(); step()  // warm-up: sizes the workspaces
        var forward = [Double](), stepTimes = [Double]()
        forward.reserveCapacity(repeats)
        stepTimes.reserveCapacity(steps)
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            net.forward(interior, order: .laplacian, workspace: wsInterior)
            forward.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        var allocations: UInt64 = 0
        for _ in 0..<steps {
            let count0 = AllocationCounter.count
            let t0 = DispatchTime.now().uptimeNanoseconds
            step()
            let t1 = DispatchTime.now().uptimeNanoseconds
            allocations += AllocationCounter.count - count0
            stepTimes.append(Double(t1 - t0) * 1e-9)
        }
        return StepTiming(forwardSeconds: median(forward), stepSeconds: median(stepTimes), stepFlops: stepFlops(),
                          allocationsPerStep: Double(allocations) / Double(steps), finalLoss: Double(loss))
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
