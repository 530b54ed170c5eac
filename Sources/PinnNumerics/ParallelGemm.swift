extension PinnScalar {
    /// C ← α op(A) op(B) + β C (as `gemm`, column-major, op(A) m×k, op(B) k×n), with C cut into
    /// blocks of columns (or of rows, when C has more rows than columns) that the worker pool computes
    /// at the same time, each by one single-threaded BLAS call.
    ///
    /// pinn runs OpenBLAS single-threaded (set on first use) and does its own splitting: one pool
    /// serves GEMMs and elementwise kernels, so the two never compete for cores, and OpenBLAS's
    /// threaded path (which allocates per call) is never taken. Each entry of C is computed by one
    /// BLAS call over the full k; the blocks depend only on m, n, k and `Parallel.workers`.
    @inlinable
    public static func parallelGemm(
        _ ta: Transpose, _ tb: Transpose, m: Int, n: Int, k: Int, alpha: Self,
        a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int
    ) {
        BLASRuntime.ensureSingleThreaded()
        let task = GemmBlocks(
            ta: ta, tb: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
        Parallel.forParts(task.parts, task)
    }
}

/// The blocks of one `parallelGemm`.
@usableFromInline
struct GemmBlocks<T: PinnScalar>: ParallelTask {
    /// Fewest floating-point operations per block: below this, waking a thread costs more than it saves.
    @usableFromInline static var minimumBlockFlops: Int { 1 << 21 }
    /// Column blocks start at multiples of 12 columns: OpenBLAS's SGEMM on Haswell/Zen works through
    /// the columns 12 at a time, and splitting elsewhere changes which kernel path computes a column and
    /// so its rounding. At multiples of 12 every column comes out bit for bit as from one unsplit call
    /// (checked for the network's shapes with the Zen, Haswell and Sandybridge kernels, Float and
    /// Double), so the result does not depend on the number of threads there.
    @usableFromInline static var columnAlignment: Int { 12 }
    /// Row blocks (when C has too few columns to split) start at multiples of 16 rows.
    @usableFromInline static var rowAlignment: Int { 16 }

    @usableFromInline let ta: Transpose, tb: Transpose
    @usableFromInline let m: Int, n: Int, k: Int
    @usableFromInline let alpha: T, beta: T
    @usableFromInline let a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>
    @usableFromInline let lda: Int, ldb: Int, ldc: Int
    /// Whether the blocks are column blocks (else row blocks).
    @usableFromInline let byColumns: Bool
    @usableFromInline let parts: Int

    @inlinable
    init(
        ta: Transpose, tb: Transpose, m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        (self.ta, self.tb, self.m, self.n, self.k, self.alpha, self.beta) = (ta, tb, m, n, k, alpha, beta)
        (self.a, self.b, self.c, self.lda, self.ldb, self.ldc) = (a, b, c, lda, ldb, ldc)
        byColumns = n >= 2 * Self.columnAlignment || n >= m
        let blocks = byColumns ? n / Self.columnAlignment : m / Self.rowAlignment
        parts = max(1, min(Parallel.workers, 2 * m * n * k / Self.minimumBlockFlops, blocks))
    }

    /// Start of block `part` along the split dimension: the even split rounded to the nearest
    /// multiple of the alignment (the last block ends at the edge).
    @inlinable
    func edge(_ part: Int) -> Int {
        let size = byColumns ? n : m
        if part >= parts { return size }
        let unit = byColumns ? Self.columnAlignment : Self.rowAlignment
        return min(size, (size * part / parts + unit / 2) / unit * unit)
    }

    @inlinable
    func run(part: Int) {
        let lo = edge(part), hi = edge(part + 1)
        guard hi > lo else { return }
        if byColumns {
            // Columns lo..<hi of C and of op(B).
            let bBlock = tb == .none ? b + lo * ldb : b + lo
            T.gemm(
                ta, tb, m: m, n: hi - lo, k: k, alpha: alpha, a: a, lda: lda, b: bBlock, ldb: ldb,
                beta: beta, c: c + lo * ldc, ldc: ldc)
        } else {
            // Rows lo..<hi of C and of op(A).
            let aBlock = ta == .none ? a + lo : a + lo * lda
            T.gemm(
                ta, tb, m: hi - lo, n: n, k: k, alpha: alpha, a: aBlock, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c + lo, ldc: ldc)
        }
    }
}
