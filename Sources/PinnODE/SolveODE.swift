/// Solves y′ = f(t, y), y(span.0) = y0, from `span.0` to `span.1` (which may be earlier: integration
/// runs backward), returning y at each time in `saveAt`.
///
/// `saveAt` must lie in the span and be ordered in the direction of integration (repeats allowed); it
/// defaults to the end of the span. Times between steps are filled by dense output — the Dormand–Prince
/// continuous extension (4th order) for both Dormand–Prince methods, the collocation polynomial (3rd
/// order) for Radau IIA, cubic Hermite interpolation for Euler and RK4 — so saving at many times does
/// not shorten the steps. `jacobian`, ∂f/∂y, serves the implicit methods (`radau5`, and `auto` once it
/// switches); without it they difference f.
public func solveODE(
    _ f: ODEFunction, jacobian: ODEJacobian? = nil, from y0: [Double], over span: (Double, Double),
    saveAt: [Double]? = nil, method: ODEMethod
) throws(ODEError) -> ODESolution {
    let (t0, t1) = span
    guard t0.isFinite, t1.isFinite else { throw .invalidTimespan(start: t0, end: t1) }
    guard y0.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
    let times = saveAt ?? [t1]
    var saves = SaveSchedule(times: times, start: t0, end: t1, dimension: y0.count)
    try saves.validate()

    if t0 == t1 {
        switch method {
        case .dormandPrince(let options), .radau5(let options), .auto(let options): try options.validate()
        case .euler(let steps), .rk4(let steps), .dormandPrinceFixed(let steps):
            guard steps > 0 else { throw .invalidStepCount(steps) }
        }
        saves.emit(through: t1, direction: 1) { _, out in out = y0 }
        return ODESolution(times: times, states: saves.states, stats: ODEStats())
    }

    switch method {
    case .dormandPrince(let options):
        var integrator = try DormandPrinceIntegrator(f, t0: t0, y0: y0, end: t1, options: options)
        return try solveAdaptive(&integrator, f, jacobian: nil, y0: y0, t0: t0, t1: t1, saves: saves)
    case .radau5(let options):
        var integrator = try RadauIntegrator(f, t0: t0, y0: y0, end: t1, options: options)
        return try solveAdaptive(&integrator, f, jacobian: jacobian, y0: y0, t0: t0, t1: t1, saves: saves)
    case .auto(let options):
        var integrator = try StiffnessSwitchingIntegrator(f, t0: t0, y0: y0, end: t1, options: options)
        var solution = try solveAdaptive(&integrator, f, jacobian: jacobian, y0: y0, t0: t0, t1: t1, saves: saves)
        solution.stiffSwitchTime = integrator.switchTime
        return solution
    case .euler(let steps):
        return try solveFixedStep(f, y0: y0, t0: t0, t1: t1, steps: steps, tableau: .euler, saves: saves)
    case .rk4(let steps):
        return try solveFixedStep(f, y0: y0, t0: t0, t1: t1, steps: steps, tableau: .rk4, saves: saves)
    case .dormandPrinceFixed(let steps):
        return try solveFixedStep(f, y0: y0, t0: t0, t1: t1, steps: steps, tableau: .dormandPrince, saves: saves)
    }
}
