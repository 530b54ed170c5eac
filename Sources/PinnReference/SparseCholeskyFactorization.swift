// One of the two files of PinnReference that touch C pointers (with SparseLUFactorization.swift):
// CHOLMOD's sparse Cholesky, behind a safe Swift type.
import CCHOLMOD

/// Cholesky factors L Lᵀ = P A Pᵀ of a sparse symmetric positive definite matrix, computed by
/// CHOLMOD (`cholmod_l_*`, 64-bit indices) with its default ordering (AMD, or METIS where it
/// pays) and its choice of supernodal or simplicial factorization.
///
/// Owns CHOLMOD's workspace (`cholmod_common`) and factor and frees them in `deinit`. CHOLMOD's
/// own printing is switched off: failures come back as `SparseSolverError`s naming the call.
final class SparseCholeskyFactorization {
    let dimension: Int
    /// Nonzeros of L as CHOLMOD counts them (Common.lnz, from the analysis).
    let factorNonzeroCount: Int
    private let common: UnsafeMutablePointer<cholmod_common>
    private var factor: UnsafeMutablePointer<cholmod_factor>?

    /// Analyses (`cholmod_l_analyze`) and factors (`cholmod_l_factorize`) the symmetric matrix
    /// `a`, of which only the upper triangle is passed to CHOLMOD (the caller symmetrises).
    /// Throws `notPositiveDefinite` naming the failing column, or `failed` with CHOLMOD's status.
    init(_ a: CompressedRowMatrix) throws(SparseSolverError) {
        precondition(a.rowCount == a.columnCount, "Cholesky of a \(a.rowCount)×\(a.columnCount) matrix")
        let n = a.rowCount
        dimension = n
        common = .allocate(capacity: 1)
        cholmod_l_start(common)
        common.pointee.print = 0
        // L Lᵀ rather than CHOLMOD's default L D Lᵀ for simplicial factors: LDLᵀ succeeds on many
        // indefinite matrices, L Lᵀ stops at the first non-positive pivot, as a Cholesky should.
        common.pointee.final_ll = 1
        // Into locals first: if a call fails, `self` is not fully initialised and `deinit` does
        // not run, so whatever CHOLMOD allocated must be freed here before throwing.
        var factor: UnsafeMutablePointer<cholmod_factor>?
        do {
            factor = try Self.factor(a, common: common)
        } catch {
            Self.release(factor: &factor, common: common)
            throw error
        }
        self.factor = factor
        factorNonzeroCount = Int(common.pointee.lnz)
    }

    deinit {
        Self.release(factor: &factor, common: common)
    }

    private static func release(
        factor: inout UnsafeMutablePointer<cholmod_factor>?, common: UnsafeMutablePointer<cholmod_common>
    ) {
        if factor != nil { cholmod_l_free_factor(&factor, common) }
        cholmod_l_finish(common)
        common.deallocate()
    }

    /// The upper triangle of `a` as CHOLMOD's packed, sorted compressed columns (column j of the
    /// upper triangle is row j's entries left of and on the diagonal, by symmetry), then
    /// analysis and numeric factorization; the matrix is freed before returning.
    private static func factor(
        _ a: CompressedRowMatrix, common: UnsafeMutablePointer<cholmod_common>
    ) throws(SparseSolverError) -> UnsafeMutablePointer<cholmod_factor> {
        let n = a.rowCount
        var upperCount = 0
        for j in 0..<n {
            for k in a.rowStarts[j]..<a.rowStarts[j + 1] where a.columns[k] <= j { upperCount += 1 }
        }
        var matrix = cholmod_l_allocate_sparse(n, n, max(upperCount, 1), 1, 1, 1, CHOLMOD_REAL, common)
        defer { if matrix != nil { cholmod_l_free_sparse(&matrix, common) } }
        guard let m = matrix else { throw failure("cholmod_l_allocate_sparse", common) }
        let starts = m.pointee.p.assumingMemoryBound(to: Int.self)
        let rows = m.pointee.i.assumingMemoryBound(to: Int.self)
        let values = m.pointee.x.assumingMemoryBound(to: Double.self)
        var slot = 0
        for j in 0..<n {
            starts[j] = slot
            for k in a.rowStarts[j]..<a.rowStarts[j + 1] where a.columns[k] <= j {
                rows[slot] = Int(a.columns[k])
                values[slot] = a.values[k]
                slot += 1
            }
        }
        starts[n] = slot

        guard let analysed = cholmod_l_analyze(m, common) else { throw failure("cholmod_l_analyze", common) }
        var factor: UnsafeMutablePointer<cholmod_factor>? = analysed
        let ok = cholmod_l_factorize(m, analysed, common)
        if ok == 0 || common.pointee.status != CHOLMOD_OK {
            let status = common.pointee.status, minor = analysed.pointee.minor
            cholmod_l_free_factor(&factor, common)
            if status == CHOLMOD_NOT_POSDEF {
                throw .notPositiveDefinite(
                    call: "cholmod_l_factorize", detail: "the leading minor of order \(minor + 1) is not positive")
            }
            throw failure("cholmod_l_factorize", common)
        }
        return analysed
    }

    /// Solves A x = b (`cholmod_l_solve` with `CHOLMOD_A`).
    func solve(_ rhs: [Double]) throws(SparseSolverError) -> [Double] {
        precondition(rhs.count == dimension, "right-hand side has \(rhs.count) entries, matrix is \(dimension)²")
        var b = cholmod_l_allocate_dense(dimension, 1, dimension, CHOLMOD_REAL, common)
        defer { if b != nil { cholmod_l_free_dense(&b, common) } }
        guard let dense = b else { throw Self.failure("cholmod_l_allocate_dense", common) }
        let entries = dense.pointee.x.assumingMemoryBound(to: Double.self)
        for i in 0..<dimension { entries[i] = rhs[i] }
        var x = cholmod_l_solve(CHOLMOD_A, factor, dense, common)
        defer { if x != nil { cholmod_l_free_dense(&x, common) } }
        guard let solved = x else { throw Self.failure("cholmod_l_solve", common) }
        let values = solved.pointee.x.assumingMemoryBound(to: Double.self)
        return (0..<dimension).map { values[$0] }
    }

    private static func failure(_ call: String, _ common: UnsafeMutablePointer<cholmod_common>) -> SparseSolverError {
        let status = Int(common.pointee.status)
        let meaning =
            switch common.pointee.status {
            case CHOLMOD_OUT_OF_MEMORY: "out of memory"
            case CHOLMOD_TOO_LARGE: "integer overflow"
            case CHOLMOD_INVALID: "invalid input"
            case CHOLMOD_NOT_INSTALLED: "method not installed"
            case CHOLMOD_NOT_POSDEF: "matrix not positive definite"
            case CHOLMOD_DSMALL: "diagonal of the factor very small"
            default: "unknown status"
            }
        return .failed(call: "\(call) (CHOLMOD)", status: status, meaning: meaning)
    }
}
