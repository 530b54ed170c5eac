extension ProblemFile.Kind {
    /// Whether the problem evolves in time (`heat`, `wave`): its expressions may use `t`, and it
    /// states a time span and initial conditions.
    public var isEvolution: Bool { self == .heat || self == .wave }
}

extension ProblemFile {
    /// The time span of a heat or wave problem and how its result is sampled in time. JSON:
    /// `{"span": [t0, t1], "outputTimes": 33, "causal": {"slabs": 32, "epsilon": 1}}`; only `span` is
    /// required. `causal: false` trains without causal weighting.
    public struct TimeSettings: Sendable, Equatable, Decodable {
        /// t₀ < t₁.
        public var start: Double
        public var end: Double
        /// Time nodes of the output grid, t₀ and t₁ included (nil: 33 in 2-D, 65 in 1-D).
        public var outputTimes: Int?
        /// Causal weighting of the residual (nil: off).
        public var causal: CausalSettings?

        public init(start: Double, end: Double, outputTimes: Int? = nil, causal: CausalSettings? = CausalSettings()) {
            self.start = start
            self.end = end
            self.outputTimes = outputTimes
            self.causal = causal
        }

        /// The output's time nodes by default for `dimension` space dimensions.
        public static func defaultOutputTimes(dimension: Int) -> Int { dimension == 1 ? 65 : 33 }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: ["span", "outputTimes", "causal"], what: "the time settings")
            let span: [Double] = try o.required("span", context: "(the time span [t0, t1])")
            guard span.count == 2 else {
                throw ProblemError(path: o.path("span"), message: "expected [t0, t1], found \(span.count) numbers")
            }
            guard span[0] < span[1], span.allSatisfy(\.isFinite) else {
                throw ProblemError(
                    path: o.path("span"),
                    message: "expected a positive time span t0 < t1, found [\(span[0]), \(span[1])]")
            }
            start = span[0]
            end = span[1]
            outputTimes = try o.optional("outputTimes")
            if let n = outputTimes, !(2...4097).contains(n) {
                throw ProblemError(
                    path: o.path("outputTimes"), message: "expected an integer from 2 to 4097, found \(n)")
            }
            if let on: Bool = try? o.optional("causal") {
                causal = on ? CausalSettings() : nil
            } else {
                causal = try o.value("causal", default: CausalSettings())
            }
        }
    }

    /// Causal training (Wang, Sankaran & Perdikaris, "Respecting causality is all you need", 2022):
    /// the time span is cut into `slabs` equal slabs with mean squared residuals L_k, and slab i's
    /// residuals are weighted by w_i = exp(−ε Σ_{k<i} L_k), the weights held fixed while
    /// differentiating (see `CausalWeighting`). JSON `{"slabs": 16, "epsilon": 1}`.
    public struct CausalSettings: Sendable, Equatable, Decodable {
        public var slabs: Int = 16
        public var epsilon: Double = 1

        public init(slabs: Int = 16, epsilon: Double = 1) {
            self.slabs = slabs
            self.epsilon = epsilon
        }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: ["slabs", "epsilon"], what: "the causal weighting")
            slabs = try o.value("slabs", default: slabs)
            epsilon = try o.value("epsilon", default: epsilon)
            guard (1...1024).contains(slabs) else {
                throw ProblemError(path: o.path("slabs"), message: "expected an integer from 1 to 1024, found \(slabs)")
            }
            guard epsilon >= 0, epsilon.isFinite else {
                throw ProblemError(path: o.path("epsilon"), message: "expected a number ≥ 0, found \(epsilon)")
            }
        }
    }

    /// The initial conditions of a heat or wave problem at t = t₀: `{"value": "sin(pi*x)"}` (u) and, for
    /// the wave equation, `"rate"` (u_t). Expressions in x, y, z and the parameters.
    public struct InitialConditionSpec: Sendable, Equatable, Decodable {
        public var value: ExpressionSource
        public var rate: ExpressionSource?

        public init(value: ExpressionSource, rate: ExpressionSource? = nil) {
            self.value = value
            self.rate = rate
        }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: ["value", "rate"], what: "the initial condition")
            value = try o.required("value", context: "(u at t = t0)")
            rate = try o.optional("rate")
        }
    }

    /// Checks the keys of a heat or wave problem, or that a steady problem has none of them.
    static func checkEvolutionKeys(
        kind: Kind, time: TimeSettings?, initial: InitialConditionSpec?, diffusivity: ExpressionSource?,
        speed: ExpressionSource?
    ) throws(ProblemError) {
        func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }
        guard kind.isEvolution else {
            for (key, given) in [
                ("time", time != nil), ("initial", initial != nil), ("diffusivity", diffusivity != nil),
                ("speed", speed != nil)
            ] where given {
                throw fail(key, "'\(key)' applies only to heat and wave problems, not \(kind.rawValue)")
            }
            return
        }
        guard time != nil else {
            throw fail(
                "time", "missing required key 'time' (the time span, {\"span\": [t0, t1]}) for a \(kind) problem")
        }
        guard let initial else {
            throw fail(
                "initial",
                "missing required key 'initial' (the initial condition, {\"value\": u at t0"
                    + (kind == .wave ? ", \"rate\": u_t at t0}" : "}") + ") for a \(kind) problem")
        }
        if kind == .wave, initial.rate == nil {
            throw fail(
                "initial.rate",
                "missing required key 'rate' (u_t at t = t0): the wave equation is second order in time and needs "
                    + "both u and u_t at t0")
        }
        if kind == .heat, initial.rate != nil {
            throw fail(
                "initial.rate",
                "'rate' (u_t at t0) applies only to wave problems: the heat equation is first order in time")
        }
        if kind == .heat, speed != nil {
            throw fail("speed", "'speed' applies only to wave problems (heat has 'diffusivity')")
        }
        if kind == .wave, diffusivity != nil {
            throw fail("diffusivity", "'diffusivity' applies only to heat problems (wave has 'speed')")
        }
    }

    /// Checks what only a heat or wave problem needs: expressions (no gridded data), no unknowns or
    /// measurements, an interval or rectangle, and constant coefficients.
    func validateEvolution() throws(ProblemError) {
        func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }
        guard kind.isEvolution else { return }
        switch domain {
        case .interval, .rectangle: break
        default:
            throw fail(
                "domain",
                "\(kind) problems are solved on an interval or a rectangle (found a \(domain.typeName)): results "
                    + "over time are written on a grid with axes x, (y,) t")
        }
        if !unknowns.isEmpty { throw fail("parameters", "\(kind) problems cannot have unknown parameters yet") }
        if measurements != nil { throw fail("measurements", "\(kind) problems cannot have measurements yet") }
        if case .data = source { throw fail("source", "the source of a \(kind) problem must be an expression") }
        if case .data = exact { throw fail("exact", "the exact solution of a \(kind) problem must be an expression") }
        for (i, condition) in boundary.enumerated() {
            for (key, expression) in condition.expressions {
                if case .data = expression {
                    throw fail("boundary[\(i)].\(key)", "boundary values of a \(kind) problem must be expressions")
                }
            }
        }
        let constants = parameterDeclarations.resolved()
        for (key, coefficient) in [("diffusivity", diffusivity), ("speed", speed)] {
            guard let coefficient else { continue }
            let value: Double
            do {
                value = try coefficient.bind(variables: [], parameters: constants).evaluate([])
            } catch {
                throw fail(
                    key,
                    "invalid coefficient '\(coefficient.text)': \(error.description) (a number or an expression of "
                        + "the parameters; coefficients varying in space or time are not supported yet)")
            }
            guard value > 0, value.isFinite else { throw fail(key, "expected a positive value, found \(value)") }
        }
        for (key, expression) in [("initial.value", initial?.value), ("initial.rate", initial?.rate)] {
            guard let expression else { continue }
            do {
                _ = try expression.bind(variables: Array(variables.dropLast()), parameters: constants)
            } catch {
                throw fail(
                    key, "invalid expression '\(expression.text)': \(error.description) (in x, y and the parameters)")
            }
        }
    }

    /// κ of a heat problem, c of a wave problem (1 when not given; nil for steady problems).
    public func evolutionCoefficient() -> Double? {
        guard kind.isEvolution else { return nil }
        let given = kind == .heat ? diffusivity : speed
        guard let given else { return 1 }
        return (try? given.bind(variables: [], parameters: parameterDeclarations.resolved()).evaluate([])) ?? .nan
    }
}
