import ArgumentParser
import Dispatch
import Foundation
import PinnCommandLine
import PinnNetwork
import PinnNumerics
import PinnTraining

/// `pinn bench-gauss-newton`: where the time of a Gauss–Newton iteration goes, against the machine's
/// GEMM peak measured in the same run.
public struct GaussNewtonBenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench-gauss-newton",
        abstract: "Time the parts of a Gauss–Newton iteration against the BLAS GEMM peak of this machine.",
        discussion: """
            For each network (width × depth, comma-separated as 64x1,24x2) and point count: a 2-D Poisson \
            batch on [−1, 1]² (Laplacian jet at the interior points, value at --boundary points, as `pinn \
            bench`), and the two parts of one Gauss–Newton iteration as `pinn solve` runs them: forming ρ \
            and its N × P Jacobian (PDELoss.weightedResiduals: forward jet, one reverse pass per batch, the \
            per-layer outer products), and the damped step (DampedLeastSquares.step: the Gram matrix by \
            dsyrk, Cholesky by dpotrf, in parameter space when P ≤ N, in point space otherwise). Reports \
            median milliseconds over --repeats runs after one warm-up, GFLOP/s and the fraction of the GEMM \
            peak: the GFLOP/s of a 2000 × 2000 float64 dgemm on the same threads, measured first. \
            Flops counted: the step min(N,P)²·max(N,P) + min(N,P)³/3 (+ 4·N·P for the products with ρ \
            and δ); J's formation 2·N·blocks·Σ_l m_l·n_l for each of the forward GEMMs, the reverse GEMMs \
            and the outer products (blocks = 4 at interior points, 1 at boundary points).
            """)

    @Option(help: "Networks as WIDTHxDEPTH, comma-separated.")
    var networks = "64x1,24x2,32x2"

    @Option(help: "Interior points, comma-separated.")
    var points = "900,2048"

    @Option(help: "Boundary points.")
    var boundary = 120

    @Option(help: "BLAS and worker threads.")
    var threads = 2

    @Option(help: "Timed repetitions (the median is reported).")
    var repeats = 20

    @Flag(help: "Print one JSON object per line and case.")
    var json = false

    public init() {}

    public func run() throws {
        let networks = try networkSizes(networks, option: "--networks")
        let counts: [Int] = try points.split(separator: ",").map {
            guard let n = Int($0), n > 0 else { throw CommandFailure("--points: expected positive integers") }
            return n
        }
        let saved = BLASRuntime.threads, savedWorkers = Parallel.workers
        defer {
            BLASRuntime.setThreads(saved)
            Parallel.workers = savedWorkers
        }
        BLASRuntime.setThreads(threads)
        Parallel.workers = threads
        let peak = Self.gemmPeak(repeats: 5)
        if !json {
            print(String(format: "dgemm 2000³ on %d threads (%@): %.1f GFLOP/s", threads, BLASRuntime.coreName, peak))
            print("network  points    N      P   form J (ms)  GFLOP/s  of peak   step (ms)  GFLOP/s  of peak  form")
        }
        for (width, depth) in networks {
            for n in counts {
                let architecture = SirenArchitecture(inputs: 2, width: width, depth: depth, omega0: 3)
                let bench = PINNStepBenchmark<Double>(
                    problem: .poisson, architecture: architecture, interior: n, boundary: boundary,
                    boundaryWeight: 1, seed: 0)
                let rows = n + boundary, p = architecture.parameterCount
                var rho: [Double] = [], jacobian: [Double] = []
                let form = Self.median(repeats) {
                    bench.loss.weightedResiduals(bench.net, boundaryWeight: 1, residuals: &rho, jacobian: &jacobian)
                }
                let scale = jacobian.reduce(0) { $0 + $1 * $1 } / Double(p)
                let step = Self.median(repeats) {
                    _ = try? DampedLeastSquares.step(jacobian: jacobian, rho: rho, parameters: p, damping: 1e-6 * scale)
                }
                let (small, large) = (Double(min(rows, p)), Double(max(rows, p)))
                let stepFlops = small * small * large + small * small * small / 3 + 4 * Double(rows * p)
                let sizes = architecture.layerSizes
                let layerWork = (0..<architecture.layerCount).reduce(0.0) { $0 + Double(sizes[$1 + 1] * sizes[$1]) }
                let formFlops = 3 * 2 * Double(4 * n + boundary) * layerWork
                let formRate = formFlops / form * 1e-9, stepRate = stepFlops / step * 1e-9
                let kind = rows >= p ? "parameter" : "kernel"
                if json {
                    let fields: [String: Any] = [
                        "width": width, "depth": depth, "points": rows, "parameters": p, "threads": threads,
                        "blas_core": BLASRuntime.coreName, "gemm_peak_gflops": peak, "form_ms": form * 1e3,
                        "form_gflops": formRate, "step_ms": step * 1e3, "step_gflops": stepRate, "step_form": kind
                    ]
                    print(try jsonObject(fields))
                } else {
                    print(
                        String(
                            format: "%3dx%-3d  %6d  %5d  %5d  %11.2f  %7.1f  %6.0f%%  %10.2f  %7.1f  %6.0f%%  %@",
                            width, depth, n, rows, p, form * 1e3, formRate, 100 * formRate / peak, step * 1e3,
                            stepRate, 100 * stepRate / peak, kind))
                }
            }
        }
    }

    /// GFLOP/s of a 2000 × 2000 × 2000 float64 GEMM (the best of `repeats`).
    static func gemmPeak(repeats: Int) -> Double {
        let n = 2000
        var rng = SeededGenerator(seed: 1)
        let a = (0..<(n * n)).map { _ in rng.uniform(-1.0, 1.0) }, b = a
        var c = [Double](repeating: 0, count: n * n)
        var best = Double.infinity
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        Double.gemm(
                            .none, .none, m: n, n: n, k: n, alpha: 1, a: a.baseAddress!, lda: n, b: b.baseAddress!,
                            ldb: n, beta: 0, c: c.baseAddress!, ldc: n)
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        return 2 * Double(n) * Double(n) * Double(n) / best * 1e-9
    }

    /// The median wall time of `repeats` runs of `body` after one warm-up run.
    static func median(_ repeats: Int, _ body: () -> Void) -> Double {
        body()
        var times = [Double]()
        for _ in 0..<max(1, repeats) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        return times.sorted()[times.count / 2]
    }
}
