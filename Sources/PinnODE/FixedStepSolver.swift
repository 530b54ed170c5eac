/// `steps` equal steps of an explicit Runge–Kutta scheme (h = (t1 − t0)/steps, constant steps of
/// `RungeKuttaIntegrator`); f at each new state is kept as the next step's first stage and used by the
/// tableau's dense output between steps.
func solveFixedStep(
    _ f: ODEFunction, y0: [Double], t0: Double, t1: Double, steps: Int,
    tableau: ButcherTableau, saves: SaveSchedule
) throws(ODEError) -> ODESolution {
    guard steps > 0 else { throw .invalidStepCount(steps) }
    var integrator = RungeKuttaIntegrator(stateDimension: y0.count, tableau: tableau)
    let method = ExplicitRungeKutta(
        tableau: tableau, control: .constant(step: abs(t1 - t0) / Double(steps), maxSteps: steps))
    try integrator.restart(f, t0: t0, y0: y0, end: t1, method: method)
    return try solveAdaptive(&integrator, f, jacobian: nil, y0: y0, t0: t0, t1: t1, saves: saves)
}

/// Cubic Hermite interpolation on a step from (y, f) to (y₊, f₊): 3rd-order accurate dense output for the
/// fixed-step Euler and RK4 methods.
func hermiteInterpolate(
    theta s: Double, h: Double, y: [Double], f: [Double], yNew: [Double], fNew: [Double],
    into out: inout [Double]
) {
    let s2 = s * s, s3 = s2 * s
    let h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = 3 * s2 - 2 * s3, h11 = s3 - s2
    for i in y.indices {
        out[i] = h00 * y[i] + h10 * h * f[i] + h01 * yNew[i] + h11 * h * fNew[i]
    }
}
