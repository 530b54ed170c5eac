import RealModule

/// The coefficients of Radau IIA of order 5 (Hairer & Wanner, *Solving ODEs II*, §IV.5 and §IV.8;
/// their code RADAU5): three implicit stages at the Radau right points
///
///     c = ((4 − √6)/10, (4 + √6)/10, 1),
///     A = | (88 − 7√6)/360      (296 − 169√6)/1800   (−2 + 3√6)/225 |
///         | (296 + 169√6)/1800  (88 + 7√6)/360       (−2 − 3√6)/225 |
///         | (16 − √6)/36        (16 + √6)/36          1/9           |,   b = last row of A.
///
/// Order 5, stage order 3, L-stable and stiffly accurate (y₊ = Y₃), so it integrates stiff systems
/// such as chemical kinetics with steps set by accuracy, not by the fastest decay rate. With stage
/// increments Z_i = Y_i − y the step solves
///
///     Z_i = h Σ_j a_ij f(t + c_j h, y + Z_j),   y₊ = y + Z₃,
///
/// by simplified Newton iterations in the transformed unknowns W = (T⁻¹ ⊗ I) Z, where
/// T⁻¹ A⁻¹ T = [[γ, 0, 0], [0, α, −β], [0, β, α]] (γ ≈ 3.6378 the real eigenvalue of A⁻¹, α ± iβ
/// ≈ 2.6811 ± 3.0504i the complex pair): each iteration solves one real n × n system with
/// (γ/h) I − J and one complex one with ((α + iβ)/h) I − J, the latter here as the real 2n × 2n system
/// [[α/h − J, −β/h], [β/h, α/h − J]].
enum RadauIIA5 {
    private static let sqrt6 = 6.0.squareRoot()

    /// Nodes c_i.
    static let c: [Double] = [(4 - sqrt6) / 10, (4 + sqrt6) / 10, 1]

    /// a_ij, row i.
    static let a: [[Double]] = [
        [(88 - 7 * sqrt6) / 360, (296 - 169 * sqrt6) / 1800, (-2 + 3 * sqrt6) / 225],
        [(296 + 169 * sqrt6) / 1800, (88 + 7 * sqrt6) / 360, (-2 - 3 * sqrt6) / 225],
        [(16 - sqrt6) / 36, (16 + sqrt6) / 36, 1.0 / 9]
    ]

    /// γ, the real eigenvalue of A⁻¹: 30/(6 + ∛81 − ∛9).
    static let gamma = 30 / (6 + cubeRoot(81) - cubeRoot(9))
    /// α and β, the complex eigenvalues α ± iβ of A⁻¹: with a = (12 − ∛81 + ∛9)/60 and
    /// b = (∛81 + ∛9)√3/60 (the eigenvalue pair a ± ib of A), α + iβ = 1/(a − ib).
    static let alpha: Double = {
        let (a, b) = eigenvaluePairOfA
        return a / (a * a + b * b)
    }()
    static let beta: Double = {
        let (a, b) = eigenvaluePairOfA
        return b / (a * a + b * b)
    }()
    private static let eigenvaluePairOfA: (Double, Double) = (
        (12 - cubeRoot(81) + cubeRoot(9)) / 60, (cubeRoot(81) + cubeRoot(9)) * 3.0.squareRoot() / 60
    )

    /// T, whose columns are the real eigenvector of A⁻¹ and the real and imaginary parts of a complex
    /// one (RADAU5's normalisation), row i.
    static let t: [[Double]] = [
        [9.1232394870892942792e-2, -1.4125529502095420843e-1, -3.0029194105147424492e-2],
        [2.4171793270710701896e-1, 2.0412935229379993199e-1, 3.8294211275726193779e-1],
        [9.6604818261509293619e-1, 1, 0]
    ]
    /// T⁻¹, row i.
    static let tInverse: [[Double]] = [
        [4.3255798900631553510, 3.3919925181580986954e-1, 5.4177053993587487119e-1],
        [-4.1787185915519047273, -3.2768282076106238708e-1, 4.7662355450055045196e-1],
        [-5.0287263494578687595e-1, 2.5719269498556054292, -5.9603920482822492497e-1]
    ]

    /// The error estimator's weights e_i: with γ₀ = 1/γ the local error estimate is
    ///
    ///     err = ((γ/h) I − J)⁻¹ (f(t, y) + (1/h) Σ e_i Z_i) = (I − γ₀hJ)⁻¹ γ₀ (h f(t, y) + Σ e_i Z_i),
    ///
    /// the difference of y₊ and an embedded solution of order 3 (eᵀA1 = −1 and eᵀAc = eᵀAc² = 0, so
    /// h f + Σ e_i Z_i = O(h⁴) for smooth solutions), filtered by (I − γ₀hJ)⁻¹ so that it stays
    /// bounded for stiff components (Hairer & Wanner §IV.8). e = (−(13 + 7√6)/3, (−13 + 7√6)/3, −1/3).
    static let errorWeights: [Double] = [-(13 + 7 * sqrt6) / 3, (-13 + 7 * sqrt6) / 3, -1.0 / 3]

    private static func cubeRoot(_ x: Double) -> Double { Double.root(x, 3) }

    /// Fills the divided differences of the collocation polynomial of an accepted step, which passes
    /// through the stage increments: u(0) = 0, u(c₁) = Z₁, u(c₂) = Z₂, u(1) = Z₃. In Newton form on
    /// the nodes 1, c₂, c₁, 0, with s = θ − 1,
    ///
    ///     y(t + θh) = y₊ + s (D₁ + (s − c₂ + 1)(D₂ + (s − c₁ + 1) D₃)),
    ///
    /// a cubic that is the dense output (order 3, the stage order) and, extrapolated past the step, the
    /// next step's Newton starting values.
    static func divideDifferences(_ z: [[Double]], into d: inout [[Double]]) {
        let c1 = c[0], c2 = c[1]
        for i in z[0].indices {
            let d1 = (z[2][i] - z[1][i]) / (1 - c2) // [1, c₂]
            let d21 = (z[1][i] - z[0][i]) / (c2 - c1) // [c₂, c₁]
            let d10 = z[0][i] / c1 // [c₁, 0]
            let d2 = (d1 - d21) / (1 - c1) // [1, c₂, c₁]
            let d210 = (d21 - d10) / c2 // [c₂, c₁, 0]
            d[0][i] = d1
            d[1][i] = d2
            d[2][i] = d2 - d210 // [1, c₂, c₁, 0] (the nodes 1 and 0 are 1 apart)
        }
    }

    /// The collocation polynomial's value minus y₊ at s = θ − 1 (see `divideDifferences`), for one
    /// component with divided differences d₁, d₂, d₃.
    @inline(__always)
    static func polynomial(_ d1: Double, _ d2: Double, _ d3: Double, s: Double) -> Double {
        s * (d1 + (s - c[1] + 1) * (d2 + (s - c[0] + 1) * d3))
    }
}
