import Dispatch
import PinnNetwork
import PinnNumerics
import PinnTraining
import RealModule

/// One benchmark case: a SIREN training step on the 2-D Poisson problem −Δu = 2π² sin πx sin πy
/// on [−1, 1]² with Dirichlet data from u = sin πx sin πy, loss mean(r²) + 10·mean(b²), Adam.
struct PoissonStepBenchmark<T: PinnScalar> {
    var net: Siren<T>
    let interior: Matrix<T>
    let boundary: Matrix<T>
    let source: [T]
    let boundaryValues: [T]

    init(architecture: SirenArchitecture, interior n: Int, boundary nb: Int, seed: UInt64) {
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
        let exact: (T, T) -> T = { x, y in T.sin(T.pi * x) * T.sin(T.pi * y) }
        source = (0..<n).map { 2 * T.pi * T.pi * exact(inside[0, $0], inside[1, $0]) }
        boundaryValues = (0..<nb).map { exact(b[0, $0], b[1, $0]) }
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

    func measure(repeats: Int) -> StepTiming {
        var net = self.net
        let wsInterior = JetWorkspace<T>(), wsBoundary = JetWorkspace<T>()
        var gradient = [T](repeating: 0, count: net.architecture.parameterCount)
        var adam = Adam<T>(parameterCount: gradient.count)
        func step() {
            net.forward(interior, order: .laplacian, workspace: wsInterior)
            net.forward(boundary, order: .value, workspace: wsBoundary)
            let n = interior.cols, nb = boundary.cols
            let d = 2
            for p in 0..<n {
                let r = -wsInterior.laplacian(0, p) - source[p]
                wsInterior.outputGradient[0, (1 + d) * n + p] = -2 * r / T(n)
            }
            for p in 0..<nb {
                let r = wsBoundary.value(0, p) - boundaryValues[p]
                wsBoundary.outputGradient[0, p] = 20 * r / T(nb)
            }
            for i in gradient.indices { gradient[i] = 0 }
            net.backward(workspace: wsInterior, into: &gradient)
            net.backward(workspace: wsBoundary, into: &gradient)
            adam.update(&net.parameters, gradient: gradient)
        }
        func time(_ body: () -> Void) -> Double {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        }
        step(); step()  // warm-up: sizes the workspaces
        let forward = (0..<repeats).map { _ in time { net.forward(interior, order: .laplacian, workspace: wsInterior) } }
        let steps = (0..<repeats).map { _ in time(step) }
        return StepTiming(forwardSeconds: median(forward), stepSeconds: median(steps), stepFlops: stepFlops())
    }
}

/// Median timings of one benchmark case.
struct StepTiming {
    var forwardSeconds: Double
    var stepSeconds: Double
    var stepFlops: Double
}
