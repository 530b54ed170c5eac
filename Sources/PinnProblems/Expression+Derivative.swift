extension Expression {
    /// The exact symbolic partial derivative ∂/∂`variable`, over the same variables, simplified
    /// (constants folded, 0·a, 1·a, a + 0 and the like removed). A variable the expression does
    /// not depend on (or not among `variables`) gives the constant 0.
    public func derivative(withRespectTo variable: String) -> Expression {
        Expression(root.derivative(withRespectTo: variable), variables: variables)
    }

    /// The gradient (∂/∂v for each v in `variables`, in order).
    public var gradient: [Expression] {
        variables.map { derivative(withRespectTo: $0) }
    }

    /// The Laplacian Σᵢ ∂²/∂vᵢ² over the given variables (e.g. ["x", "y"] for a time-dependent
    /// field in x, y, t); over all variables by default.
    public func laplacian(over names: [String]? = nil) -> Expression {
        let second = (names ?? variables).map {
            root.derivative(withRespectTo: $0).derivative(withRespectTo: $0)
        }
        return Expression(second.reduce(.constant(0), ExpressionNode.sum), variables: variables)
    }
}

extension ExpressionNode {
    /// The exact symbolic derivative ∂/∂`variable` of this subtree, simplified.
    ///
    /// Rules: (a^c)' = c·a^(c−1)·a′ for constant c, (c^b)' = c^b·log(c)·b′, otherwise
    /// (a^b)' = a^b·(b′·log a + b·a′/a); sin′ = cos, cos′ = −sin, tan′ = 1/cos², asin′ = 1/√(1−a²),
    /// acos′ = −1/√(1−a²), atan′ = 1/(1+a²), sinh′ = cosh, cosh′ = sinh, tanh′ = 1 − tanh²,
    /// exp′ = exp, log′ = 1/a, sqrt′ = 1/(2√a), abs′ = sign, sign′ = 0 (almost everywhere);
    /// atan2(y, x)′ = (x·y′ − y·x′)/(x² + y²); min/max through min(a,b) = (a+b)/2 − |a−b|/2,
    /// so min′ = (a′+b′)/2 − sign(a−b)·(a′−b′)/2 (the mean of a′ and b′ where a = b).
    public func derivative(withRespectTo v: String) -> ExpressionNode {
        guard depends(on: v) else { return .constant(0) }
        typealias N = ExpressionNode
        switch self {
        case .constant:
            return .constant(0)
        case .variable:
            return .constant(1) // it depends on v, so it is v
        case .negate(let a):
            return N.negation(a.derivative(withRespectTo: v))
        case .binary(let op, let a, let b):
            let da = a.derivative(withRespectTo: v), db = b.derivative(withRespectTo: v)
            switch op {
            case .add: return N.sum(da, db)
            case .subtract: return N.difference(da, db)
            case .multiply: return N.sum(N.product(da, b), N.product(a, db))
            case .divide:
                if !b.depends(on: v) { return N.quotient(da, b) }
                return N.quotient(N.difference(N.product(da, b), N.product(a, db)), N.power(b, .constant(2)))
            case .power:
                if !b.depends(on: v) {
                    let exponentLessOne = N.difference(b, .constant(1))
                    return N.product(N.product(b, N.power(a, exponentLessOne)), da)
                }
                if !a.depends(on: v) {
                    return N.product(N.product(self, N.applying(.log, a)), db)
                }
                let logTerm = N.product(db, N.applying(.log, a))
                return N.product(self, N.sum(logTerm, N.quotient(N.product(b, da), a)))
            }
        case .call(let f, let a):
            let da = a.derivative(withRespectTo: v)
            let square = N.power(a, .constant(2))
            switch f {
            case .sin: return N.product(N.applying(.cos, a), da)
            case .cos: return N.negation(N.product(N.applying(.sin, a), da))
            case .tan: return N.quotient(da, N.power(N.applying(.cos, a), .constant(2)))
            case .asin: return N.quotient(da, N.applying(.sqrt, N.difference(.constant(1), square)))
            case .acos: return N.negation(N.quotient(da, N.applying(.sqrt, N.difference(.constant(1), square))))
            case .atan: return N.quotient(da, N.sum(.constant(1), square))
            case .sinh: return N.product(N.applying(.cosh, a), da)
            case .cosh: return N.product(N.applying(.sinh, a), da)
            case .tanh:
                return N.product(N.difference(.constant(1), N.power(self, .constant(2))), da)
            case .exp: return N.product(self, da)
            case .log: return N.quotient(da, a)
            case .sqrt: return N.quotient(da, N.product(.constant(2), self))
            case .abs: return N.product(N.applying(.sign, a), da)
            case .sign: return .constant(0)
            }
        case .call2(let f, let a, let b):
            let da = a.derivative(withRespectTo: v), db = b.derivative(withRespectTo: v)
            switch f {
            case .atan2:
                // a = y, b = x.
                let numerator = N.difference(N.product(b, da), N.product(a, db))
                let denominator = N.sum(N.power(b, .constant(2)), N.power(a, .constant(2)))
                return N.quotient(numerator, denominator)
            case .min, .max:
                let mean = N.quotient(N.sum(da, db), .constant(2))
                let jump = N.product(
                    N.applying(.sign, N.difference(a, b)),
                    N.quotient(N.difference(da, db), .constant(2)))
                return f == .min ? N.difference(mean, jump) : N.sum(mean, jump)
            }
        }
    }
}
