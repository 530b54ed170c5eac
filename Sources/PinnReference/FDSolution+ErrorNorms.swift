import Foundation

/// Discrete error norms over the nodes inside the domain.
public struct FDErrorNorms: Sendable, Equatable {
    /// max |u − u_exact| over the masked nodes.
    public var maxAbsolute: Double
    /// ‖u − u_exact‖₂ / ‖u_exact‖₂ over the masked nodes (unweighted node sums, as pinn
    /// reports errors over output grids).
    public var relativeL2: Double
}

extension FDSolution {
    /// Errors of this solution against an exact solution evaluated at the nodes.
    public func errorNorms(against exact: ([Double]) -> Double) -> FDErrorNorms {
        var maxAbsolute = 0.0, errorSquared = 0.0, exactSquared = 0.0
        for linear in values.indices where mask[linear] {
            let reference = exact(grid.point(grid.index(ofFlat: linear)))
            let error = values[linear] - reference
            maxAbsolute = max(maxAbsolute, abs(error))
            errorSquared += error * error
            exactSquared += reference * reference
        }
        return FDErrorNorms(
            maxAbsolute: maxAbsolute,
            relativeL2: (errorSquared / exactSquared).squareRoot())
    }
}

/// Observed orders of convergence between successive refinements:
/// `log(e_i / e_{i+1}) / log(h_i / h_{i+1})`.
public func observedOrders(errors: [Double], spacings: [Double]) -> [Double] {
    zip(zip(errors, errors.dropFirst()), zip(spacings, spacings.dropFirst())).map { e, h in
        log(e.0 / e.1) / log(h.0 / h.1)
    }
}
