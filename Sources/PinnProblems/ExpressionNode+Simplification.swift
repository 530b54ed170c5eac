/// Node constructors that fold constants and apply algebraic identities (0·a = 0, 1·a = a,
/// a + 0 = a, a^1 = a, −(−a) = a, a/a = 1, constant factors gathered in front: 0.5·u·(2·x) = u·x),
/// so that symbolic derivatives stay small and readable. These are identities of symbolic
/// algebra: 0·a is 0 even where a is infinite, and regrouped factors may round differently
/// (in the last bit) from the unsimplified tree.
extension ExpressionNode {
    /// This node with an all-constant top level replaced by its value (children must already be
    /// folded). Exact: the value is what evaluating the node would give.
    func foldingConstants() -> ExpressionNode {
        switch self {
        case .negate(.constant(let a)):
            return .constant(-a)
        case .binary(let op, .constant(let a), .constant(let b)):
            return .constant(op.apply(a, b))
        case .call(let f, .constant(let a)):
            return .constant(f.apply(a))
        case .call2(let f, .constant(let a), .constant(let b)):
            return .constant(f.apply(a, b))
        default:
            return self
        }
    }

    /// Whether this node is the constant `value`.
    func isConstant(_ value: Double) -> Bool {
        constantValue == value
    }

    /// This node as c · rest, c gathered from constants, negations and the factors of products
    /// (and of numerators); rest is nil when the node is a constant.
    var constantFactor: (factor: Double, rest: ExpressionNode?) {
        switch self {
        case .constant(let c):
            return (c, nil)
        case .negate(let a):
            let (c, rest) = a.constantFactor
            return (-c, rest)
        case .binary(.multiply, let l, let r):
            let (cl, rl) = l.constantFactor, (cr, rr) = r.constantFactor
            switch (rl, rr) {
            case (nil, nil): return (cl * cr, nil)
            case (let x?, nil), (nil, let x?): return (cl * cr, x)
            case (let x?, let y?): return (cl * cr, .binary(.multiply, x, y))
            }
        case .binary(.divide, let n, let d):
            let (c, rest) = n.constantFactor
            return (c, .binary(.divide, rest ?? .constant(1), d))
        default:
            return (1, self)
        }
    }

    /// c · rest, with c folded into a constant rest, dropped when 1, turned into a negation when
    /// −1, and otherwise put in front of the leftmost factor (so `-2*x*y`, not `-2*(x*y)`).
    static func scaled(_ c: Double, _ rest: ExpressionNode) -> ExpressionNode {
        if case .constant(let k) = rest { return .constant(c * k) }
        if c == 0 { return .constant(0) }
        if c == 1 { return rest }
        if c == -1 { return negation(rest) }
        switch rest {
        case .binary(.multiply, let l, let r): return .binary(.multiply, scaled(c, l), r)
        case .binary(.divide, let n, let d): return .binary(.divide, scaled(c, n), d)
        default: return .binary(.multiply, .constant(c), rest)
        }
    }

    /// −a, simplified; the sign goes to the leftmost factor of a product or numerator.
    static func negation(_ a: ExpressionNode) -> ExpressionNode {
        switch a {
        case .constant(let c): return .constant(-c)
        case .negate(let inner): return inner
        case .binary(.subtract, let x, let y): return .binary(.subtract, y, x)
        case .binary(.multiply, let l, let r): return .binary(.multiply, negation(l), r)
        case .binary(.divide, let n, let d): return .binary(.divide, negation(n), d)
        default: return .negate(a)
        }
    }

    /// a + b, simplified.
    static func sum(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x + y) }
        if a.isConstant(0) { return b }
        if b.isConstant(0) { return a }
        if b.constantFactor.factor < 0 { return difference(a, negation(b)) }
        if a.constantFactor.factor < 0 { return difference(b, negation(a)) }
        return .binary(.add, a, b)
    }

    /// a − b, simplified.
    static func difference(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x - y) }
        if b.isConstant(0) { return a }
        if a.isConstant(0) { return negation(b) }
        if a == b { return .constant(0) }
        if b.constantFactor.factor < 0 { return sum(a, negation(b)) }
        return .binary(.subtract, a, b)
    }

    /// a · b, simplified: constant factors of both gathered in front.
    static func product(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        let (ca, ra) = a.constantFactor, (cb, rb) = b.constantFactor
        switch (ra, rb) {
        case (nil, nil):
            return .constant(ca * cb)
        case (let x?, nil), (nil, let x?):
            return scaled(ca * cb, x)
        case (let x?, let y?):
            return scaled(ca * cb, plainProduct(x, y))
        }
    }

    /// x · y for factors without constant factors.
    private static func plainProduct(_ x: ExpressionNode, _ y: ExpressionNode) -> ExpressionNode {
        if x == y { return power(x, .constant(2)) }
        if case .binary(.divide, let n, let d) = y { return quotient(product(x, n), d) }
        return .binary(.multiply, x, y)
    }

    /// a / b, simplified: a constant factor of the numerator goes in front, and cancels against
    /// one of the denominator.
    static func quotient(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x / y) }
        if a.isConstant(0) { return .constant(0) }
        if b.isConstant(1) { return a }
        if b.isConstant(-1) { return negation(a) }
        if a == b { return .constant(1) }
        let (ca, ra) = a.constantFactor, (cb, rb) = b.constantFactor
        let numerator = ra ?? .constant(1)
        if cb == 1 || cb == -1 {
            return scaled(ca * cb, plainQuotient(numerator, rb ?? .constant(1)))
        }
        if ca != 1 {
            return scaled(ca / cb, plainQuotient(numerator, rb ?? .constant(1)))
        }
        return .binary(.divide, a, b)
    }

    /// n / d for parts without constant factors.
    private static func plainQuotient(_ n: ExpressionNode, _ d: ExpressionNode) -> ExpressionNode {
        if d.isConstant(1) { return n }
        if n == d { return .constant(1) }
        return .binary(.divide, n, d)
    }

    /// a^b, simplified.
    static func power(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b {
            return .constant(ArithmeticOperator.power.apply(x, y))
        }
        if b.isConstant(0) { return .constant(1) }
        if b.isConstant(1) { return a }
        if a.isConstant(1) { return .constant(1) }
        return .binary(.power, a, b)
    }

    /// f(a), folded when a is constant.
    static func applying(_ f: ElementaryFunction, _ a: ExpressionNode) -> ExpressionNode {
        ExpressionNode.call(f, a).foldingConstants()
    }

    /// f(a, b), folded when both are constant.
    static func applying(_ f: BinaryFunction, _ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        ExpressionNode.call2(f, a, b).foldingConstants()
    }
}
