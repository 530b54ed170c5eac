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

    /// Nodes per axis.
    public var gridPoints: [Int] { grid.counts }

    /// u at node (i0, i1, …).
    public func value(at indices: [Int]) -> Double { values[grid.flatIndex(indices)] }
}
