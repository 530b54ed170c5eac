extension ODEProblemFile {
    /// A condition on the first-order system: component `index` of y (the state's value or, for
    /// `derivative` 1, its first derivative) equals `value` at time `at`.
    public struct ResolvedCondition: Equatable, Sendable {
        /// The time t_c.
        public var at: Double
        /// The state's index in `states`.
        public var state: Int
        /// 0 for the value, 1 for the first derivative.
        public var derivative: Int
        /// The component of y in `firstOrderStates` order: `derivative · n + state`.
        public var index: Int
        /// The prescribed value v_c.
        public var value: Double
    }

    /// The state of the equivalent first-order system: the states, then for order 2 their first
    /// derivatives `<state>_t`.
    public var firstOrderStates: [String] {
        order == 2 ? states + states.map(Self.derivativeName) : states
    }

    /// The variables the right-hand sides are bound with: `firstOrderStates`, then `t`.
    public var variables: [String] { firstOrderStates + ["t"] }

    /// The end of the training window: `observations.trainUntil`, or the span's end.
    public var trainUntil: Double { observations.trainUntil ?? span.end }

    /// Every condition: the initial values (at `span.start`, in `firstOrderStates` order), then `boundary`.
    public var conditions: [PointCondition] {
        let initialConditions = firstOrderStates.enumerated().compactMap { i, name -> PointCondition? in
            initial[name].map {
                PointCondition(
                    at: span.start, state: states[i % states.count],
                    derivative: i / states.count, value: $0)
            }
        }
        return initialConditions + boundary
    }

    /// `conditions` in the same order, each resolved to the component of the first-order state it
    /// fixes (`derivative · n + state`). A condition naming no state, or a derivative not below the
    /// order, is left out (validation reports it).
    public var resolvedConditions: [ResolvedCondition] {
        conditions.compactMap { c in
            guard let s = states.firstIndex(of: c.state), (0..<order).contains(c.derivative) else { return nil }
            return ResolvedCondition(
                at: c.at, state: s, derivative: c.derivative,
                index: c.derivative * states.count + s, value: c.value)
        }
    }

    /// Whether every condition holds at `span.start`, so that (in a valid problem) the conditions
    /// are one initial state.
    public var isInitialValueProblem: Bool { boundary.allSatisfy { $0.at == span.start } }

    /// The initial state of the first-order system, in `firstOrderStates` order, when the
    /// conditions give all of it at `span.start` (from `initial` or `boundary`); nil otherwise.
    public var initialState: [Double]? {
        var values = [Double?](repeating: nil, count: firstOrderStates.count)
        for c in resolvedConditions where c.at == span.start { values[c.index] = c.value }
        return values.contains(nil) ? nil : values.map { $0! }
    }

    /// The number of observed trajectories: one per initial state.
    public var trajectoryCount: Int { 1 + additionalInitial.count }

    /// The initial state of every trajectory (first-order system, `firstOrderStates` order): the
    /// conditions' `initialState`, then each of `additionalInitial`; nil when the first is not known.
    public var initialStates: [[Double]]? {
        guard let first = initialState else { return nil }
        var states = [first]
        for values in additionalInitial {
            let state = firstOrderStates.compactMap { values[$0] }
            guard state.count == first.count else { return nil }
            states.append(state)
        }
        return states
    }

    /// Checks further initial states (`initial[1]`, …): each names every first-order state, and only
    /// those, with finite values; they need a Neural ODE and an initial value problem.
    func validateAdditionalInitial() throws(ProblemError) {
        guard !additionalInitial.isEmpty else { return }
        func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }
        if case .pinn = model {
            throw fail(
                "initial",
                "a pinn model fits one trajectory; \(trajectoryCount) initial states need a neuralODE model "
                    + "(model.type)")
        }
        if !boundary.isEmpty {
            throw fail(
                "boundary",
                "several initial states (\(trajectoryCount) trajectories) need an initial value problem; "
                    + "give no boundary conditions")
        }
        let names = firstOrderStates
        for (i, values) in additionalInitial.enumerated() {
            let base = "initial[\(i + 1)]"
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                guard names.contains(name) else {
                    throw fail("\(base).\(name)", ProblemFileObject.unknownMessage(name, what: "state", choices: names))
                }
                guard value.isFinite else { throw fail("\(base).\(name)", "expected a finite number") }
            }
            if let missing = names.first(where: { values[$0] == nil }) {
                throw fail("\(base).\(missing)", "missing the initial value of state '\(missing)'")
            }
        }
        if let missing = names.first(where: { initial[$0] == nil }) {
            throw fail("initial[0].\(missing)", "missing the initial value of state '\(missing)'")
        }
    }

    /// Checks the conditions: `initial` names only first-order states and holds finite values;
    /// each boundary condition names a state, a derivative below the order and a time in the
    /// span; no condition is given twice; every state has exactly `order` conditions.
    func validateConditions() throws(ProblemError) {
        func fail(_ path: String, _ message: String) -> ProblemError { ProblemError(path: path, message: message) }
        let names = firstOrderStates
        for (name, value) in initial.sorted(by: { $0.key < $1.key }) {
            guard names.contains(name) else {
                throw fail("initial.\(name)", ProblemFileObject.unknownMessage(name, what: "state", choices: names))
            }
            guard value.isFinite else { throw fail("initial.\(name)", "expected a finite number") }
        }
        if initial.isEmpty, boundary.isEmpty {
            throw fail(
                "initial", "missing required key 'initial' (the state at span[0]; or give 'boundary' conditions)")
        }
        try validateAdditionalInitial()
        for (i, c) in boundary.enumerated() {
            let path = "boundary[\(i)]"
            guard states.contains(c.state) else {
                throw fail("\(path).state", ProblemFileObject.unknownMessage(c.state, what: "state", choices: states))
            }
            guard (0..<order).contains(c.derivative) else {
                let expected =
                    order == 2 ? "0 (the value) or 1 (the first derivative)" : "0 (the value) in an order-1 problem"
                throw fail("\(path).derivative", "expected \(expected), found \(c.derivative)")
            }
            guard c.at.isFinite, span.contains(c.at) else {
                throw fail("\(path).at", "expected a time in the span [\(span.start), \(span.end)], found \(c.at)")
            }
            guard c.value.isFinite else { throw fail("\(path).value", "expected a finite number") }
        }
        let all = conditions
        let initialCount = all.count - boundary.count
        for (j, c) in all.enumerated().dropFirst(initialCount) {
            if let k = all[..<j].firstIndex(where: {
                $0.state == c.state && $0.derivative == c.derivative && $0.at == c.at
            }) {
                let other = k < initialCount ? "'initial'" : "boundary[\(k - initialCount)]"
                throw fail(
                    "boundary[\(j - initialCount)]",
                    "a second condition on \(Self.describe(c)) (already given in \(other))")
            }
        }
        for state in states {
            let count = all.filter { $0.state == state }.count
            if count > order, let last = boundary.lastIndex(where: { $0.state == state }) {
                throw fail(
                    "boundary[\(last)]",
                    "state '\(state)' has \(count) conditions; an order-\(order) problem "
                        + "needs exactly \(order) per state")
            }
            if count < order {
                let missing = [state, Self.derivativeName(state)].prefix(order).first { initial[$0] == nil } ?? state
                let hint = order == 1 ? "its initial value" : "'\(missing)' in 'initial', or a boundary condition"
                throw fail(
                    "initial.\(missing)",
                    "state '\(state)' has \(count) condition\(count == 1 ? "" : "s"); an order-\(order) "
                        + "problem needs \(order) per state (give \(hint))")
            }
        }
    }

    /// `u(2)` or `u'(0)`.
    private static func describe(_ c: PointCondition) -> String {
        "\(c.state)\(c.derivative == 1 ? "'" : "")(\(ExpressionNode.format(c.at)))"
    }
}
