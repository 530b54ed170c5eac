import PinnNumerics

/// The CSR pattern of one pruned weight matrix W (rows × cols; column-major in the flat
/// parameters) and of Wᵀ, with where each stored entry sits in W.
public struct SparseLayerPattern: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    let rowptr: [Int32], colidx: [Int32]
    /// Position r + c·rows in W of stored entry k of the CSR form of W.
    let position: [Int]
    let rowptrT: [Int32], colidxT: [Int32]
    /// Position in W of stored entry k of the CSR form of Wᵀ.
    let positionT: [Int]

    /// The pattern of the entries (r, c) of a rows × cols matrix for which `isFree(r + c·rows)`.
    init(rows: Int, cols: Int, isFree: (Int) -> Bool) {
        self.rows = rows
        self.cols = cols
        var rowptr: [Int32] = [0], colidx: [Int32] = [], position: [Int] = []
        for r in 0..<rows {
            for c in 0..<cols where isFree(r + c * rows) {
                colidx.append(Int32(c))
                position.append(r + c * rows)
            }
            rowptr.append(Int32(colidx.count))
        }
        var rowptrT: [Int32] = [0], colidxT: [Int32] = [], positionT: [Int] = []
        for c in 0..<cols {
            for r in 0..<rows where isFree(r + c * rows) {
                colidxT.append(Int32(r))
                positionT.append(r + c * rows)
            }
            rowptrT.append(Int32(colidxT.count))
        }
        (self.rowptr, self.colidx, self.position) = (rowptr, colidx, position)
        (self.rowptrT, self.colidxT, self.positionT) = (rowptrT, colidxT, positionT)
    }

    /// Number of stored (free) weights.
    public var nonzeros: Int { position.count }
}

/// Which affine layers of a pruned SIREN run on CSR kernels instead of dense GEMM, and their patterns.
///
/// `pinn bench-sparse` measured, for one 64- to 256-wide hidden layer on a 2-D Laplacian jet of 512
/// to 4096 points (one thread, its CPU time), that the CSR kernels beat OpenBLAS on the masked dense
/// matrix from about 80 % sparsity on (at 90 %: 1.3–2.5× over the three products of a step; at 70 %:
/// about even; at 50 %: dense 2× faster). So a layer gets a CSR pattern when at most
/// `defaultMaximumDensity` = 20 % of its weights are free.
public struct SirenSparsity: Sendable, Equatable {
    /// One entry per affine layer; nil where the layer stays dense.
    public let layers: [SparseLayerPattern?]

    public static let defaultMaximumDensity = 0.2

    /// The sparse layers of `mask`: those whose fraction of free weights is at most `maximumDensity`.
    public init(mask: ParameterMask, maximumDensity: Double = defaultMaximumDensity) {
        let a = mask.architecture
        let sizes = a.layerSizes
        layers = (0..<a.layerCount).map { l in
            let weights = a.parameterLayout(layer: l).weights
            let free = weights.reduce(0) { $0 + (mask.isFree[$1] ? 1 : 0) }
            guard Double(free) <= maximumDensity * Double(weights.count) else { return nil }
            return SparseLayerPattern(rows: sizes[l + 1], cols: sizes[l]) { mask.isFree[weights.lowerBound + $0] }
        }
    }

    /// Whether no layer is sparse.
    public var isEmpty: Bool { layers.allSatisfy { $0 == nil } }
}

/// Buffers of the sparse kernels, kept in a `JetWorkspace` so that steps do not allocate.
final class SparseScratch<T: PinnScalar> {
    /// Per thread: the kernels' transposed blocks and partial sums.
    var scratch: [T] = []
    /// The stored values of W or Wᵀ gathered from the flat parameters.
    var values: [T] = []
    /// Per thread: weight-gradient partial sums, one per stored entry.
    var partial: [T] = []

    /// Makes room for a rows × cols pattern with `nonzeros` entries on `threads` threads.
    func reserve(rows: Int, cols: Int, nonzeros: Int, threads: Int) {
        let perThread = (rows + cols + nonzeros) * 16
        if scratch.count < threads * perThread { scratch = [T](repeating: 0, count: threads * perThread) }
        if values.count < nonzeros { values = [T](repeating: 0, count: nonzeros) }
        if partial.count < threads * nonzeros { partial = [T](repeating: 0, count: threads * nonzeros) }
    }
}

extension Siren {
    /// Threads for a sparse product over `cols` columns (whole 16-column blocks, at least 512 columns each).
    private func sparseThreads(_ cols: Int) -> Int { max(1, min(Parallel.workers, cols / 512)) }

    /// Runs `body(thread, first, last)` over contiguous column ranges of whole 16-column blocks, on
    /// pinn's worker pool.
    private func sparseChunks(_ cols: Int, threads: Int, _ body: (Int, Int, Int) -> Void) {
        let blocks = (cols + 15) / 16
        let n = max(1, min(threads, blocks))
        if n == 1 { return body(0, 0, cols) }
        withoutActuallyEscaping(body) { body in
            Parallel.forParts(n, SparseColumnBlocks(blocks: blocks, cols: cols, parts: n, body: body))
        }
    }

    /// Z = W X for layer `l` (W at `weights`, X `in × cols`, Z `out × cols`): the CSR kernel when the
    /// layer is sparse, else GEMM.
    func layerProduct(
        _ l: Int, weights: UnsafePointer<T>, x: UnsafePointer<T>, z: UnsafeMutablePointer<T>,
        cols: Int, workspace ws: JetWorkspace<T>
    ) {
        layerMultiply(l, transposed: false, weights: weights, x: x, z: z, cols: cols, ws)
    }

    /// ∂X = Wᵀ ∂Z for layer `l` (∂Z `out × cols`, ∂X `in × cols`).
    func layerInputGradient(
        _ l: Int, weights: UnsafePointer<T>, dz: UnsafePointer<T>, dx: UnsafeMutablePointer<T>,
        cols: Int, workspace ws: JetWorkspace<T>
    ) {
        layerMultiply(l, transposed: true, weights: weights, x: dz, z: dx, cols: cols, ws)
    }

    /// Z = op(W) X with op(W) = W (`out × in`) or Wᵀ: the CSR form of op(W) when the layer is sparse,
    /// else GEMM.
    private func layerMultiply(
        _ l: Int, transposed: Bool, weights: UnsafePointer<T>, x: UnsafePointer<T>,
        z: UnsafeMutablePointer<T>, cols: Int, _ ws: JetWorkspace<T>
    ) {
        let (m, n) = (architecture.layerSize(l + 1), architecture.layerSize(l))
        let (rows, inner) = transposed ? (n, m) : (m, n)
        guard let p = sparsity?.layers[l] else {
            T.parallelGemm(
                transposed ? .transposed : .none, .none, m: rows, n: cols, k: inner, alpha: 1, a: weights,
                lda: m, b: x, ldb: inner, beta: 0, c: z, ldc: rows)
            return
        }
        if transposed {
            sparseMultiply(
                rowptr: p.rowptrT, colidx: p.colidxT, position: p.positionT, rows: rows, inner: inner,
                weights: weights, x: x, z: z, cols: cols, ws)
        } else {
            sparseMultiply(
                rowptr: p.rowptr, colidx: p.colidx, position: p.position, rows: rows, inner: inner,
                weights: weights, x: x, z: z, cols: cols, ws)
        }
    }

    /// ∂W += ∂Z Xᵀ for layer `l`, at the stored entries only when the layer is sparse (the pruned
    /// entries of ∂W are left as they are).
    func layerWeightGradient(
        _ l: Int, dz: UnsafePointer<T>, x: UnsafePointer<T>, gradient: UnsafeMutablePointer<T>,
        cols: Int, workspace ws: JetWorkspace<T>
    ) {
        let (m, n) = (architecture.layerSize(l + 1), architecture.layerSize(l))
        guard let p = sparsity?.layers[l] else {
            T.parallelGemm(
                .none, .transposed, m: m, n: n, k: cols, alpha: 1, a: dz, lda: m, b: x, ldb: n, beta: 1, c: gradient,
                ldc: m)
            return
        }
        let threads = sparseThreads(cols), nnz = p.nonzeros, perThread = (m + n + nnz) * 16
        ws.sparse.reserve(rows: m, cols: n, nonzeros: nnz, threads: threads)
        ws.sparse.scratch.withUnsafeMutableBufferPointer { scratch in
            ws.sparse.partial.withUnsafeMutableBufferPointer { partial in
                p.rowptr.withUnsafeBufferPointer { rowptr in
                    p.colidx.withUnsafeBufferPointer { colidx in
                        let (scratch, partial) = (scratch.baseAddress!, partial.baseAddress!)
                        let (rowptr, colidx) = (rowptr.baseAddress!, colidx.baseAddress!)
                        for i in 0..<threads * nnz { partial[i] = 0 }
                        sparseChunks(cols, threads: threads) { t, first, last in
                            T.csrSampledMultiply(
                                m: m, n: n, cols: last - first, rowptr: rowptr, colidx: colidx,
                                g: dz + first * m, ldg: m, x: x + first * n, ldx: n,
                                out: partial + t * nnz, scratch: scratch + t * perThread)
                        }
                        for k in 0..<nnz {
                            var sum: T = 0
                            for t in 0..<threads { sum += partial[t * nnz + k] }
                            gradient[p.position[k]] += sum
                        }
                    }
                }
            }
        }
    }

    /// Z = A X with A the CSR form (rowptr, colidx) whose entry k is weights[position[k]].
    private func sparseMultiply(
        rowptr: [Int32], colidx: [Int32], position: [Int], rows: Int, inner: Int,
        weights: UnsafePointer<T>, x: UnsafePointer<T>, z: UnsafeMutablePointer<T>, cols: Int,
        _ ws: JetWorkspace<T>
    ) {
        let threads = sparseThreads(cols), perThread = (rows + inner + position.count) * 16
        ws.sparse.reserve(rows: rows, cols: inner, nonzeros: position.count, threads: threads)
        ws.sparse.values.withUnsafeMutableBufferPointer { values in
            ws.sparse.scratch.withUnsafeMutableBufferPointer { scratch in
                rowptr.withUnsafeBufferPointer { rowptr in
                    colidx.withUnsafeBufferPointer { colidx in
                        let (values, scratch) = (values.baseAddress!, scratch.baseAddress!)
                        let (rowptr, colidx) = (rowptr.baseAddress!, colidx.baseAddress!)
                        for k in position.indices { values[k] = weights[position[k]] }
                        sparseChunks(cols, threads: threads) { t, first, last in
                            T.csrMultiply(
                                m: rows, n: inner, cols: last - first, rowptr: rowptr, colidx: colidx,
                                values: values, x: x + first * inner, ldx: inner, z: z + first * rows, ldz: rows,
                                scratch: scratch + t * perThread)
                        }
                    }
                }
            }
        }
    }
}

/// Part w of `parts` of a sparse product: its share of the 16-column blocks.
private struct SparseColumnBlocks: ParallelTask {
    let blocks: Int, cols: Int, parts: Int
    let body: (Int, Int, Int) -> Void

    func run(part w: Int) { body(w, blocks * w / parts * 16, min(cols, blocks * (w + 1) / parts * 16)) }
}
