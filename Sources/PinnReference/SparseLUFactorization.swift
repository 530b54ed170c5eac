// One of the two files of PinnReference that touch C pointers (with SparseCholeskyFactorization.swift):
// UMFPACK's sparse LU, behind safe Swift types.
import CUMFPACK

/// Why UMFPACK failed; the finite-difference and finite-element solvers turn it into their own
/// error type (`FDError`, `FEMError`).
enum SparseLUError: Error {
    /// UMFPACK reported a singular matrix in `call`.
    case singular(call: String)
    /// `call` returned an error `status`.
    case failed(call: String, status: Int, meaning: String)
}

/// LU factors of a square sparse matrix, computed by UMFPACK (`umfpack_dl_*`, 64-bit indices).
///
/// Owns UMFPACK's Symbolic and Numeric objects and frees them in `deinit`.
final class SparseLUFactorization {
    let dimension: Int
    /// Nonzeros of the compressed-column matrix (duplicates summed).
    let nonzeroCount: Int
    /// UMFPACK's estimate of the reciprocal condition number (Info[UMFPACK_RCOND]).
    let reciprocalConditionEstimate: Double
    /// Nonzeros of the factors L and U (Info[UMFPACK_LNZ] + Info[UMFPACK_UNZ]).
    let factorNonzeroCount: Int
    private let columnStarts: [Int]
    private let rowIndices: [Int]
    private let entries: [Double]
    private var symbolic: UnsafeMutableRawPointer?
    private var numeric: UnsafeMutableRawPointer?

    /// Converts to compressed columns (`umfpack_dl_triplet_to_col`), then analyses
    /// (`umfpack_dl_symbolic`) and factors (`umfpack_dl_numeric`) with UMFPACK's defaults.
    init(_ matrix: SparseTripletMatrix) throws(SparseLUError) {
        let n = matrix.dimension
        dimension = n
        var starts = [Int](repeating: 0, count: n + 1)
        var indices = [Int](repeating: 0, count: max(matrix.entryCount, 1))
        var values = [Double](repeating: 0, count: max(matrix.entryCount, 1))
        let status = umfpack_dl_triplet_to_col(
            n, n, matrix.entryCount, matrix.rows, matrix.columns,
            matrix.values, &starts, &indices, &values, nil)
        try Self.check(status, call: "umfpack_dl_triplet_to_col")
        nonzeroCount = starts[n]
        columnStarts = starts
        rowIndices = indices
        entries = values

        // Factor into locals first: if a call fails, `self` is not fully initialised and `deinit`
        // does not run, so whatever UMFPACK allocated so far must be freed here before throwing.
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        var symbolic: UnsafeMutableRawPointer?
        var numeric: UnsafeMutableRawPointer?
        do {
            let symbolicStatus = umfpack_dl_symbolic(n, n, starts, indices, values, &symbolic, nil, &info)
            try Self.check(symbolicStatus, call: "umfpack_dl_symbolic")
            let numericStatus = umfpack_dl_numeric(starts, indices, values, symbolic, &numeric, nil, &info)
            try Self.check(numericStatus, call: "umfpack_dl_numeric")
        } catch {
            Self.free(symbolic: &symbolic, numeric: &numeric)
            throw error
        }
        self.symbolic = symbolic
        self.numeric = numeric
        reciprocalConditionEstimate = info[Int(UMFPACK_RCOND)]
        factorNonzeroCount = Int(info[Int(UMFPACK_LNZ)] + info[Int(UMFPACK_UNZ)])
    }

    deinit {
        Self.free(symbolic: &symbolic, numeric: &numeric)
    }

    /// Frees UMFPACK's objects (each only if allocated) and sets the pointers to `nil`.
    private static func free(symbolic: inout UnsafeMutableRawPointer?, numeric: inout UnsafeMutableRawPointer?) {
        if numeric != nil { umfpack_dl_free_numeric(&numeric) }
        if symbolic != nil { umfpack_dl_free_symbolic(&symbolic) }
    }

    /// Solves A x = b (`umfpack_dl_solve` with `UMFPACK_A`).
    func solve(_ rhs: [Double]) throws(SparseLUError) -> [Double] {
        precondition(rhs.count == dimension, "right-hand side has \(rhs.count) entries, matrix is \(dimension)²")
        var solution = [Double](repeating: 0, count: dimension)
        var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
        let status = umfpack_dl_solve(
            Int(UMFPACK_A), columnStarts, rowIndices, entries,
            &solution, rhs, numeric, nil, &info)
        try Self.check(status, call: "umfpack_dl_solve")
        return solution
    }

    private static func check(_ status: Int, call: String) throws(SparseLUError) {
        switch Int32(truncatingIfNeeded: status) {
        case UMFPACK_OK, UMFPACK_WARNING_determinant_underflow, UMFPACK_WARNING_determinant_overflow:
            return
        case UMFPACK_WARNING_singular_matrix:
            throw .singular(call: call)
        default:
            throw .failed(call: call, status: status, meaning: meaning(of: status))
        }
    }

    private static func meaning(of status: Int) -> String {
        switch Int32(truncatingIfNeeded: status) {
        case UMFPACK_ERROR_out_of_memory: return "out of memory"
        case UMFPACK_ERROR_invalid_Numeric_object: return "invalid Numeric object"
        case UMFPACK_ERROR_invalid_Symbolic_object: return "invalid Symbolic object"
        case UMFPACK_ERROR_argument_missing: return "argument missing"
        case UMFPACK_ERROR_n_nonpositive: return "matrix dimension not positive"
        case UMFPACK_ERROR_invalid_matrix: return "invalid matrix"
        case UMFPACK_ERROR_different_pattern: return "pattern changed between symbolic and numeric"
        case UMFPACK_ERROR_invalid_system: return "invalid system"
        case UMFPACK_ERROR_invalid_permutation: return "invalid permutation"
        case UMFPACK_ERROR_ordering_failed: return "ordering failed"
        case UMFPACK_ERROR_internal_error: return "internal error"
        default: return "unknown status"
        }
    }
}
