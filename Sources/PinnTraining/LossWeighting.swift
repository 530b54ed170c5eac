import PinnNumerics

/// How the boundary term is weighted against the residual term: loss = L_r + λ·L_b.
public enum LossWeighting: Codable, Equatable, Sendable {
    /// A fixed λ.
    case fixed(Double)
    /// Learning-rate annealing (Wang, Teng & Perdikaris 2021, Algorithm 1): every `every` steps,
    /// λ̂ = max|∇_θ L_r| / mean|∇_θ L_b| and λ ← (1 − α)·λ + α·λ̂, starting from `initial`.
    case annealing(initial: Double, alpha: Double, every: Int)

    /// The starting λ.
    public var initialWeight: Double {
        switch self {
        case .fixed(let w): return w
        case .annealing(let w, _, _): return w
        }
    }

    /// λ after `step` given the current λ and both terms' gradients (unchanged for `.fixed`
    /// and between annealing updates, or when the boundary gradient vanishes).
    public func updated<T: PinnScalar>(_ lambda: Double, step: Int, residualGradient: [T], boundaryGradient: [T]) -> Double {
        guard case .annealing(_, let alpha, let every) = self, step % max(1, every) == 0 else { return lambda }
        var maxResidual = 0.0, meanBoundary = 0.0
        for g in residualGradient { maxResidual = max(maxResidual, abs(Double(g))) }
        for g in boundaryGradient { meanBoundary += abs(Double(g)) }
        meanBoundary /= Double(max(1, boundaryGradient.count))
        guard meanBoundary > 0, maxResidual.isFinite, meanBoundary.isFinite else { return lambda }
        return (1 - alpha) * lambda + alpha * maxResidual / meanBoundary
    }
}
