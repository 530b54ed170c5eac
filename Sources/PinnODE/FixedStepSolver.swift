/// `steps` equal steps of an explicit Runge–Kutta scheme; f at each new state is kept as the next
/// step's first stage and used by the tableau's dense output between steps.
func solveFixedStep(
    _ f: ODEFunction, y0: [Double], t0: Double, t1: Double, steps: Int,
    tableau: ButcherTableau, saves: SaveSchedule
) throws(ODEError) -> ODESolution {
    guard steps > 0 else { throw .invalidStepCount(steps) }
    var saves = saves
    let n = y0.count
    let direction: Double = t1 >= t0 ? 1 : -1
    let h = (t1 - t0) / Double(steps)
    var k = [[Double]](repeating: [Double](repeating: 0, count: n), count: max(tableau.stageCount, 7))
    var stageInputs = [[Double]](repeating: [Double](repeating: 0, count: n), count: tableau.stageCount)
    var y = y0, yNew = y0
    var stats = ODEStats()
    f(t0, y, &k[0])
    stats.functionEvaluations += 1
    guard k[0].allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
    saves.emit(through: t0, direction: direction) { _, out in out = y0 }

    for s in 0..<steps {
        let t = t0 + Double(s) * h
        let tNew = s == steps - 1 ? t1 : t0 + Double(s + 1) * h
        tableau.step(f, t: t, h: h, y: y, k: &k, stageInputs: &stageInputs, yNew: &yNew)
        // f at the new state: Dormand–Prince's 7th (FSAL) stage, and the next step's first stage.
        f(tNew, yNew, &k[6])
        stats.functionEvaluations += tableau.stageCount
        stats.acceptedSteps += 1
        guard yNew.allSatisfy(\.isFinite), k[6].allSatisfy(\.isFinite) else {
            throw .nonFiniteState(t: tNew, step: s + 1)
        }
        saves.emit(through: tNew, direction: direction) { time, out in
            if time == tNew {
                out = yNew
                return
            }
            switch tableau.denseOutput {
            case .dormandPrince:
                DormandPrince.interpolate(theta: (time - t) / h, h: h, from: y, to: yNew, stages: k, into: &out)
            case .hermite:
                hermiteInterpolate(theta: (time - t) / h, h: h, y: y, f: k[0], yNew: yNew, fNew: k[6], into: &out)
            }
        }
        swap(&y, &yNew)
        k.swapAt(0, 6)
    }
    return ODESolution(times: saves.times, states: saves.states, stats: stats)
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
