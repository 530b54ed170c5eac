/// A node of an expression's syntax tree: a value type compared structurally.
///
/// Parameters and the constants `pi` and `e` are bound to numbers when an expression is parsed,
/// so a tree holds only numbers, variables, operators and function calls.
public indirect enum ExpressionNode: Sendable, Hashable {
    /// A number.
    case constant(Double)
    /// The variable with this name.
    case variable(String)
    /// The negation −a.
    case negate(ExpressionNode)
    /// a ∘ b for one of + − × ÷ ^.
    case binary(ArithmeticOperator, ExpressionNode, ExpressionNode)
    /// f(a) for a function of one argument.
    case call(ElementaryFunction, ExpressionNode)
    /// f(a, b) for a function of two arguments.
    case call2(BinaryFunction, ExpressionNode, ExpressionNode)
}

extension ExpressionNode {
    /// The number this node is, if it is a constant.
    public var constantValue: Double? {
        if case .constant(let value) = self { return value }
        return nil
    }

    /// Whether the variable `name` occurs in this subtree.
    public func depends(on name: String) -> Bool {
        switch self {
        case .constant: return false
        case .variable(let v): return v == name
        case .negate(let a), .call(_, let a): return a.depends(on: name)
        case .binary(_, let a, let b), .call2(_, let a, let b):
            return a.depends(on: name) || b.depends(on: name)
        }
    }

    /// The names of the variables that occur in this subtree, each once, in order of first occurrence.
    public var variableNames: [String] {
        var names: [String] = []
        collectVariables(into: &names)
        return names
    }

    private func collectVariables(into names: inout [String]) {
        switch self {
        case .constant: return
        case .variable(let v): if !names.contains(v) { names.append(v) }
        case .negate(let a), .call(_, let a): a.collectVariables(into: &names)
        case .binary(_, let a, let b), .call2(_, let a, let b):
            a.collectVariables(into: &names)
            b.collectVariables(into: &names)
        }
    }

    /// The value of this subtree by direct recursion, reading variable `name` from `values[name]`;
    /// a missing variable reads as NaN. A reference for tests; use `Expression.evaluate` for speed.
    public func value(at values: [String: Double]) -> Double {
        switch self {
        case .constant(let c): return c
        case .variable(let v): return values[v] ?? .nan
        case .negate(let a): return -a.value(at: values)
        case .binary(let op, let a, let b): return op.apply(a.value(at: values), b.value(at: values))
        case .call(let f, let a): return f.apply(a.value(at: values))
        case .call2(let f, let a, let b): return f.apply(a.value(at: values), b.value(at: values))
        }
    }
}
