import Foundation

import struct PinnProblems.Expression

@testable import PinnProblems

/// SplitMix64: a tiny seeded generator so random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random syntax trees over the given variables, covering every node kind, operator and function.
struct RandomExpressionTrees {
    let variables: [String]
    var generator: SplitMix64

    static let constants: [Double] = [
        0, -0.0, 1, 2, -2, 0.5, 3.25, -1.75, 1e-7, 6.02e23, 12345.678,
        Double.pi, M_E, -Double.pi, 0.1, 1.0 / 3.0
    ]

    mutating func tree(depth: Int) -> ExpressionNode {
        if depth == 0 || Int.random(in: 0..<6, using: &generator) == 0 {
            if Bool.random(using: &generator) {
                return .variable(variables.randomElement(using: &generator) ?? "x")
            }
            return .constant(Self.constants.randomElement(using: &generator) ?? 1)
        }
        switch Int.random(in: 0..<5, using: &generator) {
        case 0:
            return .negate(tree(depth: depth - 1))
        case 1, 2:
            let op = ArithmeticOperator.allCases.randomElement(using: &generator) ?? .add
            return .binary(op, tree(depth: depth - 1), tree(depth: depth - 1))
        case 3:
            let f = ElementaryFunction.allCases.randomElement(using: &generator) ?? .sin
            return .call(f, tree(depth: depth - 1))
        default:
            let f = BinaryFunction.allCases.randomElement(using: &generator) ?? .min
            return .call2(f, tree(depth: depth - 1), tree(depth: depth - 1))
        }
    }
}

/// Whether two doubles are the same value (bit for bit, or both NaN).
func identical(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

/// f′(x) by central differences with Richardson extrapolation on a Neville tableau (Ridders'
/// method, as in Numerical Recipes' dfridr): step h shrinking by 1.4, stopping when the error
/// estimate grows. Returns the estimate and its error estimate.
func richardsonDerivative(
    _ f: (Double) -> Double, at x: Double,
    initialStep: Double = 0.1
) -> (value: Double, error: Double) {
    let shrink = 1.4, shrink2 = shrink * shrink, levels = 10
    var table = [[Double]](repeating: [Double](repeating: 0, count: levels), count: levels)
    var h = initialStep
    table[0][0] = (f(x + h) - f(x - h)) / (2 * h)
    var best = table[0][0], error = Double.greatestFiniteMagnitude
    for i in 1..<levels {
        h /= shrink
        table[0][i] = (f(x + h) - f(x - h)) / (2 * h)
        var factor = shrink2
        for j in 1...i {
            table[j][i] = (table[j - 1][i] * factor - table[j - 1][i - 1]) / (factor - 1)
            factor *= shrink2
            let estimate = max(abs(table[j][i] - table[j - 1][i]), abs(table[j][i] - table[j - 1][i - 1]))
            if estimate <= error {
                error = estimate
                best = table[j][i]
            }
        }
        if abs(table[i][i] - table[i - 1][i - 1]) >= 2 * error { break }
    }
    return (best, error)
}
