import Dispatch
import PinnKernels
import PinnMeta
import PinnNetwork
import PinnNumerics

/// The C sparse kernels in one precision (C interop).
protocol SparseKernelScalar: PinnScalar {
    static func csrMultiply(m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
                            val: UnsafePointer<Self>, x: UnsafePointer<Self>, ldx: Int, z: UnsafeMutablePointer<Self>,
                            ldz: Int, scratch: UnsafeMutablePointer<Self>)
    static func csrSampledMultiply(m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
                                   g: UnsafePointer<Self>, ldg: Int, x: UnsafePointer<Self>, ldx: Int,
                                   out: UnsafeMutablePointer<Self>, scratch: UnsafeMutablePointer<Self>)
}

extension Float: SparseKernelScalar {
    static func csrMultiply(m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
                            val: UnsafePointer<Float>, x: UnsafePointer<Float>, ldx: Int, z: UnsafeMutablePointer<Float>,
                            ldz: Int, scratch: UnsafeMutablePointer<Float>) {
        pinn_csr_mm_f32(Int32(m), Int32(n), Int32(cols), rowptr, colidx, val, x, Int32(ldx), z, Int32(ldz), scratch)
    }
    static func csrSampledMultiply(m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
                                   g: UnsafePointer<Float>, ldg: Int, x: UnsafePointer<Float>, ldx: Int,
                                   out: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        pinn_csr_sampled_mm_f32(Int32(m), Int32(n), Int32(cols), rowptr, colidx, g, Int32(ldg), x, Int32(ldx), out, scratch)
    }
}

extension Double: SparseKernelScalar {
    static func csrMultiply(m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
                            val: UnsafePointer<Double>, x: UnsafePointer<Double>, ldx: Int, z: UnsafeMutablePointer<Double>,
                            ldz: Int, scratch: UnsafeMutablePointer<Double>) {
        pinn_csr_mm_f64(Int32(m), Int32(n), Int32(cols), rowptr, colidx, val, x, Int32(ldx), z, Int32(ldz), scratch)
    }
    static func csrSampledMultiply(m: Int, n: Int, cols: Int, rowptr: UnsafePointer<Int32>, colidx: UnsafePointer<Int32>,
                                   g: UnsafePointer<Double>, ldg: Int, x: UnsafePointer<Double>, ldx: Int,
                                   out: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        pinn_csr_sampled_mm_f64(Int32(m), Int32(n), Int32(cols), rowptr, colidx, g, Int32(ldg), x, Int32(ldx), out, scratch)
    }
}

/// A pruned m × n weight matrix in CSR form (row pointers, column indices, values).
struct CSRMatrix<T: SparseKernelScalar> {
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
    func multiply(_ x: UnsafePointer<T>, _ z: UnsafeMutablePointer<T>, count: Int, threads: Int,
                  scratch: UnsafeMutablePointer<T>) {
        rowptr.withUnsafeBufferPointer { rp in
            colidx.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { v in
                    let (rp, ci, v) = (rp.baseAddress!, ci.baseAddress!, v.baseAddress!)
                    columnChunks(count, threads: threads) { slot, first, last in
                        T.csrMultiply(m: rows, n: cols, cols: last - first, rowptr: rp, colidx: ci, val: v,
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
struct SparseLayerBenchmark<T: SparseKernelScalar> {
    struct Result {
        var dense: [Double]   // forward, backward, weight gradient: median seconds
        var sparse: [Double]
        var maxError: Double  // largest |sparse − dense| over the three products
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
        let at = CSRMatrix<T>(rows: n, cols: m, dense: (0..<m * n).map { w[($0 / n) + ($0 % n) * m] }) { keep[$1 + $0 * m] }

        var zDense = [T](repeating: 0, count: m * cols), zSparse = zDense
        var dxDense = [T](repeating: 0, count: n * cols), dxSparse = dxDense
        var dwDense = [T](repeating: 0, count: m * n), dwSparse = [T](repeating: 0, count: a.values.count)
        let threads = self.threads
        var scratch = [T](repeating: 0, count: threads * (m + n) * 16)
        var partial = [T](repeating: 0, count: threads * a.values.count)

        func median(_ body: () -> Void) -> Double {
            body()
            var times: [Double] = []
            for _ in 0..<repeats {
                let t0 = DispatchTime.now().uptimeNanoseconds
                body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
            }
            return times.sorted()[times.count / 2]
        }

        var dense: [Double] = [], sparse: [Double] = []
        w.withUnsafeBufferPointer { wp in
            x.withUnsafeBufferPointer { xp in
                g.withUnsafeBufferPointer { gp in
                    let (W, X, G) = (wp.baseAddress!, xp.baseAddress!, gp.baseAddress!)
                    dense.append(median { zDense.withUnsafeMutableBufferPointer { T.gemm(.none, .none, m: m, n: cols, k: n, alpha: 1, a: W, lda: m, b: X, ldb: n, beta: 0, c: $0.baseAddress!, ldc: m) } })
                    dense.append(median { dxDense.withUnsafeMutableBufferPointer { T.gemm(.transposed, .none, m: n, n: cols, k: m, alpha: 1, a: W, lda: m, b: G, ldb: m, beta: 0, c: $0.baseAddress!, ldc: n) } })
                    dense.append(median {
                        dwDense.withUnsafeMutableBufferPointer { dw in
                            T.gemm(.none, .transposed, m: m, n: n, k: cols, alpha: 1, a: G, lda: m, b: X, ldb: n, beta: 0, c: dw.baseAddress!, ldc: m)
                            for i in 0..<m * n where !keep[i] { dw[i] = 0 }
                        }
                    })
                    scratch.withUnsafeMutableBufferPointer { s in
                        let s = s.baseAddress!
                        sparse.append(median { zSparse.withUnsafeMutableBufferPointer { a.multiply(X, $0.baseAddress!, count: cols, threads: threads, scratch: s) } })
                        sparse.append(median { dxSparse.withUnsafeMutableBufferPointer { at.multiply(G, $0.baseAddress!, count: cols, threads: threads, scratch: s) } })
                        partial.withUnsafeMutableBufferPointer { partial in
                            let out = partial.baseAddress!, nnz = a.values.count
                            sparse.append(median {
                                // One partial sum per thread, then their total.
                                for i in 0..<threads * nnz { out[i] = 0 }
                                a.rowptr.withUnsafeBufferPointer { rp in
                                    a.colidx.withUnsafeBufferPointer { ci in
                                        columnChunks(cols, threads: threads) { slot, first, last in
                                            T.csrSampledMultiply(m: m, n: n, cols: last - first, rowptr: rp.baseAddress!,
                                                                 colidx: ci.baseAddress!, g: G + first * m, ldg: m,
                                                                 x: X + first * n, ldx: n, out: out + slot * nnz,
                                                                 scratch: s + slot * (m + n) * 16)
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
