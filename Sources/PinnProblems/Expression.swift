/// A formula in named variables, as written in problem files (`"2*pi^2*sin(pi*x)*sin(pi*y)"`),
/// parsed once, compiled once, then evaluated fast at single points or batches of points.
///
/// The language: numbers (`3`, `0.5`, `.5`, `1e-3`, `2.5E+4`); the variables given to `parse`;
/// named parameters, replaced by their values at parse time; the constants `pi` and `e`;
/// `+ - * / ^` with the usual precedence, `^` right-associative and binding tighter than unary
/// minus (`2^3^2` = 512, `-x^2` = −(x²), `2*-3` = −6); parentheses; the functions
/// sin cos tan asin acos atan sinh cosh tanh exp log (natural) sqrt abs sign of one argument and
/// atan2(y, x), min(a, b), max(a, b), pow(a, b) of two. Whitespace is allowed anywhere between
/// tokens. Implicit multiplication (`2x`) is an error.
///
/// An `Expression` is a value: its syntax tree (`root`), the ordered variable names that
/// `evaluate` reads by position, the text it came from, and the compiled program.
/// Equality compares the tree and the variables (not the text).
public struct Expression: Sendable {
    /// The syntax tree, with parameters and constants already replaced by numbers.
    public let root: ExpressionNode
    /// The variable names, in the order `evaluate` reads their values.
    public let variables: [String]
    /// The text this expression was parsed from (for expressions built otherwise, its `description`).
    public let source: String
    /// The compiled stack-machine program.
    let program: ExpressionProgram

    /// An expression over `variables` with the syntax tree `root`.
    /// - Precondition: every variable in `root` is in `variables`.
    public init(_ root: ExpressionNode, variables: [String]) {
        self.init(root, variables: variables, source: nil)
    }

    init(_ root: ExpressionNode, variables: [String], source: String?) {
        for name in root.variableNames {
            precondition(
                variables.contains(name), "expression uses '\(name)', which is not among its variables \(variables)")
        }
        self.root = root
        self.variables = variables
        self.source = source ?? root.description
        self.program = ExpressionProgram(root, variables: variables)
    }

    /// Parses `text` as an expression in `variables`, with `parameters` replaced by their values.
    ///
    /// Every identifier must be a variable, a parameter, `pi`, `e` or (before `(`) a function;
    /// anything else is an error that points at its column. All-constant subtrees are folded.
    /// - Throws: `ExpressionError` for malformed text, unknown names, or invalid variable and
    ///   parameter names (not identifiers, reserved, or declared twice).
    public static func parse(
        _ text: String, variables: [String],
        parameters: [String: Double] = [:]
    ) throws(ExpressionError) -> Expression {
        let scope = ExpressionScope(variables: variables, parameters: parameters)
        try scope.validate()
        var parser = ExpressionParser(source: text, scope: scope)
        let root = try parser.parse()
        return Expression(root, variables: variables, source: text)
    }

    /// The constant c, as an expression over `variables`.
    public static func constant(_ value: Double, variables: [String] = []) -> Expression {
        Expression(.constant(value), variables: variables)
    }

    /// The value if the expression is a constant (after folding), nil otherwise.
    public var constantValue: Double? { root.constantValue }

    /// Whether the expression's value depends on `variable`.
    public func depends(on variable: String) -> Bool { root.depends(on: variable) }
}

extension Expression: Equatable {
    /// Same tree and same variables, in the same order.
    public static func == (lhs: Expression, rhs: Expression) -> Bool {
        lhs.root == rhs.root && lhs.variables == rhs.variables
    }
}
