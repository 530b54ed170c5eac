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
    let saves = try SaveSchedule(from: y0, over: span, saveAt: saveAt)
    if t0 == t1 {
        switch method {
        case .dormandPrince(let options), .radau5(let options), .auto(let options): try options.validate()
        case .euler(let steps), .rk4(let steps), .dormandPrinceFixed(let steps):
            guard steps > 0 else { throw .invalidStepCount(steps) }
        }
        return saves.initialStateOnly(y0)
    }

    switch method {
    case .dormandPrince(let options):
        return try solveODE(f, from: y0, over: span, saveAt: saveAt, method: .dormandPrince(options))
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

/// `solveODE` by an explicit Runge–Kutta method with its step-size control (adaptive Dormand–Prince, or
/// constant steps of h from t0, the last one shortened to land on t1).
func solveODE(
    _ f: ODEFunction, from y0: [Double], over span: (Double, Double), saveAt: [Double]? = nil,
    method: ExplicitRungeKutta
) throws(ODEError) -> ODESolution {
    let (t0, t1) = span
    let saves = try SaveSchedule(from: y0, over: span, saveAt: saveAt)
    if t0 == t1 {
        try method.validate()
        return saves.initialStateOnly(y0)
    }
    var integrator = RungeKuttaIntegrator(stateDimension: y0.count, tableau: method.tableau)
    try integrator.restart(f, t0: t0, y0: y0, end: t1, method: method)
    return try solveAdaptive(&integrator, f, jacobian: nil, y0: y0, t0: t0, t1: t1, saves: saves)
}

extension SaveSchedule {
    /// The schedule of a solve from y0 over `span` saving at `saveAt` (default: the span's end).
    /// - Throws: `invalidTimespan` for an endpoint that is not finite, `nonFiniteState` for such a y0,
    ///   `invalidSaveTime` for a time outside the span or out of order.
    init(from y0: [Double], over span: (Double, Double), saveAt: [Double]?) throws(ODEError) {
        let (t0, t1) = span
        guard t0.isFinite, t1.isFinite else { throw .invalidTimespan(start: t0, end: t1) }
        guard y0.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
        self.init(times: saveAt ?? [t1], start: t0, end: t1, dimension: y0.count)
        try validate()
    }

    /// The solution of an empty span: y0 at every save time.
    func initialStateOnly(_ y0: [Double]) -> ODESolution {
        var saves = self
        saves.emit(through: end, direction: 1) { _, out in out = y0 }
        return ODESolution(times: times, states: saves.states, stats: ODEStats())
    }
}
