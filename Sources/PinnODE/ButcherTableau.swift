/// An explicit Runge–Kutta scheme: stages `Y_i = y + h Σ_{j<i} a_ij k_j`, `k_i = f(t + c_i h, Y_i)`,
/// step `y₊ = y + h Σ_i b_i k_i`.
struct ButcherTableau: Equatable, Sendable {
    /// Nodes c_i.
    let c: [Double]
    /// `a[i]` holds a_ij for j < i (so `a[0]` is empty).
    let a: [[Double]]
    /// Weights b_i.
    let b: [Double]
    /// How a fixed-step solve fills save times that fall inside a step.
    let denseOutput: DenseOutput

    /// The interpolant between the ends of a step.
    enum DenseOutput: Equatable, Sendable {
        /// Cubic Hermite interpolation from the states and slopes at both ends (3rd order).
        case hermite
        /// Dormand–Prince's continuous extension from the step's seven stages (4th order).
        case dormandPrince
    }

    var stageCount: Int { b.count }

    /// Forward Euler.
    static let euler = ButcherTableau(c: [0], a: [[]], b: [1], denseOutput: .hermite)

    /// The classical fourth-order Runge–Kutta method.
    static let rk4 = ButcherTableau(
        c: [0, 0.5, 0.5, 1],
        a: [[], [0.5], [0, 0.5], [0, 0, 1]],
        b: [1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6],
        denseOutput: .hermite)

    /// Dormand–Prince 5(4) (Dormand & Prince 1980), its six stages and 5th-order weights. The seventh
    /// stage, f at the new state (FSAL), has weight 0 in the 5th-order solution and is the next step's
    /// first stage; it enters only the error estimate and the dense output (`DormandPrince`).
    static let dormandPrince = ButcherTableau(
        c: [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1],
        a: [
            [],
            [1.0 / 5],
            [3.0 / 40, 9.0 / 40],
            [44.0 / 45, -56.0 / 15, 32.0 / 9],
            [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
            [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656]
        ],
        b: [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
        denseOutput: .dormandPrince)
}

extension ButcherTableau {
    /// One step from (t, y) with size h, given `k[0] = f(t, y)`: fills `k[1..<s]`, the stage inputs
    /// `stageInputs[i] = Y_i` (`stageInputs[0] = y`) and `yNew = y + h Σ b_i k_i`.
    /// `k` and `stageInputs` need at least s arrays sized like y. Evaluates f s − 1 times.
    func step(
        _ f: ODEFunction, t: Double, h: Double, y: [Double], k: inout [[Double]],
        stageInputs: inout [[Double]], yNew: inout [Double]
    ) {
        let n = y.count
        for i in 0..<n { stageInputs[0][i] = y[i] }
        for s in 1..<stageCount {
            let row = a[s]
            for i in 0..<n {
                var acc = 0.0
                for j in 0..<s where row[j] != 0 { acc += row[j] * k[j][i] }
                stageInputs[s][i] = y[i] + h * acc
            }
            f(t + c[s] * h, stageInputs[s], &k[s])
        }
        for i in 0..<n {
            var acc = 0.0
            for j in 0..<stageCount where b[j] != 0 { acc += b[j] * k[j][i] }
            yNew[i] = y[i] + h * acc
        }
    }
}
