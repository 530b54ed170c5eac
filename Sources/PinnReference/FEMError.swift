/// Why a finite-element reference solve failed, with enough context to act on it.
///
/// Cells and facets are named by their 0-based index in `FEMMesh`, nodes by theirs.
public enum FEMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mesh arrays do not describe a simplex mesh (wrong lengths, indices out of range,
    /// coordinates not finite, a facet that is not on the boundary, …).
    case invalidMesh(reason: String)
    /// A cell whose area or volume is zero (or negligible against its size).
    case degenerateCell(cell: Int, nodes: [Int], measure: Double)
    /// A quadratic (isoparametric) cell whose Jacobian determinant changes sign or nearly
    /// vanishes at `point`: an edge node moved so far that the cell folds over.
    case invertedCell(cell: Int, nodes: [Int], point: [Double], determinant: Double)
    /// A face on the boundary of the mesh that no facet covers, so no condition holds there.
    case uncoveredBoundary(nodes: [Int], point: [Double])
    /// A facet names a boundary condition that the problem does not have.
    case unknownBoundaryCondition(facet: Int, index: Int, conditionCount: Int)
    /// A boundary condition that cannot hold as given (Robin with β = 0 at a point of the facet).
    case invalidBoundaryCondition(facet: Int, point: [Double], reason: String)
    /// Poisson with only Neumann conditions: the solution is unique only up to a constant, and
    /// exists only when f and the boundary fluxes balance. Add a Dirichlet or Robin condition.
    case pureNeumannPoisson
    /// The assembled matrix is singular (for Helmholtz: k² is a discrete eigenvalue).
    case singularMatrix(call: String)
    /// UMFPACK returned an error status.
    case sparseSolver(call: String, status: Int, meaning: String)
    /// The linear solver failed (see `SparseSolverError`).
    case linearSolver(SparseSolverError)

    public var description: String {
        switch self {
        case .invalidMesh(let reason):
            return "invalid finite-element mesh: \(reason)"
        case .degenerateCell(let cell, let nodes, let measure):
            return "cell \(cell) (nodes \(nodes)) is degenerate: its measure \(measure) is zero against its size"
        case .invertedCell(let cell, let nodes, let point, let determinant):
            return "quadratic cell \(cell) (nodes \(nodes)) is inverted or folded: its isoparametric Jacobian "
                + "determinant is \(determinant) at \(point), against the sign or size it has elsewhere "
                + "(are its edge nodes in Gmsh's order, and near the edges' midpoints?)"
        case .uncoveredBoundary(let nodes, let point):
            return "the boundary face with nodes \(nodes) (centre \(point)) has no boundary condition: "
                + "no facet of the mesh covers it"
        case .unknownBoundaryCondition(let facet, let index, let count):
            return "facet \(facet) refers to boundary condition \(index), but the problem has \(count) "
                + "(indices 0..<\(count))"
        case .invalidBoundaryCondition(let facet, let point, let reason):
            return "invalid boundary condition on facet \(facet) at \(point): \(reason)"
        case .pureNeumannPoisson:
            return "Poisson problem with only Neumann conditions: the solution is not unique "
                + "(defined up to a constant); add a Dirichlet or Robin condition somewhere"
        case .singularMatrix(let call):
            return "\(call): the finite-element matrix is singular"
                + " (for Helmholtz, k² may be an eigenvalue of the discrete problem)"
        case .sparseSolver(let call, let status, let meaning):
            return "\(call) failed with UMFPACK status \(status) (\(meaning))"
        case .linearSolver(let error):
            return "the finite-element system could not be solved: \(error)"
        }
    }
}

extension FEMError {
    /// The sparse solver's failure as a finite-element error.
    init(_ error: SparseLUError) {
        switch error {
        case .singular(let call): self = .singularMatrix(call: call)
        case .failed(let call, let status, let meaning):
            self = .sparseSolver(call: call, status: status, meaning: meaning)
        }
    }
}

extension FEMError {
    /// A failure of `SparseLinearSystem.solve(method:)` as a finite-element error.
    public init(_ error: SparseSolverError) {
        switch error {
        case .singular(let call): self = .singularMatrix(call: call)
        default: self = .linearSolver(error)
        }
    }
}
