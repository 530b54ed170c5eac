import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnReference
import PinnTraining

/// Heat and wave problems: the network takes (x, [y,] t), and the PDE's residual, boundary and
/// initial conditions are stated on space-time points.
///
///     heat   u_t − κΔu − f = 0:     L = Σ_{space} ∂²u/∂xᵢ² (time weight 0), a = −κ, b = 1
///     wave   u_tt − c²Δu − f = 0:   L = c²Δu − u_tt (weights (c², …, c², −1)), a = −1
///
/// Boundary conditions hold on ∂Ω × [t₀, t₁] with the spatial normal (time component 0); the initial
/// conditions are boundary rows at t = t₀ in Robin form: u = u₀ (α = 1) and, for the wave equation,
/// ∂u/∂n = u_t = v₀ with n = e_t (α = 0, β = 1).
extension BoundProblem {
    /// The weights of the second-derivative block over (space, t) (empty for steady problems).
    public var secondDerivativeWeights: [Double] {
        switch file.kind {
        case .poisson, .helmholtz: []
        case .heat: [Double](repeating: 1, count: dimension) + [0]
        case .wave:
            [Double](
                repeating: (file.evolutionCoefficient() ?? 1) * (file.evolutionCoefficient() ?? 1), count: dimension)
                + [-1]
        }
    }

    /// b in front of u_t: 1 for heat, 0 otherwise.
    public var timeDerivativeCoefficient: Double { file.kind == .heat ? 1 : 0 }

    /// The collocation batches of a heat or wave problem for one sampling round: interior points
    /// (x, t) with x from the domain's sampler and t a radical inverse in base 11 (a Halton
    /// coordinate the domain's samplers do not use),
    /// boundary points (x on ∂Ω, t likewise) and initial points (x inside, t = t₀), as many as
    /// `boundaryPoints` for each initial condition.
    func makeSpaceTimeLoss<T: PinnScalar>(round: Int, mask: ParameterMask?) -> PDELoss<T> {
        guard let time = file.time else { preconditionFailure("a heat or wave problem has a time span") }
        let d = dimension, n = d + 1
        let settings = training
        let seed = samplingSeed(round: round)
        var source = pointSource(round: round)
        // Times: the radical inverse in base 11 (a base the domain samplers do not use), shifted.
        var generator = SeededGenerator(seed: seed ^ 0x5DEE_CE66)
        let shift = generator.uniform(0.0, 1.0)
        var index: UInt64 = 0
        func nextTime() -> Double {
            index += 1
            let u =
                settings.sampler == .uniform
                ? generator.uniform(0.0, 1.0)
                : (HaltonSequence.radicalInverse(index, base: 11) + shift).truncatingRemainder(dividingBy: 1)
            return time.start + (time.end - time.start) * u
        }
        let collocation = domain.collocation
        let space = collocation.interiorPoints(count: settings.interiorPoints, using: &source)
        let insideCount = space.count / d
        var inside = [Double]()
        inside.reserveCapacity(insideCount * n)
        var times = [Double]()
        for p in 0..<insideCount {
            let t = nextTime()
            inside += space[p * d..<(p + 1) * d]
            inside.append(t)
            times.append(t)
        }
        let (f, _) = sourceAndReaction(at: inside, count: insideCount)
        var interior = InteriorBatch<T>(
            points: Matrix(rows: n, cols: insideCount, storage: inside.map { T($0) }),
            source: f.map { T($0) }, laplacianCoefficient: T(laplacianCoefficient))
        interior.secondDerivativeWeights = secondDerivativeWeights.map { T($0) }
        interior.timeDerivativeCoefficient = T(timeDerivativeCoefficient)
        if let causal = time.causal {
            interior.causal = CausalWeighting(
                times: times, start: time.start, end: time.end, slabs: causal.slabs, epsilon: causal.epsilon)
        }

        var points = [Double](), normals = [Double](), alpha = [T](), beta = [T](), value = [T]()
        for sample in collocation.boundaryPoints(count: settings.boundaryPoints, using: &source) {
            let point = sample.point + [nextTime()]
            let c = condition(onAnyOf: sample.parts)
            points += point
            normals += sample.normal + [0]
            alpha.append(T(c?.alpha.evaluate(point) ?? 1))
            beta.append(T(c?.beta.evaluate(point) ?? 0))
            value.append(T(c?.value.evaluate(point) ?? 0))
        }
        let initialSpace = collocation.interiorPoints(count: settings.boundaryPoints, using: &source)
        for (condition, isRate) in [(initialValue, false), (initialRate, true)] {
            guard let condition else { continue }
            for p in 0..<initialSpace.count / d {
                let x = Array(initialSpace[p * d..<(p + 1) * d])
                points += x + [time.start]
                normals += [Double](repeating: 0, count: d) + [1]
                alpha.append(isRate ? 0 : 1)
                beta.append(isRate ? 1 : 0)
                value.append(T(condition.evaluate(x)))
            }
        }
        let count = alpha.count
        let boundary = BoundaryBatch<T>(
            points: Matrix(rows: n, cols: count, storage: points.map { T($0) }),
            normals: Matrix(rows: n, cols: count, storage: normals.map { T($0) }),
            alpha: alpha, beta: beta, value: value)
        var loss = PDELoss(interior: interior, boundary: boundary)
        loss.parameterMask = mask
        return loss
    }
}

extension BoundProblem {
    /// The problem for the time-stepping reference (`solveEvolution`) on the spatial grid `grid` with
    /// `steps` time steps and `outputTimes` stored times.
    /// - Throws: a `ProblemError` at `boundary[i]` for a condition other than Dirichlet (the reference
    ///   holds u = g on the boundary nodes), or at `domain` for a domain other than an interval or
    ///   rectangle.
    public func evolutionProblem(grid: [Int], steps: Int, outputTimes: Int) throws(ProblemError) -> FDEvolutionProblem {
        guard let time = file.time, let initialValue else {
            preconditionFailure("a heat or wave problem has a time span and an initial value")
        }
        let lower: [Double], upper: [Double]
        switch file.domain {
        case .interval(let lo, let hi): (lower, upper) = ([lo], [hi])
        case .rectangle(let lo, let hi): (lower, upper) = (lo, hi)
        default:
            throw ProblemError(path: "domain", message: "the time-stepping reference needs an interval or rectangle")
        }
        for (i, condition) in conditions.enumerated() where condition.beta.constantValue != 0 {
            throw ProblemError(
                path: "boundary[\(i)]",
                message: "the time-stepping reference supports Dirichlet conditions only (u = g on the boundary)")
        }
        guard case .analytic(let domain) = self.domain else {
            preconditionFailure("an interval or rectangle binds to an analytic domain")
        }
        let problem = self, d = dimension
        let coefficient = file.evolutionCoefficient() ?? 1
        let rate = initialRate
        return FDEvolutionProblem(
            lower: lower, upper: upper, gridPoints: grid,
            equation: file.kind == .heat ? .heat(diffusivity: coefficient) : .wave(speed: coefficient),
            source: { problem.source.evaluate($0) },
            boundaryValue: { point in
                // The face a boundary node lies on, by its first coordinate on a bound.
                var normal = [Double](repeating: 0, count: d)
                if let a = (0..<d).first(where: { point[$0] == lower[$0] || point[$0] == upper[$0] }) {
                    normal[a] = point[a] == lower[a] ? -1 : 1
                }
                let part = domain.boundaryPart(at: Array(point.prefix(d)), normal: normal, polygon: nil)
                guard let c = problem.condition(on: part) else { return 0 }
                return c.value.evaluate(point) / c.alpha.evaluate(point)
            },
            initialValue: { initialValue.evaluate($0) }, initialRate: { rate?.evaluate($0) ?? 0 },
            start: time.start, end: time.end, steps: steps, outputTimes: outputTimes)
    }
}
