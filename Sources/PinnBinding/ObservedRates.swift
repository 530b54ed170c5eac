/// Estimates of dy/dt at the observation times, for fitting a Neural ODE's right-hand side directly to
/// the data before fitting trajectories (derivative matching, the classical "gradient matching"
/// start of parameter estimation).
///
/// At each time t_i the estimate is the slope at t_i of the least-squares quadratic through the
/// `neighbours` observations nearest in index (centred where the series allows, one-sided at its
/// ends): with s = t − t_i, minimise Σ_k (c₀ + c₁ s_k + c₂ s_k² − y_k)² and take c₁. The fit is exact for
/// quadratics, so the estimate is second-order accurate in the spacing for smooth data, and averaging
/// over more neighbours than three damps observation noise.
public enum ObservedRates {
    /// dy_j/dt at every `times[i]` for the rows `values[i]` of several trajectories (`trajectories[i]`,
    /// rows grouped by trajectory), each state fitted on its observed (non-NaN) values within each
    /// trajectory; NaN where the state is missing.
    public static func estimate(times: [Double], values: [[Double]], trajectories: [Int], neighbours: Int = 5)
        -> [[Double]]
    {
        let n = values.first?.count ?? 0
        var rates = values.map { _ in [Double](repeating: .nan, count: n) }
        var start = 0
        while start < times.count {
            let end = trajectories[start...].firstIndex { $0 != trajectories[start] } ?? times.count
            for j in 0..<n {
                let rows = (start..<end).filter { values[$0][j].isFinite }
                guard !rows.isEmpty else { continue }
                let column = estimate(
                    times: rows.map { times[$0] }, values: rows.map { [values[$0][j]] }, neighbours: neighbours)
                for (row, rate) in zip(rows, column) { rates[row][j] = rate[0] }
            }
            start = end
        }
        return rates
    }

    /// dy_j/dt at every `times[i]` (non-decreasing, at least 3 distinct) for the rows `values[i]`.
    public static func estimate(times: [Double], values: [[Double]], neighbours: Int = 5) -> [[Double]] {
        let m = times.count
        let n = values.first?.count ?? 0
        let k = min(max(neighbours, 3), m)
        return (0..<m).map { i in
            let first = min(max(0, i - k / 2), m - k)
            let window = first..<(first + k)
            // Normal equations of the quadratic in s = t − t_i, scaled by h (the window's half-width)
            // so that they are well conditioned whatever the time unit.
            let h = max(
                abs(times[window.upperBound - 1] - times[i]), abs(times[first] - times[i]), .leastNormalMagnitude)
            var a = [[Double]](repeating: [0, 0, 0], count: 3)
            var b = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
            for q in window {
                let s = (times[q] - times[i]) / h
                let basis = [1, s, s * s]
                for r in 0..<3 {
                    for c in 0..<3 { a[r][c] += basis[r] * basis[c] }
                    for j in 0..<n { b[r][j] += basis[r] * values[q][j] }
                }
            }
            return (0..<n).map { j in
                let coefficients = solveLinearSystem(a, [b[0][j], b[1][j], b[2][j]]) ?? [0, 0, 0]
                return coefficients[1] / h
            }
        }
    }
}
