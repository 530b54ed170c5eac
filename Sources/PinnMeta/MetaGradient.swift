import PinnNetwork
import PinnNumerics
import PinnTraining

/// A first-order meta-gradient of one task at the initialisation θ, from the adapted parameters
/// φ_K = U_K(θ) (K inner steps). The exact MAML gradient is (∂φ_K/∂θ)ᵀ ∇L(φ_K); differentiating the
/// inner loop would mean differentiating the reverse pass through the Laplacian jet (third
/// derivatives of the network), which pinn does not implement, so both variants drop ∂φ_K/∂θ:
///
/// - `fomaml` (Finn et al. 2017, first-order MAML): g = ∇L(φ_K), i.e. ∂φ_K/∂θ ≈ I;
/// - `reptile` (Nichol et al. 2018): g = θ − φ_K, the direction the inner loop moved, used as a
///   pseudo-gradient.
///
/// The outer optimiser (Adam) consumes either; `MetaLearner` averages them over the tasks of a step.
public enum MetaGradient: String, Sendable, CaseIterable {
    case reptile, fomaml

    /// Inner-loop evaluations per task: K for Reptile, K + 1 for FOMAML (the gradient at φ_K).
    public func evaluations(innerSteps k: Int) -> Int { self == .fomaml ? k + 1 : k }

    /// Adapts a copy of `net` on `loss` with `inner` and adds this task's meta-gradient, times
    /// `weight`, to `sum`. Returns the total loss L_r + λL_b before and after adaptation.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func accumulate<T: PinnScalar>(_ net: Siren<T>, loss: PDELoss<T>, boundaryWeight: T, inner: InnerLoop<T>,
                                          weight: T, into sum: inout [T]) -> (before: Double, after: Double) {
        var adapted = net
        var before = Double.nan
        inner.adapt(&adapted, loss: loss, boundaryWeight: boundaryWeight) { step, terms, _ in
            if step == 0 { before = terms.residual + Double(boundaryWeight) * terms.boundary }
            return true
        }
        switch self {
        case .reptile:
            for i in sum.indices { sum[i] += weight * (net.parameters[i] - adapted.parameters[i]) }
            let after = loss.evaluate(adapted)
            return (before, after.residual + Double(boundaryWeight) * after.boundary)
        case .fomaml:
            let count = net.architecture.parameterCount
            var gr = [T](repeating: 0, count: count), gb = gr
            let after = loss.evaluate(adapted, residualGradient: &gr, boundaryGradient: &gb)
            for i in sum.indices { sum[i] += weight * (gr[i] + boundaryWeight * gb[i]) }
            return (before, after.residual + Double(boundaryWeight) * after.boundary)
        }
    }
}
