/// An ODE problem as written in a JSON problem file (`"kind": "ode"`): the system
/// `dz/dt = f(z, t)` on a time span, with named states, or with `"order": 2` the system
/// `d²z/dt² = f(z, dz/dt, t)`. Everything but `states`, `rhs`, `span` and the conditions
/// (`initial` and/or `boundary`) has a default:
///
///     { "kind": "ode",                                   // required
///       "name": "lotka_volterra",                        // default "problem"
///       "description": "…",                              // optional free text
///       "states": ["x", "y"],                            // required: the state names, in order
///       "order": 1,                                      // 1 (default) or 2
///       "parameters": {"a": 1.5, "b": 1, "c": 3, "d": 1},   // named constants usable in rhs
///       "rhs": {"x": "a*x - b*x*y", "y": "-c*y + d*x*y"},   // required: every state once, or an array in state order
///       "initial": {"x": 1, "y": 1},                     // values at span[0], or [1, 1] in state order;
///             // or a list [{"x": 1, "y": 1}, {"x": 2, "y": 0.5}]: one trajectory per initial state (neuralODE)
///       "boundary": [{"at": 2, "state": "x", "value": 0, "derivative": 0}],  // point conditions (pinn model)
///       "span": [0, 15],                                 // required: [t0, t1] with t0 < t1
///       "solver": {"method": "dopri5" | "radau5", "rtol": 1e-6, "atol": 1e-8, "maxSteps": 100000, "step": 0.01,
///                  "reference": {"method": "auto", "rtol": 1e-10, "atol": 1e-12}},
///       "observations": {"generate": {"count": 100, "times": "uniform", "noise": 0, "seed": 0, "trainUntil": 10}},
///             // or {"file": "data/lv.csv", "trainUntil": 10}
///             // or {"file": "data/lv.h5", "times": "/t", "states": "/y", "trainUntil": 10}
///       "model": {"type": "neuralODE", "width": 32, "depth": 2, "activation": "tanh", "omega": 1, "timeInput": false},
///             // or {"type": "pinn", "width": 64, "depth": 3, "omega0": 5}
///       "training": {"seed": 0, "steps": 1000, "learningRate": 1e-3,
///                    "batchTime": 0, "batchSize": 16, "gradient": "adjoint",     // neuralODE only
///                    "collocationPoints": 1024, "lbfgsIterations": 500, "initialWeight": 100},  // pinn only
///       "output": {"path": "Outputs/lotka_volterra.h5"}, // default Outputs/<name>.h5
///       "expect": {"relative_l2_train_window": 1e-2} }   // optional metric bounds
///
/// **Expressions.** Each right-hand side is an expression in the states, `t` and the parameters;
/// with `"order": 2` it gives the second derivative of its state and may also use the first
/// derivatives, named `<state>_t` (`"rhs": {"u": "-2*zeta*u_t - u"}`).
///
/// **Conditions.** Every state needs exactly `order` conditions. `initial` gives values at
/// `span[0]`: an object by state name, or an array in state order. With `"order": 2` its object
/// may also name first derivatives (`{"u": 1, "u_t": 0}`) and its array holds either the n values
/// or the n values followed by the n first derivatives; the object may leave some out when
/// `boundary` supplies them. `boundary` lists point conditions
/// `{"at": t, "state": "u", "value": v}` (u(t) = v) or, with `"derivative": 1`, u'(t) = v; this is
/// how a two-point problem such as `u'' = -u, u(0) = 0, u(2) = 1` is stated. A `neuralODE`
/// model needs a first-order initial value problem; the default model is `neuralODE` for those
/// and `pinn` otherwise.
///
/// Unknown keys are errors with a did-you-mean suggestion. `load(contentsOf:)` reads, decodes
/// and validates; every failure is a `ProblemError` naming the file and the JSON path.
public struct ODEProblemFile: Sendable, Equatable, Decodable {
    /// A short name, used for the default output path. Default `"problem"`.
    public var name: String
    /// Free text describing the problem (optional).
    public var description: String?
    /// The state names, in the order of every state vector.
    public var states: [String]
    /// 1: `rhs` gives dz/dt; 2: `rhs` gives d²z/dt² and may use the first derivatives `<state>_t`.
    public var order: Int
    /// Named constants usable in the right-hand sides. Default none.
    public var parameters: [String: Double]
    /// Named parameters of the right-hand sides to learn from the observations (`{"unknown": guess, …}`
    /// in `parameters`, see `UnknownParameter`). Default none.
    public var unknowns: [String: UnknownParameter] = [:]
    /// The right-hand side of each state, in the order of `states`.
    public var rhs: [ExpressionSource]
    /// Values at `span.start`, keyed by state name (and, for order 2, by `<state>_t` for first derivatives):
    /// the first trajectory's (`initial[0]` when the file lists several).
    public var initial: [String: Double]
    /// The initial values of the further trajectories (`initial[1]`, `initial[2]`, … when the file lists
    /// several initial states), keyed as `initial`; each must give the whole first-order state. Default none.
    public var additionalInitial: [[String: Double]] = []
    /// Point conditions anywhere in the span (two-point problems). Default none.
    public var boundary: [PointCondition]
    /// The time interval.
    public var span: TimeSpan
    public var solver: SolverSettings
    public var observations: ObservationSettings
    public var model: ModelSettings
    public var training: TrainingSettings
    public var output: ProblemFile.OutputSettings
    /// Upper bounds on metrics that this problem is documented to reach; see `expectableMetrics`.
    public var expect: [String: Double]
    /// The directory relative observation files resolve against: that of the problem file when it
    /// was loaded or decoded with a file name, nil (the current directory) otherwise.
    public var baseDirectory: String?

    /// The metrics `expect` may bound.
    public static let expectableMetrics = [
        "relative_l2_train_window", "relative_l2_extrapolation",
        "relative_l2_vs_reference", "unknowns_max_relative_error", "unknowns_max_error_in_standard_errors"
    ]

    static let knownKeys = [
        "kind", "name", "description", "states", "order", "parameters", "rhs", "initial",
        "boundary", "span", "solver", "observations", "model", "training", "output", "expect", "$schema"
    ]

    /// A problem with these fields. A nil `model` becomes `ModelSettings.default(order:boundary:)`'s
    /// choice and a nil `output` becomes `Outputs/<name>.h5`.
    public init(
        name: String = "problem", description: String? = nil, states: [String], order: Int = 1,
        parameters: [String: Double] = [:], rhs: [ExpressionSource], initial: [String: Double] = [:],
        boundary: [PointCondition] = [], span: TimeSpan, solver: SolverSettings = SolverSettings(),
        observations: ObservationSettings = ObservationSettings(), model: ModelSettings? = nil,
        training: TrainingSettings = TrainingSettings(), output: ProblemFile.OutputSettings? = nil,
        expect: [String: Double] = [:], baseDirectory: String? = nil
    ) {
        self.name = name
        self.description = description
        self.states = states
        self.order = order
        self.parameters = parameters
        self.rhs = rhs
        self.initial = initial
        self.boundary = boundary
        self.span = span
        self.solver = solver
        self.observations = observations
        self.model = model ?? .default(order: order, boundary: boundary)
        self.training = training
        self.output = output ?? ProblemFile.OutputSettings(name: name)
        self.expect = expect
        self.baseDirectory = baseDirectory
    }

    public init(from decoder: any Decoder) throws {
        let object = try ProblemFileObject(decoder, known: Self.knownKeys, what: "an ODE problem")
        guard try object.choice("kind", among: ["ode"], what: "problem kind") != nil else {
            throw ProblemError(path: "kind", message: "missing required key 'kind' (expected ode)")
        }
        let name: String = try object.value("name", default: "problem")
        let states: [String] = try object.required("states", context: "(the state names, such as [\"x\", \"y\"])")
        try Self.checkStateList(states)
        let order: Int = try object.value("order", default: 1)
        guard order == 1 || order == 2 else {
            throw ProblemError(path: object.path("order"), message: "expected 1 or 2, found \(order)")
        }
        let stateList = states.joined(separator: ", ")
        guard
            let rhs = try object.namedValues(
                "rhs", as: ExpressionSource.self, names: states, required: states,
                what: "right-hand side", arrayCounts: [states.count],
                arrayMeaning: "one per state: \(stateList)")
        else {
            throw ProblemError(
                path: object.path("rhs"),
                message: "missing required key 'rhs' (one expression per state: \(stateList))")
        }
        let derivatives = order == 2 ? states.map(Self.derivativeName) : []
        let initialMeaning =
            order == 2
            ? "the values of \(stateList), optionally followed by their first derivatives \(derivatives.joined(separator: ", "))"
            : "one per state: \(stateList)"
        let initialStates = try object.namedValueList(
            "initial", as: Double.self, names: states + derivatives, required: [],
            what: "initial value",
            arrayCounts: order == 2 ? [states.count, 2 * states.count] : [states.count],
            arrayMeaning: initialMeaning)
        let initial = initialStates.first
        let span: TimeSpan = try object.required("span", context: "(the time interval [t0, t1])")
        let boundary: [PointCondition] = try object.value("boundary", default: [])
        var output: ProblemFile.OutputSettings? = try object.optional("output")
        if output?.path.isEmpty ?? false { output = nil }
        let declarations: ParameterDeclarations = try object.value("parameters", default: ParameterDeclarations())
        let model: ModelSettings = try object.value(
            "model",
            default: .default(order: order, boundary: boundary, hasUnknowns: !declarations.unknown.isEmpty))
        var training =
            try object.has("training")
            ? TrainingSettings(from: object.container.superDecoder(forKey: ProblemFileKey("training")), model: model)
            : TrainingSettings(model: model)
        let solver: SolverSettings = try object.value("solver", default: SolverSettings())
        // A Neural ODE's Gauss–Newton phase integrates its sensitivities with Dormand–Prince, so a
        // radau5 model gets none unless the file asks (which validation then refuses).
        if case .neuralODE = model, solver.method == .radau5,
            !((try? object.container.nestedContainer(keyedBy: ProblemFileKey.self, forKey: ProblemFileKey("training"))
                .contains(ProblemFileKey("gaussNewtonIterations"))) ?? false)
        {
            training.gaussNewtonIterations = 0
        }
        self.init(
            name: name, description: try object.optional("description"), states: states, order: order,
            parameters: declarations.known, rhs: rhs.values(in: states),
            initial: initial?.named ?? [:], boundary: boundary, span: span,
            solver: solver,
            observations: try object.value("observations", default: ObservationSettings()),
            model: model, training: training, output: output,
            expect: try object.value("expect", default: [:]))
        additionalInitial = initialStates.dropFirst().map(\.named)
        unknowns = declarations.unknown
        try declarations.validate()
        // Check the names and bind the right-hand sides here, where the JSON form (object or array) of
        // each path is known; `decode` then validates the rest (`validateSpanConditionsAndSettings`).
        try checkNames()
        try checkRHS(paths: states.map { rhs.paths[$0]! })
    }

    /// The constants and unknowns together (see `ParameterDeclarations`).
    public var parameterDeclarations: ParameterDeclarations {
        ParameterDeclarations(known: parameters, unknown: unknowns)
    }

    /// The unknowns' names, sorted: the order of their entries in every vector.
    public var unknownNames: [String] { parameterDeclarations.unknownNames }

    /// This problem with every unknown made a known constant at `values` (by name; an unknown `values`
    /// lacks keeps its initial guess): the system with learned or true values.
    public func withUnknowns(_ values: [String: Double]) -> ODEProblemFile {
        var copy = self
        copy.parameters = parameterDeclarations.resolved(values)
        copy.unknowns = [:]
        return copy
    }

    /// The name of a state's first derivative in order-2 expressions: `u` → `u_t`.
    public static func derivativeName(_ state: String) -> String { state + "_t" }
}

extension ODEProblemFile {
    /// The time interval `[start, end]`. JSON: `[t0, t1]`.
    public struct TimeSpan: Sendable, Equatable, Decodable {
        public var start: Double
        public var end: Double

        public init(start: Double, end: Double) {
            self.start = start
            self.end = end
        }

        /// `end − start`.
        public var length: Double { end - start }

        /// Whether `t` lies in `[start, end]`.
        public func contains(_ t: Double) -> Bool { start <= t && t <= end }

        public init(from decoder: any Decoder) throws {
            let values = try decoder.singleValueContainer().decode([Double].self)
            guard values.count == 2 else {
                throw ProblemError(
                    path: ProblemError.jsonPath(decoder.codingPath),
                    message: "expected [t0, t1] (2 numbers), found \(values.count) numbers")
            }
            self.init(start: values[0], end: values[1])
        }
    }

    /// A condition at one time: `u(at) = value`, or with `derivative` 1, `u'(at) = value`.
    /// JSON: `{"at": t, "state": "u", "value": v, "derivative": 0}` (`derivative` defaults to 0).
    public struct PointCondition: Sendable, Equatable, Decodable {
        /// The time the condition holds at.
        public var at: Double
        /// The state it constrains.
        public var state: String
        /// 0: the state's value; 1: its first derivative (order-2 problems only).
        public var derivative: Int
        public var value: Double

        public init(at: Double, state: String, derivative: Int = 0, value: Double) {
            self.at = at
            self.state = state
            self.derivative = derivative
            self.value = value
        }

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(
                decoder, known: ["at", "state", "value", "derivative"], what: "a point condition")
            self.init(
                at: try o.required("at", context: "(the time the condition holds at)"),
                state: try o.required("state"), derivative: try o.value("derivative", default: 0),
                value: try o.required("value"))
        }
    }
}
