/// What an adaptive integrator shows after an accepted step: where it is, and its dense output inside
/// the step just taken. Save schedules are filled from it whatever the method.
protocol AcceptedStep {
    /// The end of the step.
    var t: Double { get }
    /// The state at `t`.
    var y: [Double] { get }
    /// y at a time inside the step just taken, by the method's dense output.
    func interpolate(at time: Double, into out: inout [Double])
}

/// An integrator moving (t, y) towards later targets (`RungeKuttaIntegrator`, adaptive or with constant
/// steps, `RadauIntegrator`, `StiffnessSwitchingIntegrator`): one loop of `solveODE` serves them all.
protocol AdaptiveIntegrator {
    /// What `onStep` sees after each accepted step.
    associatedtype Step: AcceptedStep

    var t: Double { get }
    var y: [Double] { get }
    /// +1 forward in time, −1 backward.
    var direction: Double { get }
    var stats: ODEStats { get }

    /// Takes steps until t = `target`; `jacobian` (∂f/∂y) serves implicit methods and is ignored by
    /// explicit ones.
    mutating func advance(
        to target: Double, _ f: ODEFunction, jacobian: ODEJacobian?, onStep: (Step) -> Void
    ) throws(ODEError)
}

extension RungeKuttaIntegrator: AcceptedStep, AdaptiveIntegrator {
    mutating func advance(
        to target: Double, _ f: ODEFunction, jacobian: ODEJacobian?, onStep: (RungeKuttaIntegrator) -> Void
    ) throws(ODEError) {
        try advance(to: target, f, onStep: onStep)
    }
}

extension RadauIntegrator: AcceptedStep, AdaptiveIntegrator {}
extension StiffnessSwitchingIntegrator: AdaptiveIntegrator {}

extension SaveSchedule {
    /// Fills the pending save times up to the end of `step`: its end state at `step.t`, its dense output
    /// before.
    mutating func record(_ step: some AcceptedStep, direction: Double) {
        emit(through: step.t, direction: direction) { time, out in
            if time == step.t { out = step.y } else { step.interpolate(at: time, into: &out) }
        }
    }
}

/// Runs `integrator` (started at (t0, y0)) to t1, filling `saves` (the initial state at t0, dense
/// output between steps, the final state at t1).
func solveAdaptive<Integrator: AdaptiveIntegrator>(
    _ integrator: inout Integrator, _ f: ODEFunction, jacobian: ODEJacobian?, y0: [Double], t0: Double,
    t1: Double, saves: SaveSchedule
) throws(ODEError) -> ODESolution {
    var saves = saves
    let direction = integrator.direction
    saves.emit(through: t0, direction: direction) { _, out in out = y0 }
    try integrator.advance(to: t1, f, jacobian: jacobian) { saves.record($0, direction: direction) }
    let final = integrator.y
    saves.emit(through: t1, direction: direction) { _, out in out = final }
    return ODESolution(times: saves.times, states: saves.states, stats: integrator.stats)
}
