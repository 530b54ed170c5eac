/// The linear system `A u = b` for the unknown nodes of a reference solver (finite differences
/// or finite elements).
public struct SparseLinearSystem: Sendable {
    public var matrix: SparseTripletMatrix
    public var rhs: [Double]
    /// Whether any equation involves Dirichlet data or a Robin term α u (α ≠ 0); without
    /// one, Poisson's matrix is singular (constants are in its kernel).
    public var isAnchored: Bool

    public init(matrix: SparseTripletMatrix, rhs: [Double], isAnchored: Bool) {
        self.matrix = matrix
        self.rhs = rhs
        self.isAnchored = isAnchored
    }

    /// Factors the matrix by UMFPACK's LU and solves; returns the solution with the
    /// factorization's statistics.
    func solve() throws(SparseLUError) -> (solution: [Double], nonzeroCount: Int, reciprocalCondition: Double) {
        let factorization = try SparseLUFactorization(matrix)
        return (try factorization.solve(rhs), factorization.nonzeroCount, factorization.reciprocalConditionEstimate)
    }
}
