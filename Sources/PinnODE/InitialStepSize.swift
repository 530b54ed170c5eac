import RealModule

/// Hairer–Wanner's starting step (*Solving ODEs I*, §II.4) for a method whose local error estimate is
/// O(h^(p+1)): with sc_i = atol + rtol|y₀_i|, d₀ = ‖y₀/sc‖, d₁ = ‖f₀/sc‖, h₀ = 0.01 d₀/d₁ (10⁻⁶ if
/// either is below 10⁻⁵); one Euler step gives d₂ = ‖(f(t₀ + h₀, y₀ + h₀f₀) − f₀)/sc‖ / h₀;
/// h₁ = (0.01 / max(d₁, d₂))^(1/(p+1)) (or max(10⁻⁶, 10⁻³h₀) when max(d₁, d₂) ≤ 10⁻¹⁵);
/// h = min(100h₀, h₁, hmax, span). RMS norms. Evaluates f once (counted in `evaluations`; not at all
/// for an empty state or span), writing the Euler point into `trial` and its slope into `trialSlope`
/// (both sized like y).
func initialStepSize(
    _ f: ODEFunction, t: Double, y: [Double], slope f0: [Double], direction: Double, span: Double,
    maxStepSize: Double, options: AdaptiveOptions, errorOrder p: Int,
    trial: inout [Double], trialSlope: inout [Double], evaluations: inout Int
) -> Double {
    let n = y.count
    guard n > 0, span > 0 else { return min(maxStepSize, span) }
    func scale(_ v: Double) -> Double { options.absoluteTolerance + options.relativeTolerance * abs(v) }
    var d0 = 0.0, d1 = 0.0
    for i in 0..<n {
        let sc = scale(y[i])
        d0 += (y[i] / sc) * (y[i] / sc)
        d1 += (f0[i] / sc) * (f0[i] / sc)
    }
    d0 = (d0 / Double(n)).squareRoot()
    d1 = (d1 / Double(n)).squareRoot()
    var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
    h0 = min(h0, maxStepSize, span)
    for i in 0..<n { trial[i] = y[i] + direction * h0 * f0[i] }
    f(t + direction * h0, trial, &trialSlope)
    evaluations += 1
    var d2 = 0.0
    for i in 0..<n {
        let sc = scale(y[i])
        let diff = (trialSlope[i] - f0[i]) / sc
        d2 += diff * diff
    }
    d2 = (d2 / Double(n)).squareRoot() / h0
    let dMax = max(d1, d2)
    let h1 = dMax <= 1e-15 ? max(1e-6, h0 * 1e-3) : Double.pow(0.01 / dMax, 1 / Double(p + 1))
    let h = min(100 * h0, h1, maxStepSize, span)
    return h.isFinite && h > 0 ? h : min(1e-6, span)
}
