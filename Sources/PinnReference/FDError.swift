/// Why a finite-difference reference solve failed, with enough context to act on it.
public enum FDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The domain's dimension or bounding box is unusable.
    case invalidDomain(reason: String)
    /// The grid does not fit the domain or has too few nodes.
    case invalidGrid(gridPoints: [Int], reason: String)
    /// No grid node lies inside the domain.
    case noNodesInside(gridPoints: [Int])
    /// A boundary condition that cannot hold (Robin with α = β = 0).
    case invalidBoundaryCondition(point: [Double], condition: FDBoundaryCondition, reason: String)
    /// A condition this discretisation does not support at that point (Neumann or Robin where
    /// the boundary is curved, slanted, or does not pass through grid nodes).
    case unsupportedBoundaryCondition(point: [Double], normal: [Double], condition: FDBoundaryCondition, reason: String)
    /// The domain's answers contradict each other at a node (for example `boundaryCrossing`
    /// says a neighbour is reachable but `contains` says it is outside).
    case inconsistentDomain(point: [Double], axis: Int, direction: Int, reason: String)
    /// Poisson with only Neumann conditions: the solution is unique only up to a constant, and
    /// exists only when f and the boundary fluxes balance. Add a Dirichlet or Robin condition.
    case pureNeumannPoisson
    /// The assembled matrix is singular (for Helmholtz: k² is a discrete eigenvalue).
    case singularMatrix(call: String)
    /// UMFPACK returned an error status.
    case sparseSolver(call: String, status: Int, meaning: String)
    /// Cholesky or multigrid failed (not positive definite, not symmetrisable, not converged, a
    /// grid that does not match the system).
    case linearSolver(SparseSolverError)

    public var description: String {
        switch self {
        case .invalidDomain(let reason):
            return "invalid domain: \(reason)"
        case .invalidGrid(let gridPoints, let reason):
            return "invalid grid \(gridPoints): \(reason)"
        case .noNodesInside(let gridPoints):
            return "no node of the grid \(gridPoints) lies inside the domain"
        case .invalidBoundaryCondition(let point, let condition, let reason):
            return "invalid boundary condition \(condition) at \(point): \(reason)"
        case .unsupportedBoundaryCondition(let point, let normal, let condition, let reason):
            return "unsupported boundary condition \(condition) at \(point) (normal \(normal)): \(reason)"
        case .inconsistentDomain(let point, let axis, let direction, let reason):
            return
                "inconsistent domain at node \(point), axis \(axis), direction \(direction > 0 ? "+" : "-"): \(reason)"
        case .pureNeumannPoisson:
            return "Poisson problem with only Neumann conditions: the solution is not unique "
                + "(defined up to a constant); add a Dirichlet or Robin condition somewhere"
        case .singularMatrix(let call):
            return "\(call): the finite-difference matrix is singular"
                + " (for Helmholtz, k² may be an eigenvalue of the discrete Laplacian)"
        case .sparseSolver(let call, let status, let meaning):
            return "\(call) failed with UMFPACK status \(status) (\(meaning))"
        case .linearSolver(let error):
            return "linear solver: \(error)"
        }
    }
}

extension FDError {
    /// The sparse solver's failure as a finite-difference error.
    init(_ error: SparseLUError) {
        switch error {
        case .singular(let call): self = .singularMatrix(call: call)
        case .failed(let call, let status, let meaning):
            self = .sparseSolver(call: call, status: status, meaning: meaning)
        }
    }
}

extension FDError {
    /// A failure of `SparseLinearSystem.solve(method:)` as a finite-difference error.
    public init(_ error: SparseSolverError) {
        switch error {
        case .singular(let call): self = .singularMatrix(call: call)
        default: self = .linearSolver(error)
        }
    }
}
