import CBLAS

/// The Gauss–Newton covariance of a few parameters p of a least-squares problem ‖ρ(θ, p)‖² that
/// also has many nuisance parameters θ (an inverse PINN: the network's weights), at its optimum:
///
///     Cov(p) = s · [ (JᵀJ)⁻¹ ]_pp = s · S⁻¹,   S = J_pᵀJ_p − J_pᵀJ_θ (J_θᵀJ_θ + μI)⁻¹ J_θᵀJ_p
///
/// the p block of the inverse Gauss–Newton matrix (S is the Schur complement: the information on p
/// left after θ has compensated what it can), with J = [J_θ J_p] = ∂ρ/∂(θ, p) and `scale` s. The
/// damping μ (relative to mean diag J_θᵀJ_θ) keeps the many directions of θ that change no residual
/// from making S singular; it acts as a weak prior on θ. When there are fewer rows N than nuisance
/// parameters P the same S is formed in point space, S = μ·J_pᵀ(J_θJ_θᵀ + μI)⁻¹J_p (Woodbury).
/// Cost: min(N, P)²·max(N, P) for the Gram matrix, min(N, P)³/3 for its Cholesky factor. Float64.
///
/// Identifiability: with D = diag(J_pᵀJ_p), the eigenvalues of R = D^−½ S D^−½ (1 on the diagonal when
/// θ can absorb nothing of p's effect, 0 when it absorbs all of it) below `singularThreshold` × the
/// largest (or of a parameter with D_jj = 0) mark combinations of p the data do not determine.
public struct MarginalCovariance: Sendable, Equatable {
    /// Cov(p), m × m (symmetric, row = column major); NaN when S cannot be inverted.
    public var covariance: [Double]
    /// The information S, m × m.
    public var information: [Double]
    /// The eigenvalues of R = D^−½ S D^−½, ascending.
    public var normalizedEigenvalues: [Double]
    /// Groups of parameter indices that the data do not determine (one group per small eigenvalue:
    /// the parameters with a component above 0.2 in its eigenvector); empty when all are determined.
    public var undetermined: [[Int]]
    /// The absolute damping μ used.
    public var damping: Double

    public static let singularThreshold = 1e-10

    /// Computes Cov(p) from `network` = J_θ (`rows` rows of `parameters` entries each, row by row)
    /// and `unknowns` = J_p (`rows` rows of m entries each), with relative damping `damping` and
    /// `scale` s.
    public init(
        network: [Double], unknowns: [Double], rows n: Int, parameters p: Int, damping relative: Double, scale: Double
    ) {
        let m = n > 0 ? unknowns.count / n : 0
        precondition(network.count == n * p && unknowns.count == n * m, "J_θ is \(n) × \(p), J_p \(n) × m")
        // C = J_pᵀJ_p (J_p row-major is J_pᵀ column-major, m × n).
        var c = [Double](repeating: 0, count: m * m)
        cblas_dsyrk(
            CblasColMajor, CblasLower, CblasNoTrans, blasint(m), blasint(n), 1, unknowns, blasint(m), 0, &c, blasint(m))
        var trace = 0.0
        for row in 0..<n { for i in 0..<p { trace += network[row * p + i] * network[row * p + i] } }
        let mu = max(relative * trace / Double(max(1, p)), .leastNormalMagnitude)
        var s = c
        // Without nuisance parameters S = J_pᵀJ_p: Cov(p) = s·(J_pᵀJ_p)⁻¹ (ODE parameter estimation).
        if p > 0 {
            network.withUnsafeBufferPointer { jt in
                let jt = jt.baseAddress!
                if p <= n {
                    // S = C − Bᵀ A⁻¹ B, A = J_θᵀJ_θ + μI (P × P), B = J_θᵀJ_p (P × m).
                    var a = DampedLeastSquares.dampedGram(jt, rows: n, parameters: p, damping: mu, pointSpace: false)
                    var b = [Double](repeating: 0, count: p * m)
                    cblas_dgemm(
                        CblasColMajor, CblasNoTrans, CblasTrans, blasint(p), blasint(m), blasint(n), 1, jt, blasint(p),
                        unknowns, blasint(m), 0, &b, blasint(p))
                    var x = b
                    if (try? DampedLeastSquares.solve(&a, size: p, rightHandSide: &x, count: m)) != nil {
                        // S −= Bᵀ X.
                        cblas_dgemm(
                            CblasColMajor, CblasTrans, CblasNoTrans, blasint(m), blasint(m), blasint(p), -1, b,
                            blasint(p),
                            x, blasint(p), 1, &s, blasint(m))
                    } else {
                        s = [Double](repeating: .nan, count: m * m)
                    }
                } else {
                    // S = μ J_pᵀ (J_θJ_θᵀ + μI)⁻¹ J_p, the N × N form (J_p column-major n × m).
                    var g = DampedLeastSquares.dampedGram(jt, rows: n, parameters: p, damping: mu, pointSpace: true)
                    var jp = [Double](repeating: 0, count: n * m)
                    for row in 0..<n { for j in 0..<m { jp[j * n + row] = unknowns[row * m + j] } }
                    var x = jp
                    if (try? DampedLeastSquares.solve(&g, size: n, rightHandSide: &x, count: m)) != nil {
                        cblas_dgemm(
                            CblasColMajor, CblasTrans, CblasNoTrans, blasint(m), blasint(m), blasint(n), mu, jp,
                            blasint(n),
                            x, blasint(n), 0, &s, blasint(m))
                    } else {
                        s = [Double](repeating: .nan, count: m * m)
                    }
                }
            }
        }
        // The upper triangle from the lower (only the lower one of C was formed).
        for i in 0..<m { for j in 0..<i { s[i * m + j] = s[j * m + i] } }
        information = s
        damping = mu

        // R = D^−½ S D^−½ and its eigenvalues.
        let d = (0..<m).map { c[$0 * m + $0] }
        var r = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m where d[i] > 0 && d[j] > 0 { r[j * m + i] = s[j * m + i] / (d[i] * d[j]).squareRoot() }
        }
        var eigenvalues = [Double](repeating: .nan, count: m)
        let info =
            m == 0 || !r.allSatisfy(\.isFinite)
            ? -1
            : LAPACKE_dsyev(
                LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), Int32(m), &r, Int32(m), &eigenvalues
            )
        normalizedEigenvalues = eigenvalues
        var groups: [[Int]] = (0..<m).filter { !(d[$0] > 0) }.map { [$0] }
        if info == 0, let largest = eigenvalues.last {
            for k in 0..<m where eigenvalues[k] <= Self.singularThreshold * max(largest, 0) {
                let group = (0..<m).filter { abs(r[k * m + $0]) > 0.2 && d[$0] > 0 }
                if !group.isEmpty, !groups.contains(group) { groups.append(group) }
            }
        } else if m > 0 {
            groups = [Array(0..<m)]
        }
        undetermined = groups

        var inverse = s
        var identity = [Double](repeating: 0, count: m * m)
        for i in 0..<m { identity[i * m + i] = 1 }
        if m > 0, s.allSatisfy(\.isFinite),
            (try? DampedLeastSquares.solve(&inverse, size: m, rightHandSide: &identity, count: m)) != nil
        {
            covariance = identity.map { $0 * scale }
        } else {
            covariance = [Double](repeating: .nan, count: m * m)
        }
    }

    /// The standard errors √Cov_jj.
    public var standardErrors: [Double] {
        let m = Int(Double(covariance.count).squareRoot())
        return (0..<m).map { covariance[$0 * m + $0].squareRoot() }
    }
}
