import Dispatch
import Glibc
import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnTraining

/// A pruned m × n weight matrix in CSR form (row pointers, column indices, values).
struct CSRMatrix<T: PinnScalar> {
    let rows: Int, cols: Int
    var rowptr: [Int32] = [0], colidx: [Int32] = [], values: [T] = []

    /// From a column-major dense matrix, keeping the entries where `keep(r, c)`.
    init(rows: Int, cols: Int, dense: [T], keep: (Int, Int) -> Bool) {
        self.rows = rows
        self.cols = cols
        for r in 0..<rows {
            for c in 0..<cols where keep(r, c) {
                colidx.append(Int32(c))
                values.append(dense[r + c * rows])
            }
            rowptr.append(Int32(colidx.count))
        }
    }

    /// Z = A X over `count` columns, split across `threads` threads by blocks of 16 columns;
    /// `scratch` holds `threads · (rows + cols) · 16` elements.
    func multiply(
        _ x: UnsafePointer<T>, _ z: UnsafeMutablePointer<T>, count: Int, threads: Int,
        scratch: UnsafeMutablePointer<T>
    ) {
        rowptr.withUnsafeBufferPointer { rp in
            colidx.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { v in
                    let (rp, ci, v) = (rp.baseAddress!, ci.baseAddress!, v.baseAddress!)
                    columnChunks(count, threads: threads) { slot, first, last in
                        T.csrMultiply(
                            m: rows, n: cols, cols: last - first, rowptr: rp, colidx: ci, values: v,
                            x: x + first * cols, ldx: cols, z: z + first * rows, ldz: rows,
                            scratch: scratch + slot * (rows + cols) * 16)
                    }
                }
            }
        }
    }
}

/// Runs `body(slot, first, last)` on `threads` threads over contiguous column ranges of whole 16-column blocks.
func columnChunks(_ count: Int, threads: Int, _ body: (Int, Int, Int) -> Void) {
    let blocks = (count + 15) / 16
    let n = max(1, min(threads, blocks))
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: n) { w in
            body(w, blocks * w / n * 16, min(count, blocks * (w + 1) / n * 16))
        }
    }
}

/// Times masked dense GEMM against the CSR kernels for one pruned hidden layer (width × width at
/// `sparsity`) on a jet of `columns` columns: the forward product Z = W X, the backward product
/// ∂X = Wᵀ ∂Z and the weight gradient ∂W = ∂Z Xᵀ (dense: a full GEMM, then masked; sparse: only
/// the kept entries).
struct SparseLayerBenchmark<T: PinnScalar> {
    struct Result {
        var dense: [Double] // forward, backward, weight gradient: median seconds
        var sparse: [Double]
        var maxError: Double // largest |sparse − dense| over the three products
    }

    let width: Int, columns: Int, sparsity: Double, repeats: Int, seed: UInt64, threads: Int

    func run() -> Result {
        let m = width, n = width, cols = columns
        var rng = SeededGenerator(seed: seed)
        var w = (0..<m * n).map { _ in T(rng.uniform(-1.0, 1.0) as Double) }
        let x = (0..<n * cols).map { _ in T(rng.uniform(-1.0, 1.0) as Double) }
        let g = (0..<m * cols).map { _ in T(rng.uniform(-1.0, 1.0) as Double) }
        // Keep the largest |w| (magnitude pruning of one layer).
        let order = (0..<m * n).sorted { abs(w[$0]) > abs(w[$1]) }
        var keep = [Bool](repeating: false, count: m * n)
        for i in order.prefix(Pruning.keptCount(prunable: m * n, sparsity: sparsity)) { keep[i] = true }
        for i in w.indices where !keep[i] { w[i] = 0 }
        let a = CSRMatrix<T>(rows: m, cols: n, dense: w) { keep[$0 + $1 * m] }
        let at = CSRMatrix<T>(rows: n, cols: m, dense: (0..<m * n).map { w[($0 / n) + ($0 % n) * m] }) {
            keep[$1 + $0 * m]
        }

        var zDense = [T](repeating: 0, count: m * cols), zSparse = zDense
        var dxDense = [T](repeating: 0, count: n * cols), dxSparse = dxDense
        var dwDense = [T](repeating: 0, count: m * n), dwSparse = [T](repeating: 0, count: a.values.count)
        let threads = self.threads
        var scratch = [T](repeating: 0, count: threads * (m + n + a.values.count) * 16)
        var partial = [T](repeating: 0, count: threads * a.values.count)

        // With one thread everything runs on the calling thread: time its CPU clock, which other
        // processes on a shared machine do not advance. With more, wall-clock time.
        func now() -> Double {
            guard threads == 1 else { return Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        }
        func median(_ body: () -> Void) -> Double {
            body()
            var times: [Double] = []
            for _ in 0..<repeats {
                let t0 = now()
                body()
                times.append(now() - t0)
            }
            return times.sorted()[times.count / 2]
        }

        var dense: [Double] = [], sparse: [Double] = []
        w.withUnsafeBufferPointer { wp in
            x.withUnsafeBufferPointer { xp in
                g.withUnsafeBufferPointer { gp in
                    let (W, X, G) = (wp.baseAddress!, xp.baseAddress!, gp.baseAddress!)
                    dense.append(
                        median {
                            zDense.withUnsafeMutableBufferPointer {
                                T.gemm(
                                    .none, .none, m: m, n: cols, k: n, alpha: 1, a: W, lda: m, b: X, ldb: n, beta: 0,
                                    c: $0.baseAddress!, ldc: m)
                            }
                        })
                    dense.append(
                        median {
                            dxDense.withUnsafeMutableBufferPointer {
                                T.gemm(
                                    .transposed, .none, m: n, n: cols, k: m, alpha: 1, a: W, lda: m, b: G, ldb: m,
                                    beta: 0, c: $0.baseAddress!, ldc: n)
                            }
                        })
                    dense.append(
                        median {
                            dwDense.withUnsafeMutableBufferPointer { dw in
                                T.gemm(
                                    .none, .transposed, m: m, n: n, k: cols, alpha: 1, a: G, lda: m, b: X, ldb: n,
                                    beta: 0, c: dw.baseAddress!, ldc: m)
                                for i in 0..<m * n where !keep[i] { dw[i] = 0 }
                            }
                        })
                    scratch.withUnsafeMutableBufferPointer { s in
                        let s = s.baseAddress!
                        sparse.append(
                            median {
                                zSparse.withUnsafeMutableBufferPointer {
                                    a.multiply(X, $0.baseAddress!, count: cols, threads: threads, scratch: s)
                                }
                            })
                        sparse.append(
                            median {
                                dxSparse.withUnsafeMutableBufferPointer {
                                    at.multiply(G, $0.baseAddress!, count: cols, threads: threads, scratch: s)
                                }
                            })
                        partial.withUnsafeMutableBufferPointer { partial in
                            let out = partial.baseAddress!, nnz = a.values.count
                            sparse.append(
                                median {
                                    // One partial sum per thread, then their total.
                                    for i in 0..<threads * nnz { out[i] = 0 }
                                    a.rowptr.withUnsafeBufferPointer { rp in
                                        a.colidx.withUnsafeBufferPointer { ci in
                                            columnChunks(cols, threads: threads) { slot, first, last in
                                                T.csrSampledMultiply(
                                                    m: m, n: n, cols: last - first, rowptr: rp.baseAddress!,
                                                    colidx: ci.baseAddress!, g: G + first * m, ldg: m,
                                                    x: X + first * n, ldx: n, out: out + slot * nnz,
                                                    scratch: s + slot * (m + n + nnz) * 16)
                                            }
                                        }
                                    }
                                    for k in 0..<nnz {
                                        var total: T = 0
                                        for t in 0..<threads { total += out[t * nnz + k] }
                                        dwSparse[k] = total
                                    }
                                })
                        }
                    }
                }
            }
        }
        // Sparse results against the dense ones.
        var maxError = 0.0
        for i in zDense.indices { maxError = max(maxError, Double(abs(zDense[i] - zSparse[i]))) }
        for i in dxDense.indices { maxError = max(maxError, Double(abs(dxDense[i] - dxSparse[i]))) }
        var k = 0
        for r in 0..<m {
            for c in 0..<n where keep[r + c * m] {
                maxError = max(maxError, Double(abs(dwDense[r + c * m] - dwSparse[k])))
                k += 1
            }
        }
        return Result(dense: dense, sparse: sparse, maxError: maxError)
    }
}

/// Times a whole training step (`PDELoss.evaluate` on a 2-D Poisson batch with the Laplacian jet,
/// the combined gradient, `Adam.update`) of a SIREN whose hidden-to-hidden weights are pruned by
/// magnitude to `sparsity`, with its layers on masked dense GEMM and on the CSR kernels
/// (`SirenSparsity` with every pruned layer sparse). With one thread: the thread's CPU time.
struct SparseStepBenchmark<T: PinnScalar> {
    let width: Int, points: Int, boundary: Int, sparsity: Double, steps: Int, threads: Int

    /// Median seconds per step: (masked dense, sparse), and the largest relative difference of
    /// their losses over the timed steps.
    func run() -> (dense: Double, sparse: Double, lossDifference: Double) {
        let architecture = SirenArchitecture(inputs: 2, width: width, depth: 3, omega0: 30)
        let setup = PINNStepBenchmark<T>(
            problem: .poisson, architecture: architecture, interior: points, boundary: boundary,
            boundaryWeight: 10, seed: 0)
        var net = setup.net
        let keep = Pruning.keptCount(prunable: Pruning.prunableIndices(architecture).count, sparsity: sparsity)
        let mask = Pruning.prune(
            net.parameters, mask: ParameterMask(dense: architecture), keep: keep, criterion: .magnitude)
        mask.zeroPruned(&net.parameters)
        var sparseNet = net
        sparseNet.sparsity = SirenSparsity(mask: mask, maximumDensity: 1)
        func now() -> Double {
            guard threads == 1 else { return Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
        }
        func time(_ start: Siren<T>) -> (Double, [Double]) {
            var net = start
            var loss = setup.loss
            loss.parameterMask = mask
            let count = architecture.parameterCount
            var gr = [T](repeating: 0, count: count), gb = gr, g = gr
            var adam = Adam<T>(parameterCount: count, schedule: .constant(rate: 1e-3))
            var times: [Double] = [], losses: [Double] = []
            for step in 0..<steps + 2 {
                let t0 = now()
                let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
                for i in 0..<count { g[i] = gr[i] + 10 * gb[i] }
                adam.update(&net.parameters, gradient: g)
                if step >= 2 { times.append(now() - t0) } // two warm-up steps size the workspaces
                losses.append(terms.residual + 10 * terms.boundary)
            }
            return (times.sorted()[times.count / 2], losses)
        }
        let (dense, denseLosses) = time(net)
        let (sparse, sparseLosses) = time(sparseNet)
        let difference = zip(denseLosses, sparseLosses).map { abs($0 - $1) / abs($0) }.max() ?? .nan
        return (dense, sparse, difference)
    }
}
