import PinnODE

/// Memory held by the two gradient methods on one problem, with its observation times stretched.
struct GradientMemoryRow: Equatable, Sendable {
    /// How much the span t_M − t₀ was stretched.
    var spanFactor: Double
    /// Accepted steps of the forward solve (the steps backpropagation records).
    var forwardSteps: Int
    /// Accepted steps of the adjoint's backward solve.
    var adjointBackwardSteps: Int
    /// Peak stored bytes of the adjoint gradient.
    var adjointBytes: Int
    /// Peak stored bytes of backpropagation through the solver.
    var backpropagationBytes: Int
    /// Relative difference ‖g_adjoint − g_backprop‖₂ / ‖g_backprop‖₂ of the parameter gradients.
    var gradientDifference: Double
}

extension NeuralODE {
    /// Computes both gradients with the observation times stretched by each factor
    /// (t_i ↦ t₀ + factor·(t_i − t₀), same values and tolerances) and reports steps and stored bytes:
    /// the adjoint's memory stays flat while backpropagation's grows with the number of steps. Steps
    /// grow with the span when the dynamics stay busy (e.g. a sine network with time as an input),
    /// somewhat less than in proportion: for the one in the tests, factors [1, 20] give about 9× the steps.
    func gradientMemoryScaling(for data: ObservedTrajectory, spanFactors: [Double] = [1, 20])
        throws(ODEError) -> [GradientMemoryRow]
    {
        var rows = [GradientMemoryRow]()
        for factor in spanFactors {
            var stretched = data
            stretched.times = data.times.map { data.startTime + factor * ($0 - data.startTime) }
            let adjoint = try lossAndGradient(for: stretched, method: .adjoint)
            let backprop = try lossAndGradient(for: stretched, method: .backpropagation)
            var num = 0.0, den = 0.0
            for (x, y) in zip(adjoint.parameterGradient, backprop.parameterGradient) {
                num += (x - y) * (x - y)
                den += y * y
            }
            rows.append(
                GradientMemoryRow(
                    spanFactor: factor, forwardSteps: backprop.forwardStats.acceptedSteps,
                    adjointBackwardSteps: adjoint.backwardStats.acceptedSteps,
                    adjointBytes: adjoint.storedBytes,
                    backpropagationBytes: backprop.storedBytes,
                    gradientDifference: den > 0 ? (num / den).squareRoot() : num.squareRoot()))
        }
        return rows
    }
}

extension GradientMemoryRow {
    /// The rows as an aligned text table with a header line.
    static func table(_ rows: [GradientMemoryRow]) -> String {
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var lines = [
            pad("span ×", 8) + pad("fwd steps", 11) + pad("adj steps", 11) + pad("adjoint B", 12)
                + pad("backprop B", 12) + pad("rel diff", 11)
        ]
        for r in rows {
            lines.append(
                pad("\(r.spanFactor)", 8) + pad("\(r.forwardSteps)", 11) + pad("\(r.adjointBackwardSteps)", 11)
                    + pad("\(r.adjointBytes)", 12) + pad("\(r.backpropagationBytes)", 12)
                    + pad(shortScientific(r.gradientDifference), 11))
        }
        return lines.joined(separator: "\n")
    }

    private static func shortScientific(_ x: Double) -> String {
        guard x > 0, x.isFinite else { return "\(x)" }
        var e = 0, m = x
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        let rounded = (m * 10).rounded() / 10
        return "\(rounded)e\(e)"
    }
}
