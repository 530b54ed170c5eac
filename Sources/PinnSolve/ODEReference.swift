import PinnODE
import PinnProblems

extension BoundODEProblem {
    /// The reference trajectory: the stated system integrated by adaptive Dormand–Prince 5(4) at the
    /// file's reference tolerances (default rtol 10⁻¹⁰, atol 10⁻¹²) from `initialState` at t₀, with the
    /// states at `times` (non-decreasing, inside the span) filled by the solver's dense output.
    /// Returns the first-order system's state y(t) (n or 2n components) at each time.
    public func referenceTrajectory(initialState: [Double], at times: [Double]) throws(ODEPipelineError) -> [[Double]] {
        let f = systemFunction()
        let options = referenceOptions
        let span = (file.span.start, file.span.end)
        return try ODEError.during("the reference trajectory") { () throws(ODEError) in
            try solveODE(f, from: initialState, over: span, saveAt: times, method: .dormandPrince(options)).states
        }
    }

    /// `count` equally spaced times from t₀ to t₁, both included.
    public func uniformTimes(count: Int) -> [Double] {
        let t0 = file.span.start, length = file.span.length
        guard count > 1 else { return [t0] }
        return (0..<count).map { i in i == count - 1 ? file.span.end : t0 + length * Double(i) / Double(count - 1) }
    }
}
