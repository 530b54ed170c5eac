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

    public init(memory: Int = 10, gradientTolerance: Double = 1e-12, valueTolerance: Double = 1e-15,
                lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch()) {
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

    /// Minimises f from `x` for at most `maxIterations` iterations; `x` ends at the best point found.
    /// `objective(x, &g)` returns f(x) and writes ∇f(x) into g. `callback(iteration, f)` may return
    /// false to stop early.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func minimize(_ x: inout [T], maxIterations: Int,
                         objective: ([T], inout [T]) -> Double,
                         callback: (Int, Double) -> Bool = { _, _ in true }) -> Result {
        let n = x.count
        var g = [T](repeating: 0, count: n)
        var f = objective(x, &g)
        var evaluations = 1
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rho: [Double] = []
        var direction = [Double](repeating: 0, count: n)
        var alphaBuffer = [Double](repeating: 0, count: memory)
        var trialX = x
        var trialG = g
        var iteration = 0
        func maxAbs(_ v: [T]) -> Double { v.reduce(0.0) { max($0, abs(Double($1))) } }

        while iteration < maxIterations {
            if maxAbs(g) <= gradientTolerance { return Result(value: f, iterations: iteration, evaluations: evaluations, termination: .gradientTolerance) }
            // Two-loop recursion: direction = −H∇f.
            for i in 0..<n { direction[i] = -Double(g[i]) }
            let k = sHistory.count
            for j in stride(from: k - 1, through: 0, by: -1) {
                let a = rho[j] * dot(sHistory[j], direction)
                alphaBuffer[j] = a
                axpy(-a, yHistory[j], &direction)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = dot(s, y) / dot(y, y)
                for i in 0..<n { direction[i] *= gamma }
            }
            for j in 0..<k {
                let beta = rho[j] * dot(yHistory[j], direction)
                axpy(alphaBuffer[j] - beta, sHistory[j], &direction)
            }
            var slope0 = 0.0
            for i in 0..<n { slope0 += Double(g[i]) * direction[i] }
            if slope0 >= 0 {  // not a descent direction: reset to steepest descent
                sHistory.removeAll(); yHistory.removeAll(); rho.removeAll()
                for i in 0..<n { direction[i] = -Double(g[i]) }
                slope0 = -dot(direction, direction)
            }
            let initialStep = k == 0 ? min(1, 1 / max(1e-300, maxAbs(g) * Double(n).squareRoot())) : 1
            let outcome = lineSearch.search(value0: f, slope0: slope0, initialStep: initialStep) { alpha in
                for i in 0..<n { trialX[i] = x[i] + T(alpha * direction[i]) }
                let v = objective(trialX, &trialG)
                evaluations += 1
                var s = 0.0
                for i in 0..<n { s += Double(trialG[i]) * direction[i] }
                return (v, s)
            }
            guard case .accepted(let point) = outcome else {
                return Result(value: f, iterations: iteration, evaluations: evaluations, termination: .lineSearchFailed)
            }
            // The accepted point is the last evaluated: trialX, trialG hold it.
            var s = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = Double(trialX[i]) - Double(x[i])
                y[i] = Double(trialG[i]) - Double(g[i])
            }
            let sy = dot(s, y)
            if sy > 1e-12 * dot(y, y).squareRoot() * dot(s, s).squareRoot() {
                if sHistory.count == memory { sHistory.removeFirst(); yHistory.removeFirst(); rho.removeFirst() }
                sHistory.append(s); yHistory.append(y); rho.append(1 / sy)
            }
            let previous = f
            swap(&x, &trialX)
            swap(&g, &trialG)
            f = point.value
            iteration += 1
            if !callback(iteration, f) {
                return Result(value: f, iterations: iteration, evaluations: evaluations, termination: .stoppedByCallback)
            }
            if abs(previous - f) <= valueTolerance * max(abs(previous), abs(f), 1e-300) {
                return Result(value: f, iterations: iteration, evaluations: evaluations, termination: .valueTolerance)
            }
        }
        return Result(value: f, iterations: iteration, evaluations: evaluations, termination: .maxIterations)
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
