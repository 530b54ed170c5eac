/// A piecewise-linear finite-element solution: u at the nodes of its mesh, linear in each cell.
public struct FEMSolution: Sendable {
    /// The mesh it lives on.
    public var mesh: FEMMesh
    /// u at every node (in `mesh` node order); NaN at nodes that belong to no cell.
    public var values: [Double]
    /// Size of the solved linear system (nodes not fixed by Dirichlet conditions).
    public var unknownCount: Int
    /// Nonzeros of the assembled sparse matrix.
    public var nonzeroCount: Int
    /// UMFPACK's estimate of the reciprocal condition number of the matrix (NaN if no solve).
    public var reciprocalConditionEstimate: Double
}
