import RealModule

/// The PI step-size controller of the adaptive solver (Gustafsson 1991; Hairer & Wanner, *Solving
/// ODEs II*, §IV.2), for a method whose error estimate is of order k + 1 with k = 4:
///
///     h_new = h · clamp(safety · err_n^(−β₁) · err_{n−1}^(β₂), facMin, facMax)
///
/// with β₁ = 0.7/5, β₂ = 0.4/5, safety 0.9, facMin 0.2, facMax 10, err_{n−1} the last accepted error
/// (floored at 10⁻⁴, which is also its initial value). A rejected step is retried with
/// h · max(facMin, safety · err^(−1/5)), and the step after a rejection may not grow.
enum PIController {
    static let beta1 = 0.7 / 5
    static let beta2 = 0.4 / 5
    static let safety = 0.9
    static let minFactor = 0.2
    static let maxFactor = 10.0
    static let errorFloor = 1e-4

    static func acceptedFactor(error: Double, previousError: Double, afterRejection: Bool) -> Double {
        let e = max(error, 1e-300)
        let raw = safety * Double.pow(e, -beta1) * Double.pow(previousError, beta2)
        let factor = min(maxFactor, max(minFactor, raw))
        return afterRejection ? min(factor, 1) : factor
    }

    static func rejectedFactor(error: Double) -> Double {
        guard error.isFinite else { return minFactor }
        return max(minFactor, safety * Double.pow(error, -0.2))
    }
}
