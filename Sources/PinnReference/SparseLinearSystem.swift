/// The linear system `A u = b` for the unknown nodes of a reference solver (finite differences
/// or finite elements).
public struct SparseLinearSystem: Sendable {
    public var matrix: SparseTripletMatrix
    public var rhs: [Double]
    /// Whether any equation involves Dirichlet data or a Robin term α u (α ≠ 0); without
    /// one, Poisson's matrix is singular (constants are in its kernel).
    public var isAnchored: Bool
    /// A symmetric S, entry by entry beside `matrix` (the same rows and columns), such that A + S
    /// is symmetric positive definite and close to A in the sense of spectra, for preconditioning:
    /// for finite-element Helmholtz S = 2 M_k² (M_k² the mass matrix weighted by k²), so that
    /// A + S = K + M_k² + R (stiffness, mass, Robin term). Nil when there is none.
    public var shift: [Double]?

    public init(matrix: SparseTripletMatrix, rhs: [Double], isAnchored: Bool, shift: [Double]? = nil) {
        self.matrix = matrix
        self.rhs = rhs
        self.isAnchored = isAnchored
        self.shift = shift
    }

    /// Factors the matrix by UMFPACK's LU and solves; returns the solution with the
    /// factorization's statistics.
    func solve() throws(SparseLUError) -> (solution: [Double], nonzeroCount: Int, reciprocalCondition: Double) {
        let factorization = try SparseLUFactorization(matrix)
        return (try factorization.solve(rhs), factorization.nonzeroCount, factorization.reciprocalConditionEstimate)
    }
}
