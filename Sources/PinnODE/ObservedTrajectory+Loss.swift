extension ObservedTrajectory {
    /// L = (1/M) Σ ‖z_i − y_i‖², with z_i at `states[i·n ..< (i + 1)·n]` (n = the initial state's size).
    func loss(states: [Double]) -> Double {
        let n = initialState.count
        var sum = 0.0
        for (i, y) in values.enumerated() {
            for j in 0..<n { sum += (states[i * n + j] - y[j]) * (states[i * n + j] - y[j]) }
        }
        return sum / Double(times.count)
    }

    /// ∂L/∂z(t_i) = (2/M)(z(t_i) − y_i), added to `a[offset ..< offset + n]` (z(t_i) at
    /// `states[i·n ..< (i + 1)·n]`).
    func addLossGradient(at i: Int, states: [Double], to a: inout [Double], offset: Int = 0) {
        let n = initialState.count
        let scale = 2 / Double(times.count)
        for j in 0..<n { a[offset + j] += scale * (states[i * n + j] - values[i][j]) }
    }
}
