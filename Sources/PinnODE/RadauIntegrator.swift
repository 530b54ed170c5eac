import PinnNumerics
import RealModule

/// Adaptive Radau IIA of order 5 (`RadauIIA5`) from a moving (t, y), after Hairer & Wanner's RADAU5
/// (*Solving ODEs II*, §IV.8): simplified Newton iterations with one Jacobian and two LU factorizations
/// (LAPACK) shared by all stages, an embedded error estimate of order 3, a predictive (Gustafsson)
/// step-size controller, and the collocation polynomial as dense output.
///
/// The Jacobian comes from `jacobian` when given (symbolic derivatives, a network's forward pass) and
/// by forward differences otherwise. It is kept from step to step while Newton contracts fast (rate
/// θ ≤ 10⁻³), and the factorizations are kept while the step size does not change (a proposed change
/// by a factor in [1, 1.2] is not made). Like `RungeKuttaIntegrator`, `advance(to:)` lands exactly on
/// each target and the controller state carries over between calls; `restart` reuses the arrays.
///
/// A `stiffDimension` m below the state's size n says that only the first m components need implicit
/// treatment: the Jacobian is m × m, and Newton treats the other components' rows and columns of ∂f/∂y
/// as zero (exact when they are quadratures, variables that f does not depend on, such as an
/// adjoint's parameter integrals; simplified Newton converges whenever the neglected blocks are below
/// the diagonal). The residuals and the error control still cover all n components.
///
/// Step-size control: with err the RMS norm of the scaled error estimate and k the Newton iterations of
/// the step, h_new = h / clamp(err^(1/4) / min(0.9, 0.9(2·7 + 1)/(k + 2·7)), 1/8, 5); after an accepted
/// step also h_new ≤ h · (h/h_prev)(err_prev/err²)^(1/4) · 0.9 (Gustafsson's predictive controller, both
/// factors clamped likewise); no growth right after a rejection; a rejected first step is retried with
/// h/10, and a Newton failure with h/2 (or the factor its predicted contraction gives).
struct RadauIntegrator {
    /// RADAU5's default constants.
    enum Control {
        static let maxNewtonIterations = 7
        static let safety = 0.9
        /// Newton contraction below which the Jacobian is kept for the next step.
        static let jacobianReuseRate = 0.001
        /// Proposed changes h_new/h inside this range are not made (the LU factors stay valid).
        static let keptStepRatios = 1.0...1.2
        /// Bounds of h_new/h.
        static let minFactor = 0.2
        static let maxFactor = 8.0
        /// Consecutive singular Newton matrices (each halving h) before giving up.
        static let singularLimit = 5
    }

    private(set) var options: AdaptiveOptions
    /// +1 forward in time, −1 backward.
    private(set) var direction: Double
    private(set) var maxStepSize: Double

    /// Current time and state, and f(t, y).
    private(set) var t: Double
    private(set) var y: [Double]
    private(set) var slope: [Double]
    /// The state before the last accepted step.
    private(set) var previous: [Double]
    /// Start time and (signed) size of the last accepted step.
    private(set) var lastStepStart: Double
    private(set) var lastStepSize = 0.0
    /// Next step size to try (signed).
    private(set) var proposedStep: Double
    /// The stage increments Z₁, Z₂, Z₃ (Y_i = y + Z_i) of the last step attempted; between steps, of the
    /// last accepted one.
    var increments: [[Double]]
    /// D₁, D₂, D₃ of the last accepted step's collocation polynomial (`RadauIIA5.divideDifferences`).
    private(set) var differences: [[Double]]
    var hasDifferences = false
    /// m: the leading components whose Jacobian enters the Newton matrices (all of them by default).
    private(set) var stiffDimension: Int
    /// The Jacobian (column-major m × m) the Newton matrices were built from.
    var jacobian: [Double]
    /// Whether `jacobian` was evaluated at the current (t, y).
    var jacobianIsCurrent = false
    /// Whether the next step must evaluate a new Jacobian.
    var needsJacobian = true

    // Newton's working arrays: W = (T⁻¹ ⊗ I) Z, the stage slopes, one stage point, the right-hand sides
    // of the real and the complex systems, the scale of the Newton norm, the error estimate. The complex
    // system's real and imaginary parts of component i are at (i, m + i) for i < m (the first 2m
    // entries, which the 2m × 2m LU solves) and at (m + i, n + i) for i ≥ m.
    var transformed: [[Double]]
    var stageSlopes: [[Double]]
    var point: [Double]
    var realSystem: [Double]
    var complexSystem: [Double]
    var newtonScale: [Double]
    var estimate: [Double]
    /// (γ/h) I − J and [[α/h − J, −β/h], [β/h, α/h − J]] (m × m and 2m × 2m), factored for
    /// `factoredStepSize` (0: none).
    var realLU = LUFactorization()
    var complexLU = LUFactorization()
    var factoredStepSize = 0.0

    // Controller state.
    var newtonTolerance = 0.03
    var rejectedLast = false
    var acceptedAny = false
    var lastAcceptedSize = 0.0
    var lastAcceptedError = 0.0
    /// Newton's contraction estimate θ/(1 − θ), carried between steps, and θ of the last step.
    var contraction = 1.0
    var newtonRate = 0.0
    var singularCount = 0
    var stats = ODEStats()
    /// Accepts every step whose Newton iteration converged and keeps the step size (no error control;
    /// Newton iterates up to 50 times and re-evaluates the Jacobian every step): for measuring the
    /// method's order with equal steps (tests).
    var fixedSteps = false

    /// Starts at (t0, y0) heading towards `end`.
    init(_ f: ODEFunction, t0: Double, y0: [Double], end: Double, options: AdaptiveOptions) throws(ODEError) {
        self.init(stateDimension: y0.count)
        try restart(f, t0: t0, y0: y0, end: end, options: options)
    }

    /// An integrator with its arrays sized for `n` components, the first `stiffDimension` (default all)
    /// treated implicitly, to be started by `restart`.
    init(stateDimension n: Int, stiffDimension: Int? = nil) {
        let m = stiffDimension ?? n
        precondition(m >= 0 && m <= n, "the stiff dimension must lie in 0...\(n)")
        self.stiffDimension = m
        options = AdaptiveOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-9)
        direction = 1
        maxStepSize = 0
        t = 0
        lastStepStart = 0
        proposedStep = 0
        let zeros = [Double](repeating: 0, count: n)
        y = zeros
        slope = zeros
        previous = zeros
        point = zeros
        realSystem = zeros
        newtonScale = zeros
        estimate = zeros
        complexSystem = [Double](repeating: 0, count: 2 * n)
        jacobian = [Double](repeating: 0, count: m * m)
        increments = [zeros, zeros, zeros]
        differences = increments
        transformed = increments
        stageSlopes = increments
    }

    /// Starts a new solve at (t0, y0) heading towards `end`, in this integrator's arrays (resized when
    /// the state size or the stiff dimension, all components by default, changed); the controller, the
    /// Jacobian and the counters start afresh. The first step is `options.initialStep`, or
    /// Hairer–Wanner's estimate for an error of order 3.
    mutating func restart(
        _ f: ODEFunction, t0: Double, y0: [Double], end: Double,
        options: AdaptiveOptions, stiffDimension: Int? = nil
    ) throws(ODEError) {
        try options.validate()
        guard t0.isFinite, end.isFinite else { throw .invalidTimespan(start: t0, end: end) }
        guard y0.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
        let m = stiffDimension ?? y0.count
        if y0.count != y.count || m != self.stiffDimension {
            let equalSteps = fixedSteps
            self = RadauIntegrator(stateDimension: y0.count, stiffDimension: m)
            fixedSteps = equalSteps
        }
        self.options = options
        direction = end >= t0 ? 1 : -1
        maxStepSize = options.maxStepSize ?? max(abs(end - t0), Double.leastNormalMagnitude)
        t = t0
        for i in y0.indices { y[i] = y0[i]; previous[i] = y0[i] }
        lastStepStart = t0
        lastStepSize = 0
        hasDifferences = false
        jacobianIsCurrent = false
        needsJacobian = true
        factoredStepSize = 0
        rejectedLast = false
        acceptedAny = false
        contraction = 1
        newtonRate = 0
        singularCount = 0
        stats = ODEStats()
        let rtol = options.relativeTolerance
        newtonTolerance = rtol > 0 ? max(10 * Double.ulpOfOne / rtol, min(0.03, rtol.squareRoot())) : 0.03
        f(t0, y, &slope)
        stats.functionEvaluations += 1
        guard slope.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t0, step: 0) }
        if let h = options.initialStep {
            proposedStep = direction * min(h, maxStepSize)
        } else {
            proposedStep =
                direction
                * initialStepSize(
                    f, t: t, y: y, slope: slope, direction: direction, span: abs(end - t0),
                    maxStepSize: maxStepSize, options: options, errorOrder: 3, trial: &point,
                    trialSlope: &estimate, evaluations: &stats.functionEvaluations)
        }
    }

    /// Changes the state at the current time in place with `change` (e.g. adds a jump) and re-evaluates
    /// f there; the step-size controller's state is kept, the Jacobian is re-evaluated at the next step.
    mutating func modifyState(_ change: (inout [Double]) -> Void, _ f: ODEFunction) throws(ODEError) {
        let n = y.count
        change(&y)
        precondition(y.count == n, "state size changed")
        guard y.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t, step: stats.acceptedSteps) }
        f(t, y, &slope)
        stats.functionEvaluations += 1
        guard slope.allSatisfy(\.isFinite) else { throw .nonFiniteState(t: t, step: stats.acceptedSteps) }
        jacobianIsCurrent = false
        needsJacobian = true
    }

    /// Takes steps until t = `target` (which must not lie behind the current time). After each accepted
    /// step `onStep` sees the integrator: the step went from (`lastStepStart`, `previous`) to (`t`, `y`)
    /// with size `lastStepSize`, its stage increments in `increments`.
    mutating func advance(
        to target: Double, _ f: ODEFunction, jacobian: ODEJacobian? = nil,
        onStep: (RadauIntegrator) -> Void = { _ in }
    ) throws(ODEError) {
        precondition((target - t) * direction >= 0, "target \(target) lies behind t = \(t)")
        let nit = Control.maxNewtonIterations
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

            if needsJacobian { evaluateJacobian(f, jacobian) }
            if h != factoredStepSize {
                do {
                    try factorNewtonMatrices(h)
                } catch {
                    singularCount += 1
                    guard singularCount < Control.singularLimit else {
                        throw .singularNewtonMatrix(t: t, step: stats.acceptedSteps)
                    }
                    reject(retryWith: h * 0.5)
                    continue
                }
            }

            let iterations: Int
            switch solveStages(f, h: h) {
            case .failed(let factor, let nonFinite):
                lastTrialNonFinite = nonFinite
                reject(retryWith: h * factor)
                continue
            case .converged(let k):
                iterations = k
            }
            let err = fixedSteps ? 0.5 : estimateError(f, h: h)
            lastTrialNonFinite = !err.isFinite
            guard err.isFinite else {
                reject(retryWith: h * 0.5)
                continue
            }

            let cfac = Control.safety * Double(1 + 2 * nit)
            let fac = min(Control.safety, cfac / Double(iterations + 2 * nit))
            var quotient = clampQuotient(Double.pow(err, 0.25) / fac)
            if err < 1 {
                if acceptedAny {
                    // Gustafsson's predictive controller.
                    let predicted =
                        lastAcceptedSize / h * Double.pow(err * err / lastAcceptedError, 0.25) / Control.safety
                    quotient = max(quotient, clampQuotient(predicted))
                }
                lastAcceptedSize = h
                lastAcceptedError = max(0.01, err)
                var hNew = h / quotient
                if rejectedLast { hNew = direction * min(abs(hNew), abs(h)) }
                try accept(f, h: h, landingOn: reachesTarget ? target : nil)
                let keepFactors =
                    newtonRate <= Control.jacobianReuseRate && Control.keptStepRatios.contains(hNew / h)
                let next = keepFactors || fixedSteps ? h : hNew
                proposedStep = plan.proposal(after: next, grew: hNew / h >= 1)
                needsJacobian = newtonRate > Control.jacobianReuseRate || fixedSteps
                onStep(self)
            } else {
                reject(retryWith: acceptedAny ? h / quotient : h * 0.1)
            }
        }
    }

    /// The accepted step: y₊ = y + Z₃ at t + h (exactly `target` when the step lands on it), its
    /// collocation polynomial and f(t₊, y₊).
    private mutating func accept(_ f: ODEFunction, h: Double, landingOn target: Double?) throws(ODEError) {
        let n = y.count
        for i in 0..<n {
            previous[i] = y[i]
            y[i] += increments[2][i]
        }
        lastStepStart = t
        lastStepSize = h
        t = target ?? t + h
        RadauIIA5.divideDifferences(increments, into: &differences)
        hasDifferences = true
        f(t, y, &slope)
        stats.functionEvaluations += 1
        stats.acceptedSteps += 1
        guard y.allSatisfy(\.isFinite), slope.allSatisfy(\.isFinite) else {
            throw .nonFiniteState(t: t, step: stats.acceptedSteps)
        }
        acceptedAny = true
        rejectedLast = false
        singularCount = 0
        jacobianIsCurrent = false
    }

    /// Counts a rejected trial and sets the next: the Jacobian is re-evaluated unless it is the current
    /// point's already.
    private mutating func reject(retryWith h: Double) {
        stats.rejectedSteps += 1
        rejectedLast = true
        proposedStep = h
        needsJacobian = !jacobianIsCurrent
    }

    /// 1/h_new·h clamped to [1/8, 5] (h_new/h in [0.2, 8]).
    private func clampQuotient(_ q: Double) -> Double {
        max(1 / Control.maxFactor, min(1 / Control.minFactor, q))
    }

    /// Dense output: y(`time`) for a time inside the last accepted step, from its collocation polynomial
    /// (order 3). Valid only inside `onStep`.
    func interpolate(at time: Double, into out: inout [Double]) {
        let s = lastStepSize == 0 ? 0 : (time - lastStepStart) / lastStepSize - 1
        for i in y.indices {
            out[i] = y[i] + RadauIIA5.polynomial(differences[0][i], differences[1][i], differences[2][i], s: s)
        }
    }

    /// Bytes of the arrays this integrator holds: 20 of the state's size, the Jacobian and the two LU
    /// factorizations (m², m², 4m²).
    var workingBytes: Int {
        let n = y.count, m = stiffDimension
        return MemoryLayout<Double>.stride * (20 * n + 6 * m * m) + MemoryLayout<Int32>.stride * 3 * m
    }
}
