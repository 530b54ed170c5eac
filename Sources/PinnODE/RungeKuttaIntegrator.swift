import RealModule

/// Explicit Runge–Kutta integration from a moving (t, y) by any `ButcherTableau`, its steps sized by an
/// `ExplicitRungeKutta.StepSizeControl`: adaptive Dormand–Prince 5(4) (FSAL, PI control, step limit) or
/// constant steps. `advance(to:)` may be called repeatedly with targets further along; each call lands
/// exactly on its target — adaptively by shortening the last step (or stretching it by up to 1 %), the
/// controller state carrying over; with constant steps by taking steps of h from where the call starts,
/// the last one shortened. After every step f at the new state is evaluated (the first stage of the
/// next step, and the end slope of the dense output). `restart` begins a new solve in the same arrays,
/// so repeated solves of one size and tableau allocate nothing.
struct RungeKuttaIntegrator {
    /// The method's coefficients.
    private(set) var tableau: ButcherTableau
    /// How the steps are sized.
    private(set) var control: ExplicitRungeKutta.StepSizeControl
    /// The adaptive control's options (those of `control` when adaptive).
    private var options: AdaptiveOptions
    /// +1 forward in time, −1 backward.
    private(set) var direction: Double
    private(set) var maxStepSize: Double

    /// Current time and state.
    private(set) var t: Double
    private(set) var y: [Double]
    /// Stages k₁…k_s of the last step and f at its end, k_{s+1} (s + 1 arrays; for Dormand–Prince the
    /// seventh, FSAL stage); `k[0] = f(t, y)` between steps.
    private(set) var k: [[Double]]
    /// Stage inputs Y₁…Y_s of the last step.
    private(set) var stageInputs: [[Double]]
    /// The state before the last accepted step (between steps), the trial state during one.
    private(set) var previous: [Double]
    /// Start time and (signed) size of the last accepted step.
    private(set) var lastStepStart: Double
    private(set) var lastStepSize = 0.0
    /// Next step size to try (signed; adaptive control).
    private(set) var proposedStep: Double
    private var previousError = PIController.errorFloor
    private var rejectedLast = false
    private(set) var stats = ODEStats()
    /// Whether `advance` watches for stiffness and returns early once it is detected (`auto` sets it;
    /// adaptive Dormand–Prince only).
    var detectsStiffness = false
    /// Whether Hairer's stiffness test has fired (see `checkStiffness`); `advance` then returns.
    private(set) var stiffnessDetected = false
    private var stiffSteps = 0, nonStiffSteps = 0

    /// Starts adaptive Dormand–Prince at (t0, y0) heading towards `end` (which sets the direction and
    /// the default maximum step).
    init(_ f: ODEFunction, t0: Double, y0: [Double], end: Double, options: AdaptiveOptions) throws(ODEError) {
        self.init(stateDimension: y0.count)
        try restart(f, t0: t0, y0: y0, end: end, options: options)
    }

    /// An integrator with its arrays sized for `n` components and `tableau`'s stages (by default
    /// Dormand–Prince's), to be started by `restart`.
    init(stateDimension n: Int, tableau: ButcherTableau = .dormandPrince) {
        self.tableau = tableau
        options = AdaptiveOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-9)
        control = .adaptive(options)
        direction = 1
        maxStepSize = 0
        t = 0
        lastStepStart = 0
        proposedStep = 0
        y = [Double](repeating: 0, count: n)
        previous = [Double](repeating: 0, count: n)
        k = (0...tableau.stageCount).map { _ in [Double](repeating: 0, count: n) }
        stageInputs = (0..<tableau.stageCount).map { _ in [Double](repeating: 0, count: n) }
    }

    /// Starts a new adaptive Dormand–Prince solve at (t0, y0) heading towards `end`.
    mutating func restart(
        _ f: ODEFunction, t0: Double, y0: [Double], end: Double,
        options: AdaptiveOptions
    ) throws(ODEError) {
        try restart(f, t0: t0, y0: y0, end: end, method: .dormandPrince(options))
    }

    /// Starts a new solve by `method` at (t0, y0) heading towards `end`, in this integrator's arrays
    /// (resized when the state size or the tableau changed); the controller and the counters start afresh.
    mutating func restart(
        _ f: ODEFunction, t0: Double, y0: [Double], end: Double,
        method: ExplicitRungeKutta
    ) throws(ODEError) {
        try method.validate()
        guard t0.isFinite, end.isFinite else { throw .invalidTimespan(start: t0, end: end) }
        guard y0.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
        if y0.count != y.count || method.tableau != tableau {
            let detects = detectsStiffness
            self = RungeKuttaIntegrator(stateDimension: y0.count, tableau: method.tableau)
            detectsStiffness = detects
        }
        control = method.control
        direction = end >= t0 ? 1 : -1
        t = t0
        for i in y0.indices { y[i] = y0[i]; previous[i] = y0[i] }
        lastStepStart = t0
        lastStepSize = 0
        previousError = PIController.errorFloor
        rejectedLast = false
        stiffnessDetected = false
        stiffSteps = 0
        nonStiffSteps = 0
        stats = ODEStats()
        f(t0, y, &k[0])
        stats.functionEvaluations += 1
        guard k[0].allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
        switch control {
        case .constant(let h, _):
            maxStepSize = h
            proposedStep = direction * h
        case .adaptive(let adaptive):
            precondition(tableau == .dormandPrince, "adaptive steps need Dormand–Prince's error estimate")
            options = adaptive
            maxStepSize = options.maxStepSize ?? max(abs(end - t0), Double.leastNormalMagnitude)
            if let h = options.initialStep {
                proposedStep = direction * min(h, maxStepSize)
            } else {
                proposedStep =
                    direction
                    * initialStepSize(
                        f, t: t, y: y, slope: k[0], direction: direction, span: abs(end - t0),
                        maxStepSize: maxStepSize, options: options, errorOrder: 4, trial: &previous,
                        trialSlope: &k[1], evaluations: &stats.functionEvaluations)
            }
        }
    }

    /// atol + rtol·max(|a_i|, |b_i|).
    @inline(__always)
    private func scale(_ a: Double, _ b: Double) -> Double {
        options.absoluteTolerance + options.relativeTolerance * max(abs(a), abs(b))
    }

    /// Changes the state at the current time in place with `change` (e.g. adds a jump) and re-evaluates
    /// the first stage; the step-size controller state is kept.
    mutating func modifyState(_ change: (inout [Double]) -> Void, _ f: ODEFunction) throws(ODEError) {
        let n = y.count
        change(&y)
        precondition(y.count == n, "state size changed")
        guard y.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t, step: stats.acceptedSteps) }
        f(t, y, &k[0])
        stats.functionEvaluations += 1
        guard k[0].allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t, step: stats.acceptedSteps) }
    }

    /// Takes steps until t = `target` (which must not lie behind the current time). After each accepted
    /// step `onStep` sees the integrator: the step went from (`lastStepStart`, `previous`) to (`t`, `y`)
    /// with size `lastStepSize`, stages `k` (all s + 1) and stage inputs `stageInputs`. With
    /// `detectsStiffness`, returns early (before the target) after the step on which stiffness is detected.
    mutating func advance(
        to target: Double, _ f: ODEFunction,
        onStep: (RungeKuttaIntegrator) -> Void = { _ in }
    ) throws(ODEError) {
        precondition((target - t) * direction >= 0, "target \(target) lies behind t = \(t)")
        switch control {
        case .adaptive: try advanceAdaptively(to: target, f, onStep: onStep)
        case .constant(let h, let maxSteps): try advance(to: target, by: h, maxSteps: maxSteps, f, onStep: onStep)
        }
    }

    /// Steps k = 1, 2, … end at t_start + k·h (t_start where the call starts), the last one at `target`;
    /// a non-finite state or slope throws at once (there is no smaller step to retry with).
    private mutating func advance(
        to target: Double, by h: Double, maxSteps: Int, _ f: ODEFunction,
        onStep: (RungeKuttaIntegrator) -> Void
    ) throws(ODEError) {
        let start = t, slack = ExplicitRungeKutta.landingSlack * h
        var taken = 0
        while (target - t) * direction > 0 {
            guard taken < maxSteps else { throw .stepLimitExceeded(maxSteps: maxSteps, t: t) }
            taken += 1
            let planned = start + direction * Double(taken) * h
            let tNew = (target - planned) * direction <= slack ? target : planned
            trial(f, size: tNew - t, to: tNew)
            guard previous.allSatisfy(\.isFinite), k[tableau.stageCount].allSatisfy(\.isFinite) else {
                throw .nonFiniteState(t: tNew, step: stats.acceptedSteps + 1)
            }
            accept(size: tNew - t, to: tNew, onStep: onStep)
        }
    }

    /// The trial step from (t, y) of size h: stages, the new state in `previous` and f there in k_{s+1}.
    private mutating func trial(_ f: ODEFunction, size h: Double, to tNew: Double) {
        tableau.step(f, t: t, h: h, y: y, k: &k, stageInputs: &stageInputs, yNew: &previous)
        f(tNew, previous, &k[tableau.stageCount])
        stats.functionEvaluations += tableau.stageCount
    }

    /// Moves to the trial step's end, shows the step to `onStep`, and makes f there the next first stage.
    private mutating func accept(size h: Double, to tNew: Double, onStep: (RungeKuttaIntegrator) -> Void) {
        stats.acceptedSteps += 1
        lastStepStart = t
        lastStepSize = h
        t = tNew
        swap(&y, &previous)
        onStep(self)
        k.swapAt(0, tableau.stageCount)
    }

    /// Dormand–Prince steps under error control until t = `target`.
    private mutating func advanceAdaptively(
        to target: Double, _ f: ODEFunction,
        onStep: (RungeKuttaIntegrator) -> Void
    ) throws(ODEError) {
        let e = DormandPrince.errorWeights
        let n = y.count
        // A trial giving NaN/∞ is rejected with the smallest factor; if the step size then underflows,
        // the failure is reported as a non-finite state rather than an underflow.
        var lastTrialNonFinite = false
        while (target - t) * direction > 0 {
            guard
                let plan = try StepPlan.next(
                    t: t, target: target, proposed: proposedStep, maxStepSize: maxStepSize, direction: direction,
                    stats: stats, maxSteps: options.maxSteps, lastTrialNonFinite: lastTrialNonFinite)
            else {
                t = target // a sliver below the resolution of t: the state is already there
                break
            }
            let h = plan.size
            let tNew = plan.reachesTarget ? target : t + h
            trial(f, size: h, to: tNew)

            var sum = 0.0
            for i in 0..<n {
                var est = 0.0
                for j in 0..<7 where e[j] != 0 { est += e[j] * k[j][i] }
                let r = h * est / scale(y[i], previous[i])
                sum += r * r
            }
            let err = n > 0 ? (sum / Double(n)).squareRoot() : 0

            lastTrialNonFinite = !(err.isFinite && previous.allSatisfy(\.isFinite) && k[6].allSatisfy(\.isFinite))
            if lastTrialNonFinite {
                stats.rejectedSteps += 1
                rejectedLast = true
                proposedStep = h * PIController.minFactor
                continue
            }

            if err <= 1 {
                if detectsStiffness { checkStiffness(h: h) }
                let factor = PIController.acceptedFactor(
                    error: err, previousError: previousError,
                    afterRejection: rejectedLast)
                previousError = max(err, PIController.errorFloor)
                rejectedLast = false
                proposedStep = plan.proposal(after: h * factor, grew: factor >= 1)
                accept(size: h, to: tNew, onStep: onStep)
                if stiffnessDetected { return }
            } else {
                stats.rejectedSteps += 1
                rejectedLast = true
                proposedStep = h * PIController.rejectedFactor(error: err)
            }
        }
    }

    /// Hairer's stiffness test for Dormand–Prince (*Solving ODEs II*, §IV.2; DOPRI5), on an accepted step
    /// (trial state ŷ = y₊ in `previous`): stages 6 and 7 are both at t + h, so
    /// ρ = ‖k₇ − k₆‖ / ‖y₊ − Y₆‖ estimates the largest |λ| of ∂f/∂y along y₊ − Y₆. 15 steps with
    /// h·ρ > `stiffStepThreshold`, not interrupted by 6 steps below it, declare the problem stiff.
    ///
    /// DOPRI5 uses 3.25, just inside the stability boundary (which crosses the negative real axis near
    /// −3.3). At tight tolerances the error control holds a stiff problem's steps well inside it: on
    /// Robertson's kinetics at rtol 10⁻¹⁰, h·ρ creeps from 0.6 to 3.2 over t ∈ [0.02, 55] with the step
    /// limited by stability throughout, and 3.25 fires only after 64 000 steps. So the threshold here is 1:
    /// steps within a third of the boundary. Accuracy-limited steps of non-stiff problems at the
    /// reference tolerances stay far below it (h·ρ ≪ 1).
    static let stiffStepThreshold = 1.0

    private mutating func checkStiffness(h: Double) {
        var numerator = 0.0, denominator = 0.0
        for i in y.indices {
            let dk = k[6][i] - k[5][i], dy = previous[i] - stageInputs[5][i]
            numerator += dk * dk
            denominator += dy * dy
        }
        guard denominator > 0 else { return }
        if abs(h) * (numerator / denominator).squareRoot() > Self.stiffStepThreshold {
            nonStiffSteps = 0
            stiffSteps += 1
            if stiffSteps >= 15 { stiffnessDetected = true }
        } else {
            nonStiffSteps += 1
            if nonStiffSteps >= 6 { stiffSteps = 0 }
        }
    }

    /// Dense output: y(`time`) for a time inside the last accepted step, by the tableau's interpolant
    /// (Dormand–Prince's 4th-order continuous extension, or cubic Hermite). Valid only inside `onStep`.
    func interpolate(at time: Double, into out: inout [Double]) {
        let theta = lastStepSize == 0 ? 1 : (time - lastStepStart) / lastStepSize
        switch tableau.denseOutput {
        case .dormandPrince:
            DormandPrince.interpolate(theta: theta, h: lastStepSize, from: previous, to: y, stages: k, into: &out)
        case .hermite:
            hermiteInterpolate(
                theta: theta, h: lastStepSize, y: previous, f: k[0], yNew: y, fNew: k[tableau.stageCount],
                into: &out)
        }
    }

    /// Bytes of the arrays this integrator holds (state, trial state, s + 1 stages, s stage inputs).
    var workingBytes: Int {
        MemoryLayout<Double>.stride * y.count * (3 + 2 * tableau.stageCount)
    }
}
