/// The right-hand side of y′ = f(t, y): writes f(t, y) into the third argument (already sized like y).
public typealias ODEFunction = (Double, [Double], inout [Double]) -> Void

/// The Jacobian ∂f/∂y of a right-hand side at (t, y): writes ∂f_i/∂y_j at index i + j·n (column-major)
/// into the third argument (already sized n²).
public typealias ODEJacobian = (Double, [Double], inout [Double]) -> Void

/// How to integrate: a fixed number of equal steps of an explicit Runge–Kutta scheme, adaptive
/// Dormand–Prince 5(4), adaptive Radau IIA 5 for stiff systems, or `auto`, which starts explicitly and
/// switches to Radau IIA when the problem turns out stiff.
public enum ODEMethod: Equatable, Sendable {
    /// Forward Euler, order 1, with `steps` equal steps over the span.
    case euler(steps: Int)
    /// Classical Runge–Kutta, order 4, with `steps` equal steps.
    case rk4(steps: Int)
    /// Dormand–Prince, advancing its 5th-order solution with `steps` equal steps (no error control).
    case dormandPrinceFixed(steps: Int)
    /// Dormand–Prince 5(4) with error control, a PI step-size controller and dense output.
    case dormandPrince(AdaptiveOptions)
    /// Radau IIA of order 5 (implicit, L-stable; Hairer & Wanner's RADAU5 design) with error control,
    /// a predictive step-size controller and its collocation polynomial (order 3) as dense output; for
    /// stiff systems. Newton iterations use the Jacobian given to `solveODE`, or forward differences.
    case radau5(AdaptiveOptions)
    /// Dormand–Prince 5(4) until Hairer's stiffness test fires, then Radau IIA 5 to the end
    /// (`StiffnessSwitchingIntegrator`); identical to `dormandPrince` on a problem that never looks stiff.
    case auto(AdaptiveOptions)
}

/// Settings of the adaptive solvers.
///
/// A step is accepted when err = ‖e_i / (atol + rtol·max(|y_i|, |ŷ_i|))‖_RMS ≤ 1, with e the local
/// error estimate (for Dormand–Prince the difference of the embedded 5th- and 4th-order solutions; for
/// Radau IIA see `RadauIIA5.errorWeights`), y the state at the start of the step and ŷ at its end
/// (Hairer, Nørsett & Wanner, *Solving ODEs I*, §II.4).
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
