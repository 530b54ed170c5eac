/// Node constructors that fold constants and apply exact-enough algebraic identities
/// (0·a = 0, 1·a = a, a + 0 = a, a^1 = a, −(−a) = a, …), so that symbolic derivatives stay small.
/// The identities treat 0·a as 0 even where a is infinite or NaN, as symbolic algebra does.
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

    /// −a, simplified.
    static func negation(_ a: ExpressionNode) -> ExpressionNode {
        switch a {
        case .constant(let c): return .constant(-c)
        case .negate(let inner): return inner
        case .binary(.subtract, let x, let y): return .binary(.subtract, y, x)
        default: return .negate(a)
        }
    }

    /// a + b, simplified.
    static func sum(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x + y) }
        if a.isConstant(0) { return b }
        if b.isConstant(0) { return a }
        if case .negate(let c) = b { return difference(a, c) }
        if case .constant(let y) = b, y < 0 { return difference(a, .constant(-y)) }
        if case .negate(let c) = a { return difference(b, c) }
        return .binary(.add, a, b)
    }

    /// a − b, simplified.
    static func difference(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x - y) }
        if b.isConstant(0) { return a }
        if a.isConstant(0) { return negation(b) }
        if a == b { return .constant(0) }
        if case .negate(let c) = b { return sum(a, c) }
        return .binary(.subtract, a, b)
    }

    /// a · b, simplified; a constant factor is moved to the left and merged with others.
    static func product(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x * y) }
        if a.isConstant(0) || b.isConstant(0) { return .constant(0) }
        if a.isConstant(1) { return b }
        if b.isConstant(1) { return a }
        if a.isConstant(-1) { return negation(b) }
        if b.isConstant(-1) { return negation(a) }
        if case .constant = b { return product(b, a) }
        if case .negate(let c) = a { return negation(product(c, b)) }
        if case .negate(let c) = b { return negation(product(a, c)) }
        if case .constant(let x) = a, case .binary(.multiply, .constant(let y), let c) = b {
            return product(.constant(x * y), c)
        }
        if case .binary(.divide, let n, let d) = b, n.isConstant(1) { return quotient(a, d) }
        if case .binary(.divide, let n, let d) = a, n.isConstant(1) { return quotient(b, d) }
        if a == b { return power(a, .constant(2)) }
        return .binary(.multiply, a, b)
    }

    /// a / b, simplified.
    static func quotient(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(x / y) }
        if a.isConstant(0) { return .constant(0) }
        if b.isConstant(1) { return a }
        if b.isConstant(-1) { return negation(a) }
        if case .negate(let c) = a { return negation(quotient(c, b)) }
        if case .negate(let c) = b { return negation(quotient(a, c)) }
        return .binary(.divide, a, b)
    }

    /// a^b, simplified.
    static func power(_ a: ExpressionNode, _ b: ExpressionNode) -> ExpressionNode {
        if case .constant(let x) = a, case .constant(let y) = b { return .constant(ArithmeticOperator.power.apply(x, y)) }
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
