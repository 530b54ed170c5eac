import PinnODE
import PinnProblems

extension BoundODEProblem {
    /// The reference trajectory: the stated system integrated by the file's reference method (default
    /// auto: Dormand–Prince 5(4), switching to Radau IIA with the symbolic Jacobian if the system is
    /// stiff) at its reference tolerances (default rtol 10⁻¹⁰, atol 10⁻¹²) from `initialState` at t₀,
    /// with the states at `times` (non-decreasing, inside the span) filled by the solver's dense output.
    /// Returns the first-order system's state y(t) (n or 2n components) at each time.
    public func referenceTrajectory(initialState: [Double], at times: [Double]) throws(ODEPipelineError) -> [[Double]] {
        let f = systemFunction(), jacobian = systemJacobian()
        let method = referenceMethod
        let span = (file.span.start, file.span.end)
        return try ODEError.during("the reference trajectory") { () throws(ODEError) in
            try solveODE(f, jacobian: jacobian, from: initialState, over: span, saveAt: times, method: method).states
        }
    }

    /// The reference trajectory at each list of `timeLists` (each non-decreasing, inside the span), from one
    /// integration whose save times are all the lists merged and sorted: the same states as one
    /// `referenceTrajectory` per list (the steps do not depend on the save times), for one solve.
    public func referenceTrajectory(initialState: [Double], at timeLists: [[Double]]) throws(ODEPipelineError)
        -> [[[Double]]]
    {
        let entries = timeLists.indices.flatMap { list in timeLists[list].indices.map { (list: list, index: $0) } }
            .sorted { timeLists[$0.list][$0.index] < timeLists[$1.list][$1.index] }
        let states = try referenceTrajectory(
            initialState: initialState,
            at: entries.map { timeLists[$0.list][$0.index] })
        var split = timeLists.map { [[Double]](repeating: [], count: $0.count) }
        for (entry, y) in zip(entries, states) { split[entry.list][entry.index] = y }
        return split
    }

    /// `count` equally spaced times from t₀ to t₁, both included.
    public func uniformTimes(count: Int) -> [Double] {
        let t0 = file.span.start, length = file.span.length
        guard count > 1 else { return [t0] }
        return (0..<count).map { i in i == count - 1 ? file.span.end : t0 + length * Double(i) / Double(count - 1) }
    }
}
