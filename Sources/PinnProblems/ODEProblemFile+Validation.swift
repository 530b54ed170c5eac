extension ODEProblemFile {
    /// Binds every right-hand side with `variables` and the parameters, in state order.
    /// - Throws: a `ProblemError` at `rhs.<state>` when an expression does not parse or uses an unknown name.
    /// Unknown parameters take their true values when every unknown states one (the system the
    /// observations were made with), else their initial guesses.
    public func boundRHS() throws(ProblemError) -> [Expression] {
        try bindRHS(paths: states.map { "rhs.\($0)" })
    }

    /// The right-hand sides over `variables` then the unknowns (`unknownNames` order), in state order:
    /// what parameter estimation differentiates with respect to the unknowns.
    public func boundRHSWithUnknowns() throws(ProblemError) -> [Expression] {
        try bindRHS(paths: states.map { "rhs.\($0)" }, unknownsAsVariables: true)
    }

    /// Checks what the types cannot: state and parameter names are distinct identifiers (and not
    /// `t`, a function or a constant), every right-hand side binds, the span increases, the
    /// conditions determine each state (see `validateConditions`), a neural ODE has a first-order
    /// initial value problem, and tolerances, step sizes, counts and bounds are in range.
    /// Throws the first problem found (without a file name; `load` adds it). Right-hand sides are
    /// reported at `rhs.<state>`.
    public func validate() throws(ProblemError) {
        try validateDeclarations()
        try validateSpanConditionsAndSettings()
    }

    /// The state list, the order, the names and the right-hand sides (at `rhs.<state>`). Decoding
    /// runs these checks itself, with the right-hand sides' paths of the JSON form (`rhs[i]` for an array).
    private func validateDeclarations() throws(ProblemError) {
        try Self.checkStateList(states)
        guard order == 1 || order == 2 else {
            throw ProblemError(path: "order", message: "expected 1 or 2, found \(order)")
        }
        try checkNames()
        try checkRHS(paths: states.map { "rhs.\($0)" })
    }

    /// Everything `validate()` checks beyond the declarations: what decoding leaves to validation.
    func validateSpanConditionsAndSettings() throws(ProblemError) {
        func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }

        guard span.start.isFinite, span.end.isFinite, span.start < span.end else {
            throw fail("span", "expected [t0, t1] with finite t0 < t1, found [\(span.start), \(span.end)]")
        }
        try validateConditions()
        try validateModel()
        try validateUnknowns()
        try validateSolver()
        try validateObservations()
        try validateTraining()

        for (metric, bound) in expect.sorted(by: { $0.key < $1.key }) {
            guard Self.expectableMetrics.contains(metric) else {
                throw fail(
                    "expect.\(metric)",
                    ProblemFileObject.unknownMessage(metric, what: "metric", choices: Self.expectableMetrics))
            }
            guard bound > 0, bound.isFinite else {
                throw fail("expect.\(metric)", "expected a positive bound, found \(bound)")
            }
            if metric.hasPrefix("unknowns_"), model != .parameterEstimation {
                throw fail(
                    "expect.\(metric)", "only a parameterEstimation model (unknown parameters) has this metric")
            }
            if metric == "relative_l2_extrapolation", trainUntil >= span.end {
                throw fail(
                    "expect.\(metric)",
                    "there is nothing to extrapolate: the training window reaches the span's end "
                        + "(set observations trainUntil below \(span.end))")
            }
        }
        try ProblemLimits.checkOutputPath(output.path)
        if output.path.hasSuffix(".nc") {
            throw fail(
                "output.path",
                "an ODE result is written as HDF5; netCDF output is for PDE results on grids (use an .h5 path)")
        }
    }

    /// Non-empty, without repeats.
    static func checkStateList(_ states: [String]) throws(ProblemError) {
        guard !states.isEmpty else { throw ProblemError(path: "states", message: "expected at least one state name") }
        for (j, name) in states.enumerated() {
            if let i = states[..<j].firstIndex(of: name) {
                throw ProblemError(
                    path: "states[\(j)]", message: "state '\(name)' is declared twice (also states[\(i)])")
            }
        }
    }

    /// State and parameter names are identifiers that are not `t`, a function or a constant, and
    /// no parameter (or order-2 derivative name) shadows another name.
    func checkNames() throws(ProblemError) {
        func check(_ name: String, _ path: String) throws(ProblemError) {
            do {
                try ExpressionScope(variables: [name], parameters: [:]).validate()
            } catch {
                throw ProblemError(path: path, message: error.description)
            }
            guard name != "t" else {
                throw ProblemError(path: path, message: "invalid name 't': it is the time variable")
            }
        }
        for (i, state) in states.enumerated() {
            try check(state, "states[\(i)]")
            if order == 2, let owner = states.first(where: { Self.derivativeName($0) == state }) {
                throw ProblemError(
                    path: "states[\(i)]",
                    message: "invalid name '\(state)': in an order-2 problem it names "
                        + "the first derivative of '\(owner)'")
            }
        }
        let taken = variables
        for name in (Array(parameters.keys) + Array(unknowns.keys)).sorted() {
            try check(name, "parameters.\(name)")
            guard !taken.contains(name) else {
                throw ProblemError(
                    path: "parameters.\(name)",
                    message: "invalid name '\(name)': it is already a variable (\(taken.joined(separator: ", ")))")
            }
            guard parameters[name]?.isFinite ?? true else {
                throw ProblemError(path: "parameters.\(name)", message: "expected a finite number")
            }
        }
    }

    /// One right-hand side per state, each binding; errors at `paths[i]`.
    func checkRHS(paths: [String]) throws(ProblemError) { _ = try bindRHS(paths: paths, unknownsAsVariables: true) }

    private func bindRHS(paths: [String], unknownsAsVariables: Bool = false) throws(ProblemError) -> [Expression] {
        let declarations = parameterDeclarations
        let extra = unknownsAsVariables ? unknownNames : []
        let values = unknownsAsVariables ? parameters : declarations.withTrueValues ?? declarations.resolved()
        guard rhs.count == states.count else {
            throw ProblemError(
                path: "rhs",
                message: "expected \(states.count) right-hand sides (one per state: "
                    + "\(states.joined(separator: ", "))), found \(rhs.count)")
        }
        var bound: [Expression] = []
        for (source, path) in zip(rhs, paths) {
            do {
                bound.append(try source.bind(variables: variables + extra, parameters: values))
            } catch {
                throw ProblemError(path: path, message: "invalid expression '\(source.text)': \(error.description)")
            }
        }
        return bound
    }

    private func validateModel() throws(ProblemError) {
        func fail(_ key: String, _ message: String) -> ProblemError {
            ProblemError(path: "model.\(key)", message: message)
        }
        func positive(_ value: Int, _ key: String) throws(ProblemError) {
            let range = key == "width" ? ProblemLimits.width : ProblemLimits.depth
            guard range.contains(value) else {
                throw fail(key, "expected an integer from 1 to \(range.upperBound), found \(value)")
            }
        }
        switch model {
        case .neuralODE(let m):
            guard order == 1, isInitialValueProblem else {
                throw fail(
                    "type",
                    "a neuralODE model needs a first-order initial value problem (order 1, every condition "
                        + "at span[0]); use {\"type\": \"pinn\"} for order 2 or boundary conditions")
            }
            try positive(m.width, "width")
            try positive(m.depth, "depth")
            guard m.omega > 0, m.omega.isFinite else {
                throw fail("omega", "expected a positive number, found \(m.omega)")
            }
            _ = try boundKnownDynamics(m)
        case .parameterEstimation:
            guard order == 1, isInitialValueProblem else {
                throw fail(
                    "type",
                    "a parameterEstimation model needs a first-order initial value problem (order 1, every "
                        + "condition at span[0])")
            }
        case .pinn(let m):
            try positive(m.width, "width")
            try positive(m.depth, "depth")
            if let omega0 = m.omega0, !(omega0 > 0 && omega0.isFinite) {
                throw fail("omega0", "expected a positive number, found \(omega0)")
            }
        }
    }

    private func validateSolver() throws(ProblemError) {
        func fail(_ key: String, _ message: String) -> ProblemError {
            ProblemError(path: "solver.\(key)", message: message)
        }
        func tolerances(_ rtol: Double, _ atol: Double, _ prefix: String) throws(ProblemError) {
            guard rtol > 0, rtol < 1 else { throw fail("\(prefix)rtol", "expected a number in (0, 1), found \(rtol)") }
            guard atol >= 0, atol.isFinite else { throw fail("\(prefix)atol", "expected a number ≥ 0, found \(atol)") }
        }
        let s = solver
        try tolerances(s.rtol, s.atol, "")
        try tolerances(s.reference.rtol, s.reference.atol, "reference.")
        guard s.maxSteps > 0 else { throw fail("maxSteps", "expected a positive integer, found \(s.maxSteps)") }
        guard let step = s.step else {
            if s.method.isFixedStep {
                throw fail(
                    "step", "missing required key 'step' (the fixed step size of the \(s.method.rawValue) method)")
            }
            return
        }
        guard step > 0, step <= span.length else {
            throw fail("step", "expected a step in (0, \(span.length)] (the span's length), found \(step)")
        }
        let needed = (span.length / step).rounded(.up)
        if s.method.isFixedStep, needed > Double(s.maxSteps) {
            throw fail(
                "step", "step \(step) takes \(Int(needed)) steps over the span, more than maxSteps = \(s.maxSteps)")
        }
    }

    private func validateObservations() throws(ProblemError) {
        func fail(_ key: String, _ message: String) -> ProblemError {
            ProblemError(path: "observations.\(key)", message: message)
        }
        let t = trainUntil
        guard t.isFinite, t > span.start, t <= span.end else {
            throw fail(
                observations.trainUntilKey,
                "expected a time in (\(span.start), \(span.end)] (after the span's start, "
                    + "up to its end), found \(t)")
        }
        switch observations.source {
        case .generate(let g):
            guard (2...10_000_000).contains(g.count) else {
                throw fail("generate.count", "expected between 2 and 10000000 observations, found \(g.count)")
            }
            guard g.noise >= 0, g.noise.isFinite else {
                throw fail("generate.noise", "expected a number ≥ 0, found \(g.noise)")
            }
        case .file(let f):
            guard !f.path.isEmpty else { throw fail("file", "expected a non-empty path") }
            let layout: ObservationSettings.File.Layout
            switch f.format {
            case .csv: return
            case .hdf5(let l), .netCDF(let l): layout = l
            }
            guard !layout.times.isEmpty else {
                throw fail("times", "expected a dataset or variable name such as \"t\"")
            }
            if layout.trajectory?.isEmpty == true {
                throw fail("trajectory", "expected a dataset or variable name such as \"trajectory\"")
            }
            switch layout.states {
            case .matrix(let name):
                guard !name.isEmpty else { throw fail("states", "expected a dataset or variable name such as \"y\"") }
            case .byState(let names):
                for (state, name) in names.sorted(by: { $0.key < $1.key }) {
                    guard states.contains(state) else {
                        throw fail(
                            "states.\(state)", ProblemFileObject.unknownMessage(state, what: "state", choices: states))
                    }
                    guard !name.isEmpty else { throw fail("states.\(state)", "expected a dataset or variable name") }
                }
            }
        }
    }

    private func validateTraining() throws(ProblemError) {
        func fail(_ key: String, _ message: String) -> ProblemError {
            ProblemError(path: "training.\(key)", message: message)
        }
        let t = training
        guard ProblemLimits.optimizerSteps.contains(t.steps) else {
            throw fail(
                "steps", "expected an integer from 0 to \(ProblemLimits.optimizerSteps.upperBound), found \(t.steps)")
        }
        guard t.learningRate > 0, t.learningRate.isFinite else {
            throw fail("learningRate", "expected a positive number, found \(t.learningRate)")
        }
        /// L-BFGS and Gauss–Newton iterations within their limit.
        func checkIterations() throws(ProblemError) {
            for (key, iterations) in [
                ("lbfgsIterations", t.lbfgsIterations), ("gaussNewtonIterations", t.gaussNewtonIterations)
            ] where !ProblemLimits.lbfgsIterations.contains(iterations) {
                throw fail(
                    key,
                    "expected an integer from 0 to \(ProblemLimits.lbfgsIterations.upperBound), found \(iterations)")
            }
        }
        /// Some step or iteration to take.
        func checkSomethingToTrain(_ key: String, _ what: String) throws(ProblemError) {
            guard t.steps + t.lbfgsIterations + t.gaussNewtonIterations > 0 else {
                throw fail(key, "steps, lbfgsIterations and gaussNewtonIterations are all 0: nothing to \(what)")
            }
        }
        switch model {
        case .neuralODE:
            guard t.steps > 0 else { throw fail("steps", "expected a positive number of steps, found 0") }
            if let batchTime = t.batchTime {
                guard batchTime == 0 || batchTime >= 2 else {
                    throw fail(
                        "batchTime",
                        "expected 0 (the whole series) or a window of at least 2 observations, found \(batchTime)")
                }
                if case .generate(let g) = observations.source, batchTime > g.count {
                    throw fail(
                        "batchTime", "a window of \(batchTime) observations is longer than the \(g.count) generated")
                }
            }
            try checkIterations()
            if solver.method == .radau5, t.gaussNewtonIterations > 0 {
                throw fail(
                    "gaussNewtonIterations",
                    "a neuralODE's Gauss–Newton phase integrates its sensitivities with dopri5, and this model is "
                        + "integrated with radau5; use lbfgsIterations for a second-order finish")
            }
            guard t.batchSize > 0 else { throw fail("batchSize", "expected a positive integer, found \(t.batchSize)") }
        case .parameterEstimation:
            try checkIterations()
            try checkSomethingToTrain("gaussNewtonIterations", "fit")
        case .pinn:
            guard ProblemLimits.points.contains(t.collocationPoints) else {
                throw fail(
                    "collocationPoints",
                    "expected an integer from 1 to \(ProblemLimits.points.upperBound), found \(t.collocationPoints)")
            }
            try checkIterations()
            try checkSomethingToTrain("steps", "train")
            guard t.initialWeight > 0, t.initialWeight.isFinite else {
                throw fail("initialWeight", "expected a positive number, found \(t.initialWeight)")
            }
        }
    }
}

extension ODEProblemFile {
    /// Unknown parameters: a parameterEstimation model has some, each appears in a right-hand side,
    /// and generated observations (made with the true values) need every true value; other models have none.
    func validateUnknowns() throws(ProblemError) {
        let names = unknownNames
        guard case .parameterEstimation = model else {
            if let name = names.first {
                throw ProblemError(
                    path: "parameters.\(name)",
                    message: "unknown parameters are fitted by a parameterEstimation model (no network); this "
                        + "problem's model is \(model.typeName) (give a number, or leave out 'model')")
            }
            return
        }
        guard !names.isEmpty else {
            throw ProblemError(
                path: "model.type",
                message: "a parameterEstimation model fits the unknown parameters of the right-hand sides; declare "
                    + "some in 'parameters' ({\"a\": {\"unknown\": 1}})")
        }
        let bound = (try? boundRHSWithUnknowns()) ?? []
        if let unused = names.first(where: { name in !bound.contains { $0.depends(on: name) } }) {
            throw ProblemError(
                path: "parameters.\(unused)",
                message: "the unknown '\(unused)' appears in no right-hand side (rhs), so no observation can "
                    + "determine it")
        }
        if case .generate = observations.source, let missing = names.first(where: { unknowns[$0]?.trueValue == nil }) {
            throw ProblemError(
                path: "parameters.\(missing)",
                message: "generated observations are made with the unknowns' true values; add \"true\": value to "
                    + "parameters.\(missing) (or read observations from a file)")
        }
    }
}

extension ODEProblemFile {
    /// The known part g of a neuralODE model (`model.known`), one expression per state in state order
    /// over `variables` ("0" for the states it leaves out).
    /// - Throws: a `ProblemError` at `model.known.<state>` for a name that is not a state or an
    ///   expression that does not bind.
    public func boundKnownDynamics(_ settings: NeuralODESettings) throws(ProblemError) -> [Expression] {
        for name in settings.known.keys.sorted() where !states.contains(name) {
            throw ProblemError(
                path: "model.known.\(name)",
                message: ProblemFileObject.unknownMessage(name, what: "state", choices: states))
        }
        var bound: [Expression] = []
        for state in states {
            let source = settings.known[state] ?? "0"
            do {
                bound.append(try source.bind(variables: variables, parameters: parameters))
            } catch {
                throw ProblemError(
                    path: "model.known.\(state)", message: "invalid expression '\(source.text)': \(error.description)")
            }
        }
        return bound
    }
}
