import RealModule

/// Adaptive Dormand–Prince 5(4) integration from a moving (t, y): FSAL, PI control, step limit.
/// `advance(to:)` may be called repeatedly with targets further along; each call lands exactly on its
/// target (the last step is shortened, or stretched by up to 1 %), and the controller state carries over.
/// `restart` begins a new solve in the same arrays, so repeated solves of one size allocate nothing.
struct DormandPrinceIntegrator {
    private static let tableau = ButcherTableau.dormandPrince

    private(set) var options: AdaptiveOptions
    /// +1 forward in time, −1 backward.
    private(set) var direction: Double
    private(set) var maxStepSize: Double

    /// Current time and state.
    private(set) var t: Double
    private(set) var y: [Double]
    /// Stages k₁…k₇ of the last step; `k[0] = f(t, y)` between steps.
    private(set) var k: [[Double]]
    /// Stage inputs Y₁…Y₆ of the last step.
    private(set) var stageInputs: [[Double]]
    /// The state before the last accepted step (between steps), the trial state during one.
    private(set) var previous: [Double]
    /// Start time and (signed) size of the last accepted step.
    private(set) var lastStepStart: Double
    private(set) var lastStepSize = 0.0
    /// Next step size to try (signed).
    private(set) var proposedStep: Double
    private var previousError = PIController.errorFloor
    private var rejectedLast = false
    private(set) var stats = ODEStats()
    /// Whether `advance` watches for stiffness and returns early once it is detected (`auto` sets it).
    var detectsStiffness = false
    /// Whether Hairer's stiffness test has fired (see `checkStiffness`); `advance` then returns.
    private(set) var stiffnessDetected = false
    private var stiffSteps = 0, nonStiffSteps = 0

    /// Starts at (t0, y0) heading towards `end` (which sets the direction and the default maximum step).
    init(_ f: ODEFunction, t0: Double, y0: [Double], end: Double, options: AdaptiveOptions) throws(ODEError) {
        self.init(stateDimension: y0.count)
        try restart(f, t0: t0, y0: y0, end: end, options: options)
    }

    /// An integrator with its arrays sized for `n` components, to be started by `restart`.
    init(stateDimension n: Int) {
        options = AdaptiveOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-9)
        direction = 1
        maxStepSize = 0
        t = 0
        lastStepStart = 0
        proposedStep = 0
        y = [Double](repeating: 0, count: n)
        previous = [Double](repeating: 0, count: n)
        k = (0..<7).map { _ in [Double](repeating: 0, count: n) }
        stageInputs = (0..<6).map { _ in [Double](repeating: 0, count: n) }
    }

    /// Starts a new solve at (t0, y0) heading towards `end`, in this integrator's arrays (resized when
    /// the state size changed); the controller and the counters start afresh.
    mutating func restart(
        _ f: ODEFunction, t0: Double, y0: [Double], end: Double,
        options: AdaptiveOptions
    ) throws(ODEError) {
        try options.validate()
        guard t0.isFinite, end.isFinite else { throw .invalidTimespan(start: t0, end: end) }
        guard y0.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
        if y0.count != y.count { self = DormandPrinceIntegrator(stateDimension: y0.count) }
        self.options = options
        direction = end >= t0 ? 1 : -1
        maxStepSize = options.maxStepSize ?? max(abs(end - t0), Double.leastNormalMagnitude)
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
    /// with size `lastStepSize`, stages `k` (all seven) and stage inputs `stageInputs`. With
    /// `detectsStiffness`, returns early (before the target) after the step on which stiffness is detected.
    mutating func advance(
        to target: Double, _ f: ODEFunction,
        onStep: (DormandPrinceIntegrator) -> Void = { _ in }
    ) throws(ODEError) {
        precondition((target - t) * direction >= 0, "target \(target) lies behind t = \(t)")
        let tab = Self.tableau
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
            let h = plan.size, reachesTarget = plan.reachesTarget

            tab.step(f, t: t, h: h, y: y, k: &k, stageInputs: &stageInputs, yNew: &previous)
            let tNew = reachesTarget ? target : t + h
            f(tNew, previous, &k[6])
            stats.functionEvaluations += 6

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
                stats.acceptedSteps += 1
                lastStepStart = t
                lastStepSize = h
                t = tNew
                swap(&y, &previous)
                onStep(self)
                k.swapAt(0, 6)
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

    /// Dense output: y(`time`) for a time inside the last accepted step, by the 4th-order
    /// Dormand–Prince continuous extension. Valid only inside `onStep`.
    func interpolate(at time: Double, into out: inout [Double]) {
        let theta = lastStepSize == 0 ? 1 : (time - lastStepStart) / lastStepSize
        DormandPrince.interpolate(theta: theta, h: lastStepSize, from: previous, to: y, stages: k, into: &out)
    }

    /// Bytes of the arrays this integrator holds (state, trial state, 7 stages, 6 stage inputs).
    var workingBytes: Int {
        MemoryLayout<Double>.stride * y.count * (2 + 7 + 6)
    }
}
