import CBLAS

/// A square matrix A (n × n, column-major) factored as P A = L U by LAPACK's `dgetrf` (partial
/// pivoting, about 2n³/3 flops), solving A x = b or Aᵀ x = b by `dgetrs` (2n² flops per right-hand
/// side). Refactoring a matrix of the same size reuses the storage, so a solver that factors once per
/// step allocates nothing after the first step.
public struct LUFactorization: Sendable {
    /// Why a matrix could not be factored.
    public enum Failure: Error, Equatable, Sendable {
        /// U has an exact zero on its diagonal at `column` (0-based): A is singular.
        case singular(column: Int)
    }

    /// n.
    public private(set) var size: Int
    /// L (unit lower, below the diagonal) and U (on and above it), column-major.
    private var factors: [Double]
    /// Row i was interchanged with row `pivots[i] − 1` (LAPACK's 1-based convention).
    private var pivots: [Int32]

    /// An empty factorization for n × n matrices, to be filled by `factor`.
    public init(size: Int = 0) {
        precondition(size >= 0, "the size must be non-negative")
        self.size = size
        factors = [Double](repeating: 0, count: size * size)
        pivots = [Int32](repeating: 0, count: size)
    }

    /// Factors the n × n matrix that `fill` writes (column-major, element (i, j) at i + j·n, into an
    /// array of n² entries holding the previous contents), replacing the previous factors.
    /// - Throws: `Failure.singular` when U has a zero pivot.
    public mutating func factor(size n: Int, _ fill: (inout [Double]) -> Void) throws(Failure) {
        precondition(n >= 0, "the size must be non-negative")
        if n != size {
            size = n
            factors = [Double](repeating: 0, count: n * n)
            pivots = [Int32](repeating: 0, count: n)
        }
        fill(&factors)
        precondition(factors.count == n * n, "the matrix must keep its n² entries")
        guard n > 0 else { return }
        // The _work variant skips LAPACKE's NaN scan (NaNs propagate to the solution, where callers check).
        let info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, Int32(n), Int32(n), &factors, Int32(n), &pivots)
        precondition(info >= 0, "dgetrf rejected argument \(-info)")
        if info > 0 { throw .singular(column: Int(info) - 1) }
    }

    /// Overwrites the first n entries of `b` (which may be longer; the rest is left alone) with the
    /// solution x of A x = b, or of Aᵀ x = b when `transposed`.
    public func solve(_ b: inout [Double], transposed: Bool = false) {
        precondition(b.count >= size, "the right-hand side has \(b.count) entries, expected at least \(size)")
        guard size > 0 else { return }
        let trans = Int8(UInt8(ascii: transposed ? "T" : "N"))
        let info = LAPACKE_dgetrs_work(
            LAPACK_COL_MAJOR, trans, Int32(size), 1, factors, Int32(size), pivots, &b, Int32(size))
        precondition(info == 0, "dgetrs rejected argument \(-info)")
    }
}
