/// Fourth-order (Richardson-extrapolated) central differences, the independent truth for the jet
/// and gradient tests.
enum CentralDifference {
    /// f'(0) from f(±h), f(±2h): (8(f₁ − f₋₁) − (f₂ − f₋₂)) / 12h, error O(h⁴).
    static func first(h: Double, _ f: (Double) -> Double) -> Double {
        (8 * (f(h) - f(-h)) - (f(2 * h) - f(-2 * h))) / (12 * h)
    }

    /// f''(0) from f(0), f(±h), f(±2h): (−f₂ + 16f₁ − 30f₀ + 16f₋₁ − f₋₂) / 12h², error O(h⁴).
    static func second(h: Double, _ f: (Double) -> Double) -> Double {
        (-f(2 * h) + 16 * f(h) - 30 * f(0) + 16 * f(-h) - f(-2 * h)) / (12 * h * h)
    }
}

/// ‖a − b‖₂ / ‖b‖₂.
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var num = 0.0, den = 0.0
    for i in a.indices { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
    return (num / den).squareRoot()
}
