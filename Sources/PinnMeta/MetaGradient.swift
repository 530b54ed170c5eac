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
    ///
    /// With `rateGradient: true`, also returns the first-order gradient of L(φ_K) with respect to the
    /// log-multipliers ρ of the inner rates (`LayerRateMultipliers`): the inner loop moves tensor j
    /// by φ_K − θ = −e^{ρ_j}·η·Σ_k d_k with Adam directions d_k, so, holding the d_k fixed (first
    /// order), ∂L(φ_K)/∂ρ_j = Σ_{i∈j} ∇_i L(φ_K) · (φ_K,i − θ_i).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func accumulate<T: PinnScalar>(
        _ net: Siren<T>, loss: PDELoss<T>, boundaryWeight: T, inner: InnerLoop<T>,
        weight: T, into sum: inout [T], rateGradient: Bool = false
    ) -> TaskOutcome {
        var adapted = net
        var before = Double.nan
        inner.adapt(&adapted, loss: loss, boundaryWeight: boundaryWeight) { step, terms, _ in
            if step == 0 { before = terms.residual + Double(boundaryWeight) * terms.boundary }
            return true
        }
        guard self == .fomaml || rateGradient else {
            for i in sum.indices { sum[i] += weight * (net.parameters[i] - adapted.parameters[i]) }
            let after = loss.evaluate(adapted)
            return TaskOutcome(before: before, after: after.residual + Double(boundaryWeight) * after.boundary)
        }
        let count = net.architecture.parameterCount
        var gr = [T](repeating: 0, count: count), gb = gr
        let after = loss.evaluate(adapted, residualGradient: &gr, boundaryGradient: &gb)
        for i in gr.indices { gr[i] += boundaryWeight * gb[i] } // the total gradient, in place
        switch self {
        case .reptile: for i in sum.indices { sum[i] += weight * (net.parameters[i] - adapted.parameters[i]) }
        case .fomaml: for i in sum.indices { sum[i] += weight * gr[i] }
        }
        var outcome = TaskOutcome(before: before, after: after.residual + Double(boundaryWeight) * after.boundary)
        if rateGradient {
            for i in gr.indices { gr[i] *= adapted.parameters[i] - net.parameters[i] }
            outcome.rateGradient = LayerRateMultipliers.tensorSums(gr, net.architecture)
        }
        return outcome
    }
}

/// What one task of a meta-step reports.
public struct TaskOutcome: Sendable, Equatable {
    /// The loss L_r + λL_b at the initialisation and after the inner loop.
    public var before: Double
    public var after: Double
    /// ∂L(φ_K)/∂ρ (first order) when asked for.
    public var rateGradient: [Double]?
}
