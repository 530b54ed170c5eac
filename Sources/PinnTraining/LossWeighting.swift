import PinnNumerics

/// How the boundary term is weighted against the residual term: loss = L_r + λ·L_b.
public enum LossWeighting: Codable, Equatable, Sendable {
    /// A fixed λ.
    case fixed(Double)
    /// Learning-rate annealing (Wang, Teng & Perdikaris 2021, Algorithm 1): every `every` steps,
    /// λ̂ = max|∇_θ L_r| / mean|∇_θ L_b| and λ ← (1 − α)·λ + α·λ̂, starting from `initial`.
    /// Note: with SIREN networks the max/mean ratio runs away (on poisson.json λ climbed to 1.6e8
    /// and the error to 0.19); prefer `.gradientNormBalance`.
    case annealing(initial: Double, alpha: Double, every: Int)
    /// Gradient-norm balancing (Wang et al. 2023, "An expert's guide to training PINNs"): every
    /// `every` steps, λ̂ = ‖∇_θ L_r‖₂ / ‖∇_θ L_b‖₂, so both weighted terms pull with the same
    /// strength, and λ ← (1 − α)·λ + α·λ̂, starting from `initial`.
    case gradientNormBalance(initial: Double, alpha: Double, every: Int)

    /// The starting λ.
    public var initialWeight: Double {
        switch self {
        case .fixed(let w): return w
        case .annealing(let w, _, _), .gradientNormBalance(let w, _, _): return w
        }
    }

    /// λ after `step` given the current λ and both terms' gradients (unchanged for `.fixed`
    /// and between annealing updates, or when the boundary gradient vanishes).
    public func updated<T: PinnScalar>(_ lambda: Double, step: Int, residualGradient: [T], boundaryGradient: [T])
        -> Double
    {
        let target: Double, alpha: Double
        switch self {
        case .fixed:
            return lambda
        case .annealing(_, let a, let every):
            guard step % max(1, every) == 0 else { return lambda }
            var maxResidual = 0.0, meanBoundary = 0.0
            for g in residualGradient { maxResidual = max(maxResidual, abs(Double(g))) }
            for g in boundaryGradient { meanBoundary += abs(Double(g)) }
            meanBoundary /= Double(max(1, boundaryGradient.count))
            target = maxResidual / meanBoundary
            alpha = a
        case .gradientNormBalance(_, let a, let every):
            guard step % max(1, every) == 0 else { return lambda }
            var residual = 0.0, boundary = 0.0
            for g in residualGradient { residual += Double(g) * Double(g) }
            for g in boundaryGradient { boundary += Double(g) * Double(g) }
            target = (residual / boundary).squareRoot()
            alpha = a
        }
        guard target.isFinite, target > 0 else { return lambda }
        return (1 - alpha) * lambda + alpha * target
    }
}
