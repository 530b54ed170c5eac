import Foundation

@testable import PinnODE

/// Test problems with exact solutions.
enum ExactProblems {
    /// y′ = λy, y(0) = 1: y = e^{λt}.
    static let decayRate = -1.5
    static func decay(_ t: Double, _ y: [Double], _ dy: inout [Double]) { dy[0] = decayRate * y[0] }
    static func decayExact(_ t: Double) -> [Double] { [exp(decayRate * t)] }

    /// x″ = −x as (x, v): x = cos t, v = −sin t from (1, 0).
    static func oscillator(_ t: Double, _ y: [Double], _ dy: inout [Double]) { dy[0] = y[1]; dy[1] = -y[0] }
    static func oscillatorExact(_ t: Double) -> [Double] { [cos(t), -sin(t)] }

    /// y′ = y cos t, y(0) = 1: y = exp(sin t) (non-autonomous, so the nodes c_i matter).
    static func sineGrowth(_ t: Double, _ y: [Double], _ dy: inout [Double]) { dy[0] = y[0] * cos(t) }
    static func sineGrowthExact(_ t: Double) -> [Double] { [exp(sin(t))] }
}

/// max_i ‖a_i − b_i‖_∞.
func maxError(_ states: [[Double]], _ exact: [[Double]]) -> Double {
    var m = 0.0
    for (a, b) in zip(states, exact) { for (x, y) in zip(a, b) { m = max(m, abs(x - y)) } }
    return m
}

/// Least-squares slope of log(error) against log(1/h) = log(steps): the observed order.
func observedOrder(steps: [Int], errors: [Double]) -> Double {
    let xs = steps.map { log(Double($0)) }, ys = errors.map { -log($0) }
    let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
    var num = 0.0, den = 0.0
    for (x, y) in zip(xs, ys) { num += (x - mx) * (y - my); den += (x - mx) * (x - mx) }
    return num / den
}

/// Fourth-order central difference (8(L(h) − L(−h)) − (L(2h) − L(−2h)))/12h.
func centralDifference(h: Double, _ loss: (Double) throws -> Double) rethrows -> Double {
    try (8 * (loss(h) - loss(-h)) - (loss(2 * h) - loss(-2 * h))) / (12 * h)
}

/// Central differences (`centralDifference`, step h) of `node`'s loss on `data` in every parameter and
/// every initial-state component.
func lossDifferences(_ node: NeuralODE, _ data: ObservedTrajectory, h: Double = 1e-3) throws
    -> (parameters: [Double], initialState: [Double])
{
    let base = node.network.parameters
    let parameters = try base.indices.map { k in
        try centralDifference(h: h) { e in
            var m = node
            m.network.parameters[k] = base[k] + e
            return try m.loss(for: data)
        }
    }
    let initialState = try data.initialState.indices.map { k in
        try centralDifference(h: h) { e in
            var d = data
            d.initialState[k] += e
            return try node.loss(for: d)
        }
    }
    return (parameters, initialState)
}

/// ‖a − b‖₂ / ‖b‖₂.
func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var num = 0.0, den = 0.0
    for i in a.indices { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
    return (num / den).squareRoot()
}

/// Evenly spaced times from a to b inclusive.
func grid(_ a: Double, _ b: Double, count: Int) -> [Double] {
    (0..<count).map { i in i == count - 1 ? b : a + (b - a) * Double(i) / Double(count - 1) }
}
