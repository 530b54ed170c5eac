extension ObservedTrajectory {
    /// w_j (1 when `stateWeights` is empty).
    @inline(__always)
    func weight(_ j: Int) -> Double { stateWeights.isEmpty ? 1 : stateWeights[j] }

    /// L = (1/M) Σ_i Σ_j w_j (z_ij − y_ij)², with z_i at `states[i·n ..< (i + 1)·n]` (n = the initial
    /// state's size); a missing value (y_ij NaN) contributes nothing.
    func loss(states: [Double]) -> Double {
        let n = initialState.count
        var sum = 0.0
        for (i, y) in values.enumerated() {
            for j in 0..<n where !y[j].isNaN {
                sum += weight(j) * (states[i * n + j] - y[j]) * (states[i * n + j] - y[j])
            }
        }
        return sum / Double(times.count)
    }

    /// ∂L/∂z_j(t_i) = (2/M) w_j (z_j(t_i) − y_ij) (0 where y_ij is missing), added to
    /// `a[offset ..< offset + n]` (z(t_i) at `states[i·n ..< (i + 1)·n]`).
    func addLossGradient(at i: Int, states: [Double], to a: inout [Double], offset: Int = 0) {
        let n = initialState.count
        let scale = 2 / Double(times.count)
        for j in 0..<n where !values[i][j].isNaN {
            a[offset + j] += scale * weight(j) * (states[i * n + j] - values[i][j])
        }
    }
}
