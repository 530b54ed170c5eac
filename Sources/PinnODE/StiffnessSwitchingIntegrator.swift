/// The `auto` method: adaptive Dormand–Prince 5(4) until Hairer's stiffness test fires
/// (`RungeKuttaIntegrator.checkStiffness`: 15 steps held at the explicit method's stability
/// boundary), then Radau IIA 5 (`RadauIntegrator`) from that point to the end of the solve, started
/// with the explicit method's last proposed step. The switch is one way: a problem that is stiff once
/// usually stays so (chemical kinetics past its transient), and the implicit method is accurate on
/// non-stiff stretches too, only dearer per step. A problem that never looks stiff takes exactly the
/// Dormand–Prince steps (the same states, bit for bit).
///
/// The step limit `maxSteps` covers both methods together.
struct StiffnessSwitchingIntegrator {
    /// Which method is stepping.
    enum Phase: Equatable { case explicit, implicit }

    /// An accepted step of either method.
    enum Step: AcceptedStep {
        case explicit(RungeKuttaIntegrator)
        case implicit(RadauIntegrator)

        var t: Double {
            switch self {
            case .explicit(let s): s.t
            case .implicit(let s): s.t
            }
        }

        var y: [Double] {
            switch self {
            case .explicit(let s): s.y
            case .implicit(let s): s.y
            }
        }

        func interpolate(at time: Double, into out: inout [Double]) {
            switch self {
            case .explicit(let s): s.interpolate(at: time, into: &out)
            case .implicit(let s): s.interpolate(at: time, into: &out)
            }
        }
    }

    private(set) var explicit: RungeKuttaIntegrator
    private(set) var implicit: RadauIntegrator
    private(set) var phase = Phase.explicit
    /// Where the solve switched to the implicit method (nil while explicit).
    private(set) var switchTime: Double?
    private var options = AdaptiveOptions(tolerance: 1e-6)
    private var end = 0.0

    /// Starts at (t0, y0) heading towards `end`, explicitly.
    init(_ f: ODEFunction, t0: Double, y0: [Double], end: Double, options: AdaptiveOptions) throws(ODEError) {
        explicit = RungeKuttaIntegrator(stateDimension: y0.count)
        implicit = RadauIntegrator(stateDimension: y0.count)
        try explicit.restart(f, t0: t0, y0: y0, end: end, options: options)
        explicit.detectsStiffness = true
        self.options = options
        self.end = end
    }

    var t: Double { phase == .explicit ? explicit.t : implicit.t }
    var y: [Double] { phase == .explicit ? explicit.y : implicit.y }
    var direction: Double { explicit.direction }
    /// Both methods' counters added.
    var stats: ODEStats { phase == .explicit ? explicit.stats : explicit.stats + implicit.stats }

    /// Takes steps until t = `target`, switching to Radau IIA when stiffness is detected; `onStep` sees
    /// each accepted step of either method. `jacobian` (∂f/∂y, column-major) serves the implicit method;
    /// without it, it uses forward differences.
    mutating func advance(
        to target: Double, _ f: ODEFunction, jacobian: ODEJacobian? = nil,
        onStep: (Step) -> Void = { _ in }
    ) throws(ODEError) {
        while (target - t) * direction > 0 {
            switch phase {
            case .explicit:
                try explicit.advance(to: target, f) { onStep(.explicit($0)) }
                if explicit.stiffnessDetected { try switchToImplicit(f) }
            case .implicit:
                do {
                    try implicit.advance(to: target, f, jacobian: jacobian) { onStep(.implicit($0)) }
                } catch .stepLimitExceeded(_, let at) {
                    throw .stepLimitExceeded(maxSteps: options.maxSteps, t: at)
                }
            }
        }
    }

    /// Starts Radau IIA at the explicit method's current point, with its proposed step and the step
    /// budget left.
    private mutating func switchToImplicit(_ f: ODEFunction) throws(ODEError) {
        let used = explicit.stats.acceptedSteps + explicit.stats.rejectedSteps
        guard used < options.maxSteps else {
            throw .stepLimitExceeded(maxSteps: options.maxSteps, t: explicit.t)
        }
        var rest = options
        rest.maxSteps = options.maxSteps - used
        rest.initialStep = abs(explicit.proposedStep)
        try implicit.restart(f, t0: explicit.t, y0: explicit.y, end: end, options: rest)
        phase = .implicit
        switchTime = explicit.t
    }
}
