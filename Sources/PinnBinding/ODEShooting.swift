import PinnODE
import PinnProblems

/// The outcome of shooting: the full initial state of the first-order system and how it was found.
public struct ShootingResult: Equatable, Sendable {
    /// y(t₀), every component (given and found).
    public var initialState: [Double]
    /// Newton iterations taken (0 when every initial value was given).
    public var iterations: Int
    /// max_c |y_c(t_c) − v_c| over the conditions after t₀, at `initialState`.
    public var residual: Double
}

extension BoundODEProblem {
    /// The initial state of the first-order system y = [z, z′] (or y = z): the given values at t₀, with
    /// the others found by shooting when the problem has conditions later in the span.
    ///
    /// Shooting: let s be the m components of y(t₀) not given at t₀ and F(s) the m residuals
    /// y_{k_c}(t_c; s) − v_c of the conditions at t_c > t₀, with y(·; s) the reference method's solution at the
    /// reference tolerances. Newton's method s ← s − J⁻¹F(s), J by central differences
    /// ∂F/∂s_i ≈ (F(s + h e_i) − F(s − h e_i)) / 2h with h = 10⁻⁶·max(1, |s_i|), from s = 0, until
    /// max|F| ≤ 10⁻⁹·(1 + max|v|) (a linear problem converges in one step, up to rounding).
    /// - Throws: `ODEPipelineError.shootingFailed` when Newton does not converge in `maxIterations`
    ///   or J is singular; `.solver` when an integration fails.
    public func shoot(maxIterations: Int = 30) throws(ODEPipelineError) -> ShootingResult {
        let t0 = file.span.start
        var initial = [Double?](repeating: nil, count: systemSize)
        var later: [ODEProblemFile.ResolvedCondition] = []
        for c in file.resolvedConditions {
            if c.at == t0 { initial[c.index] = c.value } else { later.append(c) }
        }
        let unknown = initial.indices.filter { initial[$0] == nil }
        let base = initial.map { $0 ?? 0 }
        if unknown.isEmpty { return ShootingResult(initialState: base, iterations: 0, residual: 0) }
        guard later.count == unknown.count else {
            throw .shootingFailed(
                iterations: 0, residual: .nan,
                reason: "\(unknown.count) unknown initial values but \(later.count) later conditions")
        }
        let times = Array(Set(later.map(\.at))).sorted()
        let f = systemFunction(), jacobian = systemJacobian()
        let method = referenceMethod
        let span = (t0, file.span.end)

        func residuals(_ s: [Double]) throws(ODEPipelineError) -> [Double] {
            var y0 = base
            for (i, k) in unknown.enumerated() { y0[k] = s[i] }
            let solution = try ODEError.during("shooting for the two-point reference") { () throws(ODEError) in
                try solveODE(f, jacobian: jacobian, from: y0, over: span, saveAt: times, method: method)
            }
            return later.map { c in solution.states[times.firstIndex(of: c.at)!][c.index] - c.value }
        }

        let m = unknown.count
        let tolerance = 1e-9 * (1 + later.map { abs($0.value) }.max()!)
        var s = [Double](repeating: 0, count: m)
        var r = try residuals(s)
        var iterations = 0
        while r.map(abs).max()! > tolerance {
            guard iterations < maxIterations else {
                throw .shootingFailed(
                    iterations: iterations, residual: r.map(abs).max()!, reason: "Newton did not converge")
            }
            var jacobian = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
            for i in 0..<m {
                let h = 1e-6 * max(1, abs(s[i]))
                var plus = s, minus = s
                plus[i] += h
                minus[i] -= h
                let rp = try residuals(plus), rm = try residuals(minus)
                for c in 0..<m { jacobian[c][i] = (rp[c] - rm[c]) / (2 * h) }
            }
            guard let step = solveLinearSystem(jacobian, r) else {
                throw .shootingFailed(
                    iterations: iterations, residual: r.map(abs).max()!,
                    reason: "the conditions do not depend on the unknown initial values (singular Jacobian)")
            }
            for i in 0..<m { s[i] -= step[i] }
            r = try residuals(s)
            iterations += 1
        }
        var y0 = base
        for (i, k) in unknown.enumerated() { y0[k] = s[i] }
        return ShootingResult(initialState: y0, iterations: iterations, residual: r.map(abs).max()!)
    }
}

/// x with A x = b, by Gaussian elimination with partial pivoting; nil when A is (numerically) singular.
func solveLinearSystem(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    let m = b.count
    var a = a, b = b
    let scale = a.flatMap { $0 }.map(abs).max() ?? 0
    guard scale > 0 else { return nil }
    for col in 0..<m {
        guard let pivot = (col..<m).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }),
            abs(a[pivot][col]) > 1e-13 * scale
        else { return nil }
        a.swapAt(col, pivot)
        b.swapAt(col, pivot)
        for row in (col + 1)..<m {
            let factor = a[row][col] / a[col][col]
            for k in col..<m { a[row][k] -= factor * a[col][k] }
            b[row] -= factor * b[col]
        }
    }
    var x = [Double](repeating: 0, count: m)
    for row in stride(from: m - 1, through: 0, by: -1) {
        var s = b[row]
        for k in (row + 1)..<m { s -= a[row][k] * x[k] }
        x[row] = s / a[row][row]
    }
    return x
}
