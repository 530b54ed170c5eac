import PinnNumerics
import PinnProblems

extension ODEParameterFitObjective {
    /// A start for the trajectory fit by gradient matching: the trainables q minimising
    ///
    ///     Σ_i Σ_j (f_j(y_i, t_i; φ(q)) − ẏ_ij)²
    ///
    /// over the observations whose state is complete, ẏ the rates estimated from the observations
    /// (`ObservedRates`), by Levenberg–Marquardt from the current trainables (at most `iterations`
    /// steps). No ODE is solved, so the basin of the trajectory fit is not needed: where the
    /// right-hand side is linear in the unknowns (mass-action rates) this is a linear least-squares
    /// problem. Returns nil when there are too few complete observations or nothing finite.
    public mutating func matchingRates(of data: ObservationTable, iterations: Int = 30) -> [Double]? {
        let n = field.stateDimension, m = maps.count
        let rates = ObservedRates.estimate(times: data.times, values: data.states, trajectories: data.trajectories)
        let rows = data.states.indices.filter { i in data.states[i].allSatisfy(\.isFinite) && data.times.count >= 3 }
        guard rows.count * n > m else { return nil }
        var value = [Double](repeating: 0, count: n), fz = [Double](repeating: 0, count: n * n)
        var fp = [Double](repeating: 0, count: n * m)
        func residuals(_ q: [Double], jacobian: Bool) -> (rho: [Double], j: [Double], loss: Double) {
            let p = values(of: q), slopes = zip(maps, q).map { $0.derivative($1) }
            var rho: [Double] = [], j: [Double] = []
            for i in rows {
                field.evaluate(
                    data.states[i], t: data.times[i], parameters: p, value: &value, stateJacobian: &fz,
                    parameterJacobian: &fp)
                for s in 0..<n where rates[i][s].isFinite {
                    rho.append(value[s] - rates[i][s])
                    if jacobian { for k in 0..<m { j.append(fp[s + k * n] * slopes[k]) } }
                }
            }
            return (rho, j, rho.reduce(0) { $0 + $1 * $1 })
        }
        var q = parameters, current = residuals(q, jacobian: true), damping = 1e-6
        guard current.loss.isFinite else { return nil }
        for _ in 0..<iterations {
            let scale = max(current.j.reduce(0) { $0 + $1 * $1 } / Double(m), .leastNormalMagnitude)
            guard
                let step = try? DampedLeastSquares.step(
                    jacobian: current.j, rho: current.rho, parameters: m, damping: damping * scale)
            else {
                damping *= 4
                continue
            }
            let trial = zip(q, step.delta).map { $0 - $1 }
            let next = residuals(trial, jacobian: true)
            if next.loss.isFinite, next.loss < current.loss {
                let converged = current.loss - next.loss <= 1e-12 * current.loss
                (q, current, damping) = (trial, next, max(damping / 3, 1e-15))
                if converged { break }
            } else {
                damping *= 4
                if damping > 1e12 { break }
            }
        }
        return q
    }
}
