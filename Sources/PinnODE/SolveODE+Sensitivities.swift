/// z(t) and its forward sensitivities S(t) = ∂z(t)/∂p at the save times, for fitting p.
public struct SensitivitySolution: Sendable {
    /// z at each save time (n entries each).
    public var states: [[Double]]
    /// S at each save time: n × m, column-major (∂z_i/∂p_k at i + k·n).
    public var sensitivities: [[Double]]
    public var stats: ODEStats
}

/// Solves z′ = f(z, t; p), z(t₀) = z₀, together with its forward sensitivities S = ∂z/∂p,
///
///     S′ = (∂f/∂z) S + ∂f/∂p,   S(t₀) = `initialSensitivity` (∂z₀/∂p; zero when z₀ does not depend on p),
///
/// as one system y = [z, S] of n(1 + m) components by `method` (its tolerances govern every
/// component, so the sensitivities are as accurate as the states), and returns both at `saveAt`
/// (dense output). The implicit methods (`radau5`, and `auto` once it switches, for stiff systems) use
/// the block-diagonal Newton matrix diag(∂f/∂z, I ⊗ ∂f/∂z): exact but for the coupling block
/// ∂(∂f/∂z S + ∂f/∂p)/∂z, which only slows Newton's convergence, not the solution. For the fixed-step
/// methods the Jacobian is the exact derivative of the discrete solution (a Runge–Kutta step applied
/// to [z, S] is the step differentiated in p); for the adaptive ones it is that up to the dependence of
/// the step sizes on p, within the tolerances.
/// Cost: one evaluation of f and its two Jacobians and an n × n by n × m product per stage.
public func solveWithSensitivities<Field: ParametricVectorField>(
    _ field: inout Field, parameters p: [Double], from z0: [Double], initialSensitivity: [Double]? = nil,
    over span: (Double, Double), saveAt times: [Double], method: ODEMethod
) throws(ODEError) -> SensitivitySolution {
    let n = field.stateDimension, m = field.parameterCount
    precondition(z0.count == n && p.count == m, "z₀ has \(z0.count) entries, p \(p.count); expected \(n), \(m)")
    let size = n * (1 + m)
    var y0 = [Double](repeating: 0, count: size)
    for i in 0..<n { y0[i] = z0[i] }
    if let s0 = initialSensitivity {
        precondition(s0.count == n * m, "S(t₀) is n × m")
        for i in 0..<(n * m) { y0[n + i] = s0[i] }
    }
    var local = field
    defer { field = local }
    var z = [Double](repeating: 0, count: n), value = z
    var fz = [Double](repeating: 0, count: n * n), fp = [Double](repeating: 0, count: n * m)
    let function: ODEFunction = { t, y, dy in
        for i in 0..<n { z[i] = y[i] }
        local.evaluate(z, t: t, parameters: p, value: &value, stateJacobian: &fz, parameterJacobian: &fp)
        for i in 0..<n { dy[i] = value[i] }
        for k in 0..<m {
            let column = n + k * n
            for i in 0..<n {
                var s = fp[i + k * n]
                for l in 0..<n { s += fz[i + l * n] * y[column + l] }
                dy[column + i] = s
            }
        }
    }
    let jacobian: ODEJacobian = { t, y, out in
        for i in 0..<n { z[i] = y[i] }
        local.evaluate(z, t: t, parameters: p, value: &value, stateJacobian: &fz, parameterJacobian: &fp)
        for i in out.indices { out[i] = 0 }
        for block in 0...m {
            let offset = block * n
            for l in 0..<n { for i in 0..<n { out[(offset + i) + (offset + l) * size] = fz[i + l * n] } }
        }
    }
    let solution = try solveODE(function, jacobian: jacobian, from: y0, over: span, saveAt: times, method: method)
    return SensitivitySolution(
        states: solution.states.map { Array($0[..<n]) }, sensitivities: solution.states.map { Array($0[n...]) },
        stats: solution.stats)
}
