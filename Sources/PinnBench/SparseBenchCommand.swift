import ArgumentParser
import Foundation
import PinnCommandLine
import PinnNumerics

/// `pinn bench-sparse`: masked dense GEMM against CSR kernels for pruned hidden layers.
public struct SparseBenchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench-sparse",
        abstract: "Time masked dense GEMM against CSR sparse kernels for a pruned hidden layer.",
        discussion: """
            For each width, point count, precision and thread count: one width × width hidden layer pruned \
            by magnitude to --sparsity, on a 2-D Laplacian jet (4 blocks: 4 × points columns). Times the \
            three products of a training step: forward Z = W X, backward ∂X = Wᵀ ∂Z and the weight \
            gradient ∂W = ∂Z Xᵀ, by OpenBLAS GEMM on the masked dense W (∂W computed in full, then masked) \
            and by the CSR kernels of PinnKernels (∂W only at the kept entries); medians of --repeats runs \
            after one warm-up. With one thread the times are the calling thread's CPU time (robust on a \
            shared machine), with more wall-clock time. The sparse results are checked against the dense \
            ones (max_error).

            With --step, times instead whole training steps of a 2 → width×3 → 1 SIREN on a 2-D Poisson \
            batch (Laplacian jet on the interior points, value on --boundary points, Adam) with its \
            hidden-to-hidden weights pruned by magnitude to --sparsity: the layers on masked dense GEMM \
            and on the CSR kernels (SirenSparsity), and the largest relative difference of their losses.
            """)

    @Option(help: "Layer widths, comma-separated.")
    var widths = "64,128,256"

    @Option(help: "Interior points (the jet has 4 × points columns), comma-separated.")
    var points = "512,4096"

    @Option(help: "Fraction of the layer's weights pruned.")
    var sparsity = 0.9

    @Option(help: "Precisions, comma-separated: f32, f64.")
    var precisions = "f32,f64"

    @Option(
        help: "Thread counts (BLAS threads for the dense kernels, worker threads for the sparse ones), comma-separated."
    )
    var threads = "1,2"

    @Option(help: "Timed repetitions per kernel (the median is reported).")
    var repeats = 50

    @Flag(help: "Print one JSON object per line and case.")
    var json = false

    @Flag(help: "Time whole training steps (2-D Poisson, Laplacian jet, Adam) of a 2 → width×3 → 1 SIREN instead.")
    var step = false

    @Option(help: "--step: boundary points.")
    var boundary = 128

    @Option(help: "--step: timed steps (after two warm-up steps).")
    var steps = 30

    public init() {}

    public func run() throws {
        func list(_ text: String) throws -> [Int] {
            try text.split(separator: ",").map {
                guard let v = Int($0.trimmingCharacters(in: .whitespaces)), v > 0 else {
                    throw CommandFailure("expected positive integers, got '\(text)'")
                }
                return v
            }
        }
        let widths = try list(widths), points = try list(points), threadCounts = try list(threads)
        guard (0..<1).contains(sparsity) else { throw CommandFailure("--sparsity must be in [0, 1)") }
        let saved = BLASRuntime.threads
        defer { BLASRuntime.setThreads(saved) }
        if step { return try runSteps(widths: widths, points: points, threadCounts: threadCounts) }
        if !json {
            print(
                "width  points  prec  threads   dense fwd / bwd / dW (ms)      sparse fwd / bwd / dW (ms)     dense/sparse (step)  max_error"
            )
        }
        for precision in precisions.split(separator: ",").map(String.init) {
            for t in threadCounts {
                BLASRuntime.setThreads(t)
                for width in widths {
                    for p in points {
                        let result: SparseLayerBenchmark<Double>.Result
                        switch precision {
                        case "f32":
                            let r = SparseLayerBenchmark<Float>(
                                width: width, columns: 4 * p, sparsity: sparsity, repeats: repeats,
                                seed: 1, threads: t
                            ).run()
                            result = .init(dense: r.dense, sparse: r.sparse, maxError: r.maxError)
                        case "f64":
                            result = SparseLayerBenchmark<Double>(
                                width: width, columns: 4 * p, sparsity: sparsity, repeats: repeats,
                                seed: 1, threads: t
                            ).run()
                        default:
                            throw CommandFailure("unknown precision '\(precision)' (expected f32 or f64)")
                        }
                        report(width: width, points: p, precision: precision, threads: t, result)
                    }
                }
            }
        }
    }

    private func runSteps(widths: [Int], points: [Int], threadCounts: [Int]) throws {
        if !json {
            print(
                "width  points  prec  threads   masked dense step ms   sparse step ms   dense/sparse   loss rel. diff")
        }
        for precision in precisions.split(separator: ",").map(String.init) {
            for t in threadCounts {
                BLASRuntime.setThreads(t)
                Parallel.workers = t
                for width in widths {
                    for p in points {
                        let r: (dense: Double, sparse: Double, lossDifference: Double)
                        switch precision {
                        case "f32":
                            r = SparseStepBenchmark<Float>(
                                width: width, points: p, boundary: boundary, sparsity: sparsity,
                                steps: steps, threads: t
                            ).run()
                        case "f64":
                            r = SparseStepBenchmark<Double>(
                                width: width, points: p, boundary: boundary, sparsity: sparsity,
                                steps: steps, threads: t
                            ).run()
                        default: throw CommandFailure("unknown precision '\(precision)' (expected f32 or f64)")
                        }
                        if json {
                            let object: [String: Any] = [
                                "width": width, "points": p, "boundary": boundary, "precision": precision,
                                "threads": t, "sparsity": sparsity, "masked_dense_step_ms": r.dense * 1e3,
                                "sparse_step_ms": r.sparse * 1e3, "dense_over_sparse": r.dense / r.sparse,
                                "loss_relative_difference": r.lossDifference
                            ]
                            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                                print(String(decoding: data, as: UTF8.self))
                            }
                        } else {
                            print(
                                String(
                                    format: "%5d  %6d  %@  %7d   %20.3f   %14.3f   %12.2f   %.1e", width, p, precision,
                                    t,
                                    r.dense * 1e3, r.sparse * 1e3, r.dense / r.sparse, r.lossDifference))
                        }
                        fflush(nil)
                    }
                }
            }
        }
    }

    private func report(
        width: Int, points: Int, precision: String, threads: Int, _ r: SparseLayerBenchmark<Double>.Result
    ) {
        let ratio = r.dense.reduce(0, +) / r.sparse.reduce(0, +)
        if json {
            let object: [String: Any] = [
                "width": width, "points": points, "precision": precision, "threads": threads, "sparsity": sparsity,
                "dense_forward_ms": r.dense[0] * 1e3, "dense_backward_ms": r.dense[1] * 1e3,
                "dense_weight_gradient_ms": r.dense[2] * 1e3,
                "sparse_forward_ms": r.sparse[0] * 1e3, "sparse_backward_ms": r.sparse[1] * 1e3,
                "sparse_weight_gradient_ms": r.sparse[2] * 1e3, "dense_over_sparse": ratio, "max_error": r.maxError
            ]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                print(String(decoding: data, as: UTF8.self))
            }
        } else {
            func ms(_ v: [Double]) -> String { v.map { String(format: "%7.3f", $0 * 1e3) }.joined(separator: " ") }
            print(
                String(
                    format: "%5d  %6d  %@  %7d   %@        %@        %6.2f          %.1e", width, points, precision,
                    threads,
                    ms(r.dense), ms(r.sparse), ratio, r.maxError))
        }
        fflush(nil)
    }
}
