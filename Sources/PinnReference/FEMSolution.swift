/// A finite-element solution: u at the nodes of its mesh, linear (P1) or quadratic in the
/// reference coordinates of each isoparametric cell (P2), or cubic (P3), as the mesh's order says.
public struct FEMSolution: Sendable {
    /// The mesh it lives on.
    public var mesh: FEMMesh
    /// u at every node (in `mesh` node order, edge and face nodes included); NaN at nodes that
    /// belong to no cell.
    public var values: [Double]
    /// The polynomial degree of the elements: 1 (P1), 2 (P2) or 3 (P3), the mesh's order.
    public var order: Int { mesh.order }
    /// Size of the solved linear system (nodes not fixed by Dirichlet conditions).
    public var unknownCount: Int
    /// Nonzeros of the assembled sparse matrix.
    public var nonzeroCount: Int
    /// UMFPACK's estimate of the reciprocal condition number of the matrix (NaN if no solve).
    public var reciprocalConditionEstimate: Double
    /// The linear solver that solved the system, in words.
    public var solver = ""
}
