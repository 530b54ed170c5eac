/// Why a sparse solve (`SparseLinearSystem.solve(method:)`) failed, naming the call or method.
public enum SparseSolverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The factorization found the matrix singular (`call` is the library routine).
    case singular(call: String)
    /// A library routine (UMFPACK or CHOLMOD) returned an error status.
    case failed(call: String, status: Int, meaning: String)
    /// Cholesky or conjugate gradients met a matrix that is not positive definite.
    case notPositiveDefinite(call: String, detail: String)
    /// No positive diagonal scaling makes the matrix symmetric, so Cholesky and conjugate
    /// gradients do not apply; use `.lu`.
    case notSymmetrizable(reason: String)
    /// The grid shape passed to `.multigrid` does not match the system.
    case invalidMultigridGrid(reason: String)
    /// The iteration did not reach `tolerance` within `iterations`.
    case notConverged(method: String, iterations: Int, relativeResidual: Double, tolerance: Double)

    public var description: String {
        switch self {
        case .singular(let call):
            return "\(call): the matrix is singular"
        case .failed(let call, let status, let meaning):
            return "\(call) failed with status \(status) (\(meaning))"
        case .notPositiveDefinite(let call, let detail):
            return "\(call): the matrix is not positive definite (\(detail))"
        case .notSymmetrizable(let reason):
            return "the matrix cannot be made symmetric by a positive diagonal scaling (\(reason)); "
                + "Cholesky and multigrid-preconditioned CG need that, use LU"
        case .invalidMultigridGrid(let reason):
            return "the multigrid grid does not match the system: \(reason)"
        case .notConverged(let method, let iterations, let relativeResidual, let tolerance):
            return "\(method) did not converge in \(iterations) iterations: relative residual "
                + "\(relativeResidual), tolerance \(tolerance)"
        }
    }
}

extension SparseSolverError {
    init(_ error: SparseLUError) {
        switch error {
        case .singular(let call): self = .singular(call: call)
        case .failed(let call, let status, let meaning): self = .failed(call: call, status: status, meaning: meaning)
        }
    }
}
