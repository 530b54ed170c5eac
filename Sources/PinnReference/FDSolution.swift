import PinnNumerics

/// A finite-difference solution on a uniform grid.
///
/// `values` and `mask` are stored with axis 0 (x) fastest: node (i0, i1, i2) is at
/// `i0 + n0·(i1 + n1·i2)`. Read as a C-order array this has shape [n2, n1, n0] (z, y, x),
/// which is how HDF5 and NumPy see it.
public struct FDSolution: Sendable {
    /// The grid (x fastest; see `RectilinearGrid`).
    public var grid: RectilinearGrid
    /// u at every node; NaN at nodes outside the domain.
    public var values: [Double]
    /// true where the node is inside the (closed) domain and `values` is meaningful.
    public var mask: [Bool]
    /// Size of the solved linear system (nodes not fixed by Dirichlet conditions).
    public var unknownCount: Int
    /// Nonzeros of the assembled sparse matrix.
    public var nonzeroCount: Int
    /// UMFPACK's estimate of the reciprocal condition number of the matrix (NaN if no solve).
    public var reciprocalConditionEstimate: Double
    /// The scheme that produced `values` (`secondOrder` when `fourthOrderCompact` was requested
    /// on a domain or with conditions it does not cover; `notes` then says why).
    public var scheme: FDScheme
    /// The order of accuracy in the grid spacing h that `scheme` has on this problem (2, 4, or 6
    /// for `compactRichardson` with Dirichlet conditions only): the global error on smooth
    /// solutions is O(h^order) (`notes` lists where the boundary treatment falls short).
    public var order: Int
    /// What the caller should know about the discretisation: a fallback from the requested
    /// scheme, or boundary parts where the local treatment is of lower order.
    public var notes: [String]
    /// The linear solver that solved the system, in words.
    public var solver = ""

    /// Nodes per axis.
    public var gridPoints: [Int] { grid.counts }

    /// u at node (i0, i1, …).
    public func value(at indices: [Int]) -> Double { values[grid.flatIndex(indices)] }
}
