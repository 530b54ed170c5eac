import PinnNetwork
import PinnProblems

/// The scales of a Neural ODE's data, so that its network sees and produces numbers of order one and
/// its loss weighs every state alike, whatever their units.
///
/// From the training observations y_ij (state j at time t_i, i = 1…M, with the initial state as a first
/// row at t₀) and the input power p:
/// - input shift and scale: the mean and standard deviation of y_ij^p over i (a spread below 10⁻³ of the
///   state's largest magnitude, such as a constant state's, is raised to it; an all-zero state gets 1);
/// - spread s_j: the standard deviation of y_ij, floored the same way; the loss weight is w_j = 1/s_j²,
///   so that the loss (1/M) Σ_i Σ_j w_j (z_ij − y_ij)² is the mean squared error in units of each
///   state's spread;
/// - rate r_j: the root mean square of the difference quotients (y_kj − y_ij)/(t_k − t_i) over pairs of
///   observations at least T/100 apart (k the first such after i; T = t_M − t₀), so that close, noisy
///   observations do not inflate it; floored at 10⁻³ s_j/T. The network's outputs are multiplied by r_j.
/// - time input (when the model has one): shifted by t₀ and scaled by T.
public struct NeuralODEScales: Equatable, Sendable {
    public var inputShift: [Double]
    public var inputScale: [Double]
    public var spread: [Double]
    public var rate: [Double]
    public var startTime: Double
    public var duration: Double

    /// The scales of `observations` (every trajectory, each after (`startTime`, its initial state in
    /// `initialStates`)), for a network fed z^`inputPower`. Missing (NaN) values are left out; rates are
    /// taken within each trajectory.
    public init(observations: ObservationTable, startTime: Double, initialStates: [[Double]], inputPower: Int) {
        let n = initialStates.first?.count ?? 0
        self.startTime = startTime
        let span = (observations.times.max() ?? startTime) - startTime
        duration = span > 0 ? span : 1
        inputShift = []
        inputScale = []
        spread = []
        rate = []
        for j in 0..<n {
            let values = (initialStates.map { $0[j] } + observations.states.map { $0[j] }).filter(\.isFinite)
            let powered = inputPower == 1 ? values : values.map { MLP.raisedInput($0, power: inputPower) }
            let (mean, deviation) = Self.meanAndSpread(powered)
            inputShift.append(mean)
            inputScale.append(deviation)
            let s = Self.meanAndSpread(values).spread
            spread.append(s)
            var sum = 0.0, count = 0
            for (k, initialState) in initialStates.enumerated() {
                let rows = observations.rows(ofTrajectory: k).filter { observations.states[$0][j].isFinite }
                let part = Self.squaredRates(
                    times: [startTime] + rows.map { observations.times[$0] },
                    values: [initialState[j]] + rows.map { observations.states[$0][j] }, minimumGap: duration / 100)
                sum += part.sum
                count += part.count
            }
            let rms = count > 0 ? (sum / Double(count)).squareRoot() : 0
            rate.append(max(rms, 1e-3 * s / duration))
        }
    }

    public func scaling(takesTime: Bool) -> MLPScaling {
        MLPScaling(
            inputShift: inputShift + (takesTime ? [startTime] : []),
            inputScale: inputScale + (takesTime ? [duration] : []),
            outputScale: rate)
    }

    /// w_j = 1/s_j².
    public var lossWeights: [Double] { spread.map { 1 / ($0 * $0) } }

    /// The mean and the standard deviation, floored at 10⁻³ of the largest magnitude (1 when all are 0).
    static func meanAndSpread(_ values: [Double]) -> (mean: Double, spread: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        let largest = values.map(abs).max() ?? 0
        let spread = max(variance.squareRoot(), 1e-3 * largest)
        return (mean, spread > 0 ? spread : 1)
    }

    /// √(mean of ((y_k − y_i)/(t_k − t_i))²) over i, with k the first index after i with
    /// t_k − t_i ≥ `minimumGap` (0 when no pair is that far apart).
    static func rootMeanSquareRate(times: [Double], values: [Double], minimumGap: Double) -> Double {
        let (sum, count) = squaredRates(times: times, values: values, minimumGap: minimumGap)
        return count > 0 ? (sum / Double(count)).squareRoot() : 0
    }

    /// The sum of the squared difference quotients of `rootMeanSquareRate`, and their count.
    static func squaredRates(times: [Double], values: [Double], minimumGap: Double) -> (sum: Double, count: Int) {
        var sum = 0.0, count = 0
        var k = 0
        for i in times.indices {
            k = max(k, i + 1)
            while k < times.count, times[k] - times[i] < minimumGap { k += 1 }
            guard k < times.count else { break }
            let q = (values[k] - values[i]) / (times[k] - times[i])
            sum += q * q
            count += 1
        }
        return (sum, count)
    }
}
