import ArgumentParser
import Foundation
import PinnCommandLine
import PinnNetwork
import PinnNumerics
import PinnTraining

/// `pinn bench`: timings of the forward jet and of a full training step (against the GEMM peak and the
/// JAX peer), of a spiral Neural ODE iteration, or the peak memory of Neural ODE gradients.
public struct BenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Time a SIREN PINN training step (2-D Poisson or Helmholtz, Adam) or a spiral Neural ODE iteration, as the JAX peers do.",
        discussion: """
            A case is a SIREN (width × depth, ω₀) on N interior points in 2-D carrying value, gradient \
            and Laplacian, plus boundary points carrying the value; the loss is \
            mean(r²) + w·mean((u − g)²) with r = −Δu − f (poisson, u = sin πx sin πy) or \
            r = Δu + k²u − q (helmholtz, u = sin πx sin 4πy, k = 1), g the exact solution, as in the JAX peer \
            (shared/peers/pinn_jax.py). A training step is forward + reverse + Adam update (lr 1e-3). \
            FLOPs counted are those of the GEMMs: per layer 2·out·in·blocks·points forward, the same \
            again for ∂W and for ∂X (none for the first layer's ∂X); elementwise work is not counted. \
            The GEMM peak is measured in the same run (square GEMM of size 1536). Times are medians; \
            allocations_per_step counts every heap allocation (all threads) during the timed steps.

            With --node, times instead iterations of the spiral Neural ODE as shared/peers/node_jax.py \
            (MLP 2→50→2 tanh on y³, 20 windows of 10 points, Dormand–Prince rtol 1e-7 atol 1e-9, Adam), \
            with the adjoint or backpropagation (--node-gradient), and reports median_iter_ms.

            With --ode-memory, measures instead the peak resident memory of one Neural ODE gradient \
            (MLP 2→64→2, a rotation so that the adaptive solver's step count grows with the span) by the \
            adjoint method and by backpropagation through the solver steps, for each span factor, each in \
            its own child process (VmHWM); a child computing only the loss gives the process baseline.

            With --stiff, times instead the implicit solver (Radau IIA 5, and `auto`) on Robertson's \
            kinetics over each span of --stiff-spans at each rtol of --stiff-tolerances (atol = rtol × \
            --stiff-atol-factor), with f and ∂f/∂y compiled or from a problem file's expressions, and \
            reports the median time of a solve, the work and the errors of the final state against the \
            reference table (scripts/peers/robertson_scipy.py runs it beside scipy's Radau and BDF).
            """)

    @Option(help: "Network sizes as WIDTHxDEPTH, comma-separated.")
    var sizes = "64x3,256x4"

    @Option(help: "Precisions, comma-separated: f32, f64.")
    var precisions = "f32,f64"

    @Option(help: "Interior collocation points.")
    var points = 4096

    @Option(help: "Boundary points.")
    var boundary = 1024

    @Option(help: "Problem: poisson (−Δu = f) or helmholtz (Δu + k²u = q).")
    var problem = BenchProblem.poisson

    @Option(help: "Timed training steps per case (after two warm-up steps); the median is reported.")
    var steps = 200

    @Option(help: "Weight w of the boundary term mean((u − g)²).")
    var bcWeight = 10.0

    @Option(help: "Timed forward-jet repetitions per case (after warm-up).")
    var repeats = 20

    @Option(help: "First-layer frequency ω₀.")
    var omega0 = 30.0

    @Option(help: "Random seed for weights and points.")
    var seed: UInt64 = 0

    @Flag(
        inversion: .prefixedNo,
        help:
            "Measure the GEMM peak first (--no-peak skips it, e.g. under valgrind; the peak fields are then left out).")
    var peak = true

    @Flag(help: "Print one JSON object per line and case.")
    var json = false

    @Flag(help: "Time the spiral Neural ODE (as shared/peers/node_jax.py) instead of the PINN step.")
    var node = false

    @Option(help: "--node: gradient method, adjoint or backprop.")
    var nodeGradient = NodeGradient.adjoint

    @Option(help: "--node: timed iterations (after one warm-up iteration).")
    var iters = 200

    @Flag(help: "Measure the peak memory of Neural ODE gradients (adjoint vs backpropagation) instead.")
    var odeMemory = false

    @Option(help: "--ode-memory: the span of the base case (time units; one rotation per unit).")
    var odeSpan = 500.0

    @Option(help: "--ode-memory: span factors, comma-separated.")
    var odeSpanFactors = "1,10"

    @Option(help: "--ode-memory: relative tolerance of the solves (absolute: 1/100 of it).")
    var odeTolerance = 1e-8

    @Option(help: "--ode-memory: the solver, dopri5 or radau5 (implicit; its adjoint re-solves from checkpoints).")
    var odeIntegrator = ODEIntegrator.dopri5

    @Option(help: .hidden)
    var odeMemoryChild: String?

    @Flag(help: "Time the implicit solver on Robertson's kinetics instead.")
    var stiff = false

    @Option(help: "--stiff: end times of the spans [0, T], comma-separated.")
    var stiffSpans = "1e5,1e11"

    @Option(help: "--stiff: relative tolerances, comma-separated.")
    var stiffTolerances = "1e-4,1e-6,1e-8"

    @Option(help: "--stiff: atol = rtol × this factor.")
    var stiffAbsoluteFactor = 1e-6

    @Option(help: "--stiff: solves per case; the median time is reported.")
    var stiffRepeats = 5

    public func validate() throws {
        guard points > 0, boundary >= 0, repeats > 0, steps > 0, iters > 0 else {
            throw ValidationError("points, repeats, steps and iters must be positive")
        }
        _ = try parsedSizes()
        _ = try parsedPrecisions()
    }

    private func parsedSizes() throws -> [(width: Int, depth: Int)] {
        try networkSizes(sizes, option: "--sizes")
    }

    private func parsedPrecisions() throws -> [String] {
        let list = precisions.split(separator: ",").map(String.init)
        for p in list where p != "f32" && p != "f64" {
            throw ValidationError("--precisions: expected f32 or f64, got '\(p)'")
        }
        return list
    }

    public init() {}

    public func run() throws {
        if let child = odeMemoryChild { return try runODEMemoryChild(child) }
        if odeMemory { return try runODEMemory() }
        if stiff { return try runStiff() }
        if node { return try runNODE() }
        guard AllocationCounter.isActive else { throw CommandFailure("the allocation counter is not interposed") }
        let peaks = peak ? ["f32": measureGemmRate(Float.self), "f64": measureGemmRate(Double.self)] : [:]
        if !json {
            let peakText =
                peak
                ? String(format: "; GEMM peak f32 %.1f GFLOP/s, f64 %.1f GFLOP/s", peaks["f32"]!, peaks["f64"]!) : ""
            print(
                "OpenBLAS core \(BLASRuntime.coreName) (single-threaded), \(Parallel.workers) pinn threads\(peakText)")
            print("\(problem.rawValue), \(points) interior + \(boundary) boundary points, \(steps) timed steps")
            print("case          prec  forward ms   step ms   GFLOP/s  of peak  allocs/step")
        }
        for (width, depth) in try parsedSizes() {
            for precision in try parsedPrecisions() {
                let arch = SirenArchitecture(inputs: 2, width: width, depth: depth, omega0: omega0)
                let result =
                    precision == "f32"
                    ? PINNStepBenchmark<Float>(
                        problem: problem, architecture: arch, interior: points, boundary: boundary,
                        boundaryWeight: bcWeight, seed: seed
                    ).measure(repeats: repeats, steps: steps)
                    : PINNStepBenchmark<Double>(
                        problem: problem, architecture: arch, interior: points, boundary: boundary,
                        boundaryWeight: bcWeight, seed: seed
                    ).measure(repeats: repeats, steps: steps)
                let peakRate = peaks[precision] ?? .nan
                let gflops = result.stepFlops / (result.stepSeconds * 1e9)
                let name = "siren_\(width)x\(depth)"
                if json {
                    var fields: [String: Any] = [
                        "case": name, "problem": problem.rawValue, "precision": precision, "width": width,
                        "depth": depth,
                        "points": points, "boundary_points": boundary, "bc_weight": bcWeight, "steps": steps,
                        "allocations_per_step": result.allocationsPerStep, "final_loss": result.finalLoss,
                        "median_forward_ms": result.forwardSeconds * 1e3, "median_step_ms": result.stepSeconds * 1e3,
                        "step_gemm_flops": result.stepFlops, "gflops": gflops,
                        "blas_core": BLASRuntime.coreName, "threads": Parallel.workers,
                        "blas_threads": BLASRuntime.threads, "repeats": repeats
                    ]
                    if peak {
                        fields["gemm_peak_gflops"] = peakRate
                        fields["fraction_of_gemm_peak"] = gflops / peakRate
                    }
                    print(try jsonObject(fields))
                } else {
                    let figures = String(
                        format: "%10.2f %9.2f %9.1f %7.1f%% %12.1f", result.forwardSeconds * 1e3,
                        result.stepSeconds * 1e3, gflops, 100 * gflops / peakRate, result.allocationsPerStep)
                    print(name.padding(toLength: 14, withPad: " ", startingAt: 0) + precision + "  " + figures)
                }
            }
        }
    }
}

/// Network sizes written as `WIDTHxDEPTH`, comma-separated ("64x3,256x4"); `option` names the
/// command-line option in errors.
func networkSizes(_ text: String, option: String) throws -> [(width: Int, depth: Int)] {
    try text.split(separator: ",").map { item in
        let parts = item.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
            throw ValidationError("\(option): expected WIDTHxDEPTH such as 64x3, got '\(item)'")
        }
        return (parts[0], parts[1])
    }
}
