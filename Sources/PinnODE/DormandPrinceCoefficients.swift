/// The error and dense-output coefficients of Dormand–Prince 5(4).
enum DormandPrince {
    /// e_i = b_i − b̂_i over the seven stages (b̂ the 4th-order embedded weights
    /// 5179/57600, 0, 7571/16695, 393/640, −92097/339200, 187/2100, 1/40): the local error estimate is
    /// h Σ e_i k_i.
    static let errorWeights: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200,
        22.0 / 525, -1.0 / 40
    ]

    /// Shampine's (1986) coefficients of the 4th-order continuous extension, d_i over the seven stages.
    static let denseWeights: [Double] = [
        -12715105075.0 / 11282082432, 0, 87487479700.0 / 32700410799,
        -10690763975.0 / 1880347072, 701980252875.0 / 199316789632,
        -1453857185.0 / 822651844, 69997945.0 / 29380423
    ]

    /// y(t + θh), 0 ≤ θ ≤ 1, from the step y → y₊ with stages k₁…k₇ (k₇ = f(t + h, y₊)):
    ///
    ///     Δ = y₊ − y,  B = h k₁ − Δ,  C = Δ − h k₇ − B,  D = h Σ d_i k_i,
    ///     y(t + θh) = y + θ (Δ + (1 − θ)(B + θ (C + (1 − θ) D)))
    ///
    /// a quartic in θ matching y, y₊, k₁ and k₇ at the ends, 4th-order accurate between them.
    static func interpolate(
        theta: Double, h: Double, from y: [Double], to yNew: [Double], stages k: [[Double]],
        into out: inout [Double]
    ) {
        let d = denseWeights
        let th1 = 1 - theta
        for i in y.indices {
            let delta = yNew[i] - y[i]
            let bspl = h * k[0][i] - delta
            let cc = delta - h * k[6][i] - bspl
            let dd =
                h
                * (d[0] * k[0][i] + d[2] * k[2][i] + d[3] * k[3][i] + d[4] * k[4][i]
                    + d[5] * k[5][i] + d[6] * k[6][i])
            out[i] = y[i] + theta * (delta + th1 * (bspl + theta * (cc + th1 * dd)))
        }
    }
}
