import CBLAS

/// The damped Gauss–Newton (Levenberg–Marquardt) step of a sum of squares ‖ρ(θ)‖²: with J = ∂ρ/∂θ
/// (N rows, P columns) and damping μ ≥ 0, δ minimises ‖ρ − J δ‖² + μ‖δ‖²,
///
///     δ = (JᵀJ + μI)⁻¹ Jᵀρ          (parameter space: a P × P Cholesky, when P ≤ N)
///     δ = Jᵀ (JJᵀ + μI)⁻¹ ρ          (point space, the kernel or Woodbury form: N × N, when N < P)
///
/// (the two are equal for μ > 0; the step is θ − δ). The Gram matrix is formed by one BLAS `syrk`
/// and factored by LAPACK's `dpotrf`, so the cost is about min(N, P)²·max(N, P) + min(N, P)³/3
/// flops. Float64 throughout.
public enum DampedLeastSquares {
    /// Why a step could not be computed.
    public enum Failure: Error, Equatable, Sendable {
        /// The damped Gram matrix is not numerically positive definite (LAPACK's `dpotrf` info).
        case notPositiveDefinite(info: Int)
    }

    /// The step δ and the decrease of ‖ρ‖² it predicts along θ − αδ.
    public struct Step: Sendable {
        public var delta: [Double]
        /// ρᵀJδ.
        public var alignment: Double
        /// ‖Jδ‖².
        public var curvature: Double

        /// ‖ρ‖² − ‖ρ − αJδ‖² = 2α ρᵀJδ − α²‖Jδ‖², the decrease the linear model predicts for the
        /// step length α (for α = 1, ‖ρ‖² − ‖ρ − Jδ‖²).
        public func predictedDecrease(length alpha: Double = 1) -> Double {
            2 * alpha * alignment - alpha * alpha * curvature
        }
    }

    /// The step for `jacobian` stored row by row (row i is the `parameters` entries from
    /// `i · parameters`; Jᵀ column-major) and residuals `rho` (one per row).
    /// - Throws: `Failure.notPositiveDefinite` when the damped Gram matrix cannot be factored
    ///   (raise μ and try again).
    public static func step(jacobian: [Double], rho: [Double], parameters p: Int, damping mu: Double) throws(Failure)
        -> Step
    {
        let n = rho.count
        precondition(jacobian.count == n * p, "the Jacobian has \(jacobian.count) entries, expected \(n)·\(p)")
        precondition(mu >= 0, "the damping must be ≥ 0")
        var delta = [Double](repeating: 0, count: p)
        try jacobian.withUnsafeBufferPointer { jt throws(Failure) in
            let jt = jt.baseAddress! // Jᵀ: p × n, column-major, leading dimension p
            if p <= n {
                // (JᵀJ + μI) δ = Jᵀρ.
                var gram = dampedGram(jt, rows: n, parameters: p, damping: mu, pointSpace: false)
                cblas_dgemv(
                    CblasColMajor, CblasNoTrans, blasint(p), blasint(n), 1, jt, blasint(p), rho, 1, 0, &delta, 1)
                try solve(&gram, size: p, rightHandSide: &delta)
            } else {
                // (JJᵀ + μI) w = ρ, δ = Jᵀ w.
                var gram = dampedGram(jt, rows: n, parameters: p, damping: mu, pointSpace: true)
                var w = rho
                try solve(&gram, size: n, rightHandSide: &w)
                cblas_dgemv(CblasColMajor, CblasNoTrans, blasint(p), blasint(n), 1, jt, blasint(p), w, 1, 0, &delta, 1)
            }
        }
        // ρᵀJδ and ‖Jδ‖², with Jδ by one GEMV.
        var jd = [Double](repeating: 0, count: n)
        cblas_dgemv(CblasColMajor, CblasTrans, blasint(p), blasint(n), 1, jacobian, blasint(p), delta, 1, 0, &jd, 1)
        var alignment = 0.0, curvature = 0.0
        for i in 0..<n {
            alignment += rho[i] * jd[i]
            curvature += jd[i] * jd[i]
        }
        return Step(delta: delta, alignment: alignment, curvature: curvature)
    }

    /// The damped Gram matrix (lower triangle) of J given as Jᵀ (P × N column-major, leading
    /// dimension P): JᵀJ + μI (P × P), or in point space JJᵀ + μI (N × N). One BLAS `syrk`.
    static func dampedGram(
        _ jt: UnsafePointer<Double>, rows n: Int, parameters p: Int, damping mu: Double, pointSpace: Bool
    ) -> [Double] {
        let size = pointSpace ? n : p
        var gram = [Double](repeating: 0, count: size * size)
        cblas_dsyrk(
            CblasColMajor, CblasLower, pointSpace ? CblasTrans : CblasNoTrans, blasint(size),
            blasint(pointSpace ? p : n),
            1, jt, blasint(p), 0, &gram, blasint(size))
        for i in 0..<size { gram[i * size + i] += mu }
        return gram
    }

    /// Solves A X = B for the symmetric positive definite A (lower triangle given) and `count`
    /// right-hand sides (columns of B, leading dimension `size`) in place.
    static func solve(_ a: inout [Double], size: Int, rightHandSide b: inout [Double], count: Int = 1) throws(Failure) {
        // The _work variants skip LAPACKE's NaN scan of the matrix (the caller checks its inputs).
        let info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(size), &a, Int32(size))
        guard info == 0 else { throw .notPositiveDefinite(info: Int(info)) }
        _ = LAPACKE_dpotrs_work(
            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(size), Int32(count), a, Int32(size), &b,
            Int32(size))
    }
}
