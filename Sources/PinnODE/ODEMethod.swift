/// The right-hand side of y′ = f(t, y): writes f(t, y) into the third argument (already sized like y).
public typealias ODEFunction = (Double, [Double], inout [Double]) -> Void

/// How to integrate: a fixed number of equal steps of an explicit Runge–Kutta scheme, or adaptive
/// Dormand–Prince 5(4).
public enum ODEMethod: Equatable, Sendable {
    /// Forward Euler, order 1, with `steps` equal steps over the span.
    case euler(steps: Int)
    /// Classical Runge–Kutta, order 4, with `steps` equal steps.
    case rk4(steps: Int)
    /// Dormand–Prince, advancing its 5th-order solution with `steps` equal steps (no error control).
    case dormandPrinceFixed(steps: Int)
    /// Dormand–Prince 5(4) with error control, a PI step-size controller and dense output.
    case dormandPrince(AdaptiveOptions)
}

/// Settings of the adaptive Dormand–Prince solver.
///
/// A step is accepted when err = ‖e_i / (atol + rtol·max(|y_i|, |ŷ_i|))‖_RMS ≤ 1, with e the
/// difference of the embedded 5th- and 4th-order solutions, y the state at the start of the step and
/// ŷ at its end (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.4).
public struct AdaptiveOptions: Equatable, Sendable {
    /// rtol.
    public var relativeTolerance: Double
    /// atol.
    public var absoluteTolerance: Double
    /// Most steps attempted (accepted plus rejected) before `ODEError.stepLimitExceeded`.
    public var maxSteps: Int
    /// Size of the first step; `nil` picks it by Hairer–Wanner's estimate.
    public var initialStep: Double?
    /// Largest step size; `nil` means the length of the span.
    public var maxStepSize: Double?

    /// Options with the given tolerances; by default at most 100 000 steps, automatic first step, no
    /// step-size cap beyond the span.
    public init(
        relativeTolerance: Double, absoluteTolerance: Double, maxSteps: Int = 100_000,
        initialStep: Double? = nil, maxStepSize: Double? = nil
    ) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maxSteps = maxSteps
        self.initialStep = initialStep
        self.maxStepSize = maxStepSize
    }

    /// Same relative and absolute tolerance.
    public init(tolerance: Double, maxSteps: Int = 100_000) {
        self.init(relativeTolerance: tolerance, absoluteTolerance: tolerance, maxSteps: maxSteps)
    }

    func validate() throws(ODEError) {
        let r = relativeTolerance, a = absoluteTolerance
        guard r.isFinite, a.isFinite, r >= 0, a >= 0, r + a > 0 else {
            throw .invalidTolerances(relative: r, absolute: a)
        }
        guard maxSteps > 0 else { throw .invalidStepCount(maxSteps) }
        if let h = initialStep, !(h.isFinite && h > 0) { throw .invalidStepSize(h) }
        if let h = maxStepSize, !(h > 0) { throw .invalidStepSize(h) }
    }
}
