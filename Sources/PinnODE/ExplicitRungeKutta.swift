/// An explicit Runge–Kutta method as a value: its tableau and how its steps are sized (diffrax's
/// solver plus step-size controller). `RungeKuttaIntegrator` runs any of them.
struct ExplicitRungeKutta: Equatable, Sendable {
    /// How the steps of an explicit Runge–Kutta integration are sized.
    enum StepSizeControl: Equatable, Sendable {
        /// Error control by Dormand–Prince's embedded 4th-order estimate and the PI controller
        /// (`PIController`), with these tolerances and limits (the tableau must be Dormand–Prince).
        case adaptive(AdaptiveOptions)
        /// Steps of size h (> 0) from wherever each `advance(to:)` starts, the last one shortened to land
        /// on its target (or lengthened by at most `landingSlack`·h, so that rounding never leaves a
        /// sliver of a step); at most `maxSteps` steps per `advance(to:)`.
        case constant(step: Double, maxSteps: Int)
    }

    var tableau: ButcherTableau
    var control: StepSizeControl

    /// Adaptive Dormand–Prince 5(4).
    static func dormandPrince(_ options: AdaptiveOptions) -> ExplicitRungeKutta {
        ExplicitRungeKutta(tableau: .dormandPrince, control: .adaptive(options))
    }

    /// The largest remainder, in steps h, that a constant-step advance absorbs into its last step
    /// instead of taking one more step: far above the rounding of t + k·h, far below any step anyone
    /// would mean.
    static let landingSlack = 1e-7

    /// The constant-step settings are valid: h finite and positive, a positive step limit.
    func validate() throws(ODEError) {
        switch control {
        case .adaptive(let options):
            try options.validate()
        case .constant(let h, let maxSteps):
            guard h.isFinite, h > 0 else { throw .invalidStepSize(h) }
            guard maxSteps > 0 else { throw .invalidStepCount(maxSteps) }
        }
    }
}
