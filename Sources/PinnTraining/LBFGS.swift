import PinnNumerics

/// Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4, two-loop recursion) over a flat parameter
/// vector, with a strong-Wolfe line search. History and dot products are kept in Float64 whatever T
/// is, so the curvature pairs stay accurate in Float32 runs.
public struct LBFGS<T: PinnScalar>: Sendable {
    /// Number of curvature pairs (s, y) kept.
    public var memory: Int = 10
    /// Stop when max |gᵢ| falls below this.
    public var gradientTolerance: Double = 1e-12
    /// Stop when the relative decrease of f over one iteration falls below this.
    public var valueTolerance: Double = 1e-15
    public var lineSearch = StrongWolfeLineSearch()

    public init(
        memory: Int = 10, gradientTolerance: Double = 1e-12, valueTolerance: Double = 1e-15,
        lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch()
    ) {
        self.memory = memory
        self.gradientTolerance = gradientTolerance
        self.valueTolerance = valueTolerance
        self.lineSearch = lineSearch
    }

    public enum Termination: Equatable, Sendable {
        case gradientTolerance, valueTolerance, maxIterations, lineSearchFailed, stoppedByCallback
    }

    public struct Result: Equatable, Sendable {
        public var value: Double
        public var iterations: Int
        public var evaluations: Int
        public var termination: Termination
    }

    /// Where an L-BFGS run stands between iterations: the point, its value and gradient, the curvature
    /// pairs and the iteration count. A value: copying it is a checkpoint, and `iterate` continues from
    /// a restored copy exactly as it would have from the original.
    public struct State: Equatable, Sendable {
        public var x: [T]
        public var gradient: [T]
        public var value: Double
        /// Curvature pairs sₖ = xₖ₊₁ − xₖ, yₖ = ∇fₖ₊₁ − ∇fₖ (oldest first) and ρₖ = 1/(sₖ·yₖ), in Float64.
        public var s: [[Double]]
        public var y: [[Double]]
        public var rho: [Double]
        public var iteration: Int
        public var evaluations: Int

        public init(
            x: [T], gradient: [T], value: Double, s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = [],
            iteration: Int = 0, evaluations: Int = 1
        ) {
            self.x = x
            self.gradient = gradient
            self.value = value
            self.s = s
            self.y = y
            self.rho = rho
            self.iteration = iteration
            self.evaluations = evaluations
        }

        /// Whether the value and every gradient entry are finite.
        public var isFinite: Bool { value.isFinite && gradient.allSatisfy { $0.isFinite } }

        /// Forgets the curvature pairs, so the next direction is steepest descent.
        public mutating func resetHistory() {
            s.removeAll()
            y.removeAll()
            rho.removeAll()
        }
    }

    /// What one call of `iterate` did.
    public enum IterationOutcome: Equatable, Sendable {
        /// A step was taken; `converged` when the relative decrease of f fell below `valueTolerance`.
        case stepped(converged: Bool)
        /// No step was taken: the gradient is below tolerance or the line search failed.
        case stopped(Termination)
    }

    /// The state at `x`: one evaluation of the objective.
    public func start(at x: [T], objective: ([T], inout [T]) -> Double) -> State {
        var g = [T](repeating: 0, count: x.count)
        let f = objective(x, &g)
        return State(x: x, gradient: g, value: f)
    }

    /// Minimises f from `x` for at most `maxIterations` iterations; `x` ends at the best point found.
    /// `objective(x, &g)` returns f(x) and writes ∇f(x) into g. `callback(iteration, f)` may return
    /// false to stop early.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func minimize(
        _ x: inout [T], maxIterations: Int,
        objective: ([T], inout [T]) -> Double,
        callback: (Int, Double) -> Bool = { _, _ in true }
    ) -> Result {
        var state = start(at: x, objective: objective)
        defer { x = state.x }
        func result(_ termination: Termination) -> Result {
            Result(
                value: state.value, iterations: state.iteration, evaluations: state.evaluations,
                termination: termination)
        }
        while state.iteration < maxIterations {
            switch iterate(&state, objective: objective) {
            case .stopped(let termination):
                return result(termination)
            case .stepped(let converged):
                if !callback(state.iteration, state.value) { return result(.stoppedByCallback) }
                if converged { return result(.valueTolerance) }
            }
        }
        return result(.maxIterations)
    }

    /// One iteration from `state`: the two-loop direction, a strong-Wolfe line search along it and the
    /// curvature update. On `.stopped` the state is unchanged.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func iterate(_ state: inout State, objective: ([T], inout [T]) -> Double) -> IterationOutcome {
        let n = state.x.count
        func maxAbs(_ v: [T]) -> Double { v.reduce(0.0) { max($0, abs(Double($1))) } }
        if maxAbs(state.gradient) <= gradientTolerance { return .stopped(.gradientTolerance) }
        let g = state.gradient, x = state.x
        // Two-loop recursion: direction = −H∇f.
        var direction = [Double](repeating: 0, count: n)
        var alphaBuffer = [Double](repeating: 0, count: state.s.count)
        for i in 0..<n { direction[i] = -Double(g[i]) }
        let k = state.s.count
        for j in stride(from: k - 1, through: 0, by: -1) {
            let a = state.rho[j] * dot(state.s[j], direction)
            alphaBuffer[j] = a
            axpy(-a, state.y[j], &direction)
        }
        if let s = state.s.last, let y = state.y.last {
            let gamma = dot(s, y) / dot(y, y)
            for i in 0..<n { direction[i] *= gamma }
        }
        for j in 0..<k {
            let beta = state.rho[j] * dot(state.y[j], direction)
            axpy(alphaBuffer[j] - beta, state.s[j], &direction)
        }
        var slope0 = 0.0
        for i in 0..<n { slope0 += Double(g[i]) * direction[i] }
        var history = (s: state.s, y: state.y, rho: state.rho)
        if slope0 >= 0 { // not a descent direction: reset to steepest descent
            history = ([], [], [])
            for i in 0..<n { direction[i] = -Double(g[i]) }
            slope0 = -dot(direction, direction)
        }
        let initialStep = k == 0 ? min(1, 1 / max(1e-300, maxAbs(g) * Double(n).squareRoot())) : 1
        var trialX = x
        var trialG = g
        var evaluations = 0
        let outcome = lineSearch.search(value0: state.value, slope0: slope0, initialStep: initialStep) { alpha in
            for i in 0..<n { trialX[i] = x[i] + T(alpha * direction[i]) }
            let v = objective(trialX, &trialG)
            evaluations += 1
            var s = 0.0
            for i in 0..<n { s += Double(trialG[i]) * direction[i] }
            return (v, s)
        }
        guard case .accepted(let point) = outcome else {
            state.evaluations += evaluations
            return .stopped(.lineSearchFailed)
        }
        // The accepted point is the last evaluated: trialX, trialG hold it.
        var s = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            s[i] = Double(trialX[i]) - Double(x[i])
            y[i] = Double(trialG[i]) - Double(g[i])
        }
        let sy = dot(s, y)
        if sy > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
            if history.s.count == memory { history.s.removeFirst(); history.y.removeFirst(); history.rho.removeFirst() }
            history.s.append(s); history.y.append(y); history.rho.append(1 / sy)
        }
        let previous = state.value
        state = State(
            x: trialX, gradient: trialG, value: point.value, s: history.s, y: history.y, rho: history.rho,
            iteration: state.iteration + 1, evaluations: state.evaluations + evaluations)
        let f = point.value
        return .stepped(converged: abs(previous - f) <= valueTolerance * max(abs(previous), abs(f), 1e-300))
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    private func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in 0..<x.count { y[i] += alpha * x[i] }
    }
}
