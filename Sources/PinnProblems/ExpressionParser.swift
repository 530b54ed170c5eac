/// A recursive-descent parser for the expression grammar (lowest precedence first):
///
///     sum     = product (("+" | "-") product)*
///     product = unary (("*" | "/") unary)*
///     unary   = ("-" | "+") unary | power
///     power   = primary ("^" unary)?          right-associative; -x^2 = -(x^2), 2^-1 = 0.5
///     primary = number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
///
/// Names are resolved while parsing, so errors are reported in source order. All-constant
/// subtrees are folded to numbers (exactly: the folded value is what evaluation would give).
struct ExpressionParser {
    /// How deeply parentheses, signs, calls and powers (`a^b^c`) may nest before parsing gives up.
    static let nestingLimit = 200
    /// How tall the syntax tree may grow (a leaf is 1; each operator or call above it adds 1). Chains
    /// such as `x+x+…+x` or `2^2^…^2` nest without parentheses, and every pass over the tree
    /// (compiling, derivatives, printing, comparing, even freeing it) recurses once per level, so an
    /// unbounded height would overflow the stack.
    static let heightLimit = 1000

    /// A parsed subtree and its height.
    private struct Subtree {
        var node: ExpressionNode
        var height: Int
    }

    private let source: String
    private let tokens: [ExpressionToken]
    private let scope: ExpressionScope
    private var position = 0
    private var depth = 0

    init(source: String, scope: ExpressionScope) {
        self.source = source
        self.tokens = ExpressionLexer.tokens(of: source)
        self.scope = scope
    }

    /// Parses the whole text as one expression.
    mutating func parse() throws(ExpressionError) -> ExpressionNode {
        if case .end = current.kind { throw .emptyExpression(source: source) }
        let tree = try parseSum()
        let token = current
        switch token.kind {
        case .end:
            return tree.node
        case .symbol(")"):
            throw .unmatchedClosingParenthesis(column: token.column, source: source)
        default:
            throw unexpected(token, expected: "an operator or the end of the expression", afterOperand: true)
        }
    }

    // MARK: - Grammar rules

    private mutating func parseSum() throws(ExpressionError) -> Subtree {
        var tree = try parseProduct()
        while true {
            let op: ArithmeticOperator
            switch current.kind {
            case .symbol("+"): op = .add
            case .symbol("-"): op = .subtract
            default: return tree
            }
            let token = current
            advance()
            let right = try parseProduct()
            tree = try node(.binary(op, tree.node, right.node), over: [tree, right], at: token)
        }
    }

    private mutating func parseProduct() throws(ExpressionError) -> Subtree {
        var tree = try parseUnary()
        while true {
            let op: ArithmeticOperator
            switch current.kind {
            case .symbol("*"): op = .multiply
            case .symbol("/"): op = .divide
            default: return tree
            }
            let token = current
            advance()
            let right = try parseUnary()
            tree = try node(.binary(op, tree.node, right.node), over: [tree, right], at: token)
        }
    }

    private mutating func parseUnary() throws(ExpressionError) -> Subtree {
        switch current.kind {
        case .symbol("-"), .symbol("+"):
            let sign = current
            try enterNesting(at: sign)
            defer { depth -= 1 }
            advance()
            let operand = try parseUnary()
            return sign.text == "-" ? try node(.negate(operand.node), over: [operand], at: sign) : operand
        default:
            return try parsePower()
        }
    }

    private mutating func parsePower() throws(ExpressionError) -> Subtree {
        let base = try parsePrimary()
        guard case .symbol("^") = current.kind else { return base }
        let token = current
        // `^` is right-associative, so a chain `a^b^c^…` recurses here once per operator.
        try enterNesting(at: token)
        defer { depth -= 1 }
        advance()
        let exponent = try parseUnary()
        return try node(.binary(.power, base.node, exponent.node), over: [base, exponent], at: token)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Subtree {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Subtree(node: .constant(value), height: 1)
        case .identifier(let name):
            advance()
            if case .symbol("(") = current.kind { return try parseCall(name, at: token) }
            return Subtree(node: try resolve(name, at: token), height: 1)
        case .symbol("("):
            try enterNesting(at: token)
            defer { depth -= 1 }
            advance()
            let inner = try parseSum()
            try expectClosingParenthesis(openedAt: token, expected: "')' or an operator")
            return inner
        case .end:
            throw .unexpectedEndOfInput(expected: "an operand", column: token.column, source: source)
        case .invalid(let error):
            throw error
        case .symbol("*") where previous?.text == "*":
            throw unexpected(token, expected: "an operand (write powers as a^b)")
        case .symbol(")") where previous?.text == "(":
            throw unexpected(token, expected: "an expression inside the parentheses")
        case .symbol:
            throw unexpected(token, expected: "an operand")
        }
    }

    /// A call `name(arguments)`; the current token is the `(`.
    private mutating func parseCall(_ name: String, at nameToken: ExpressionToken) throws(ExpressionError)
        -> Subtree
    {
        guard let function = FunctionSymbol.named(name) else {
            if scope.isValueName(name) {
                throw .notAFunction(name, column: nameToken.column, source: source)
            }
            throw .unknownFunction(
                name, column: nameToken.column, allowed: FunctionSymbol.names,
                suggestion: NameSuggestion.closest(to: name, among: FunctionSymbol.names),
                source: source)
        }
        let open = current
        try enterNesting(at: open)
        defer { depth -= 1 }
        advance()
        if case .symbol(")") = current.kind {
            throw .wrongArgumentCount(
                function: name, expected: function.arity, found: 0,
                column: nameToken.column, source: source)
        }
        var arguments = [try parseSum()]
        while case .symbol(",") = current.kind {
            advance()
            arguments.append(try parseSum())
        }
        try expectClosingParenthesis(openedAt: open, expected: "',' or ')'")
        guard arguments.count == function.arity else {
            throw .wrongArgumentCount(
                function: name, expected: function.arity, found: arguments.count,
                column: nameToken.column, source: source)
        }
        let call: ExpressionNode
        switch function {
        case .unary(let f): call = .call(f, arguments[0].node)
        case .binary(let f): call = .call2(f, arguments[0].node, arguments[1].node)
        case .power: call = .binary(.power, arguments[0].node, arguments[1].node)
        }
        return try node(call, over: arguments, at: nameToken)
    }

    /// `node` with its constants folded, above `children`; an error at `token` (the operator or
    /// the function's name) when it would make the tree taller than `heightLimit`.
    private func node(_ node: ExpressionNode, over children: [Subtree], at token: ExpressionToken)
        throws(ExpressionError) -> Subtree
    {
        let folded = node.foldingConstants()
        if folded.constantValue != nil { return Subtree(node: folded, height: 1) }
        let height = 1 + children.reduce(0) { max($0, $1.height) }
        guard height <= Self.heightLimit else {
            throw .nestingTooDeep(limit: Self.heightLimit, column: token.column, source: source)
        }
        return Subtree(node: folded, height: height)
    }

    /// A name used as a value: a variable, a parameter's value or a constant's value.
    private func resolve(_ name: String, at token: ExpressionToken) throws(ExpressionError) -> ExpressionNode {
        if scope.variables.contains(name) { return .variable(name) }
        if let value = scope.parameters[name] ?? NamedConstant.value(of: name) { return .constant(value) }
        if FunctionSymbol.named(name) != nil {
            throw .missingArguments(function: name, column: token.column, source: source)
        }
        let allowed = scope.valueNames
        throw .unknownIdentifier(
            name, column: token.column, allowed: allowed,
            suggestion: NameSuggestion.closest(to: name, among: allowed), source: source)
    }

    private mutating func expectClosingParenthesis(
        openedAt open: ExpressionToken,
        expected: String
    ) throws(ExpressionError) {
        let token = current
        switch token.kind {
        case .symbol(")"):
            advance()
        case .end:
            throw .unclosedParenthesis(column: open.column, source: source)
        case .invalid(let error):
            throw error
        default:
            throw unexpected(token, expected: expected, afterOperand: true)
        }
    }

    // MARK: - Token stream

    private var current: ExpressionToken { tokens[position] }

    private var previous: ExpressionToken? { position > 0 ? tokens[position - 1] : nil }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private mutating func enterNesting(at token: ExpressionToken) throws(ExpressionError) {
        guard depth < Self.nestingLimit else {
            throw .nestingTooDeep(limit: Self.nestingLimit, column: token.column, source: source)
        }
        depth += 1
    }

    /// The error for `token` where `expected` was wanted. An operand right after an operand gets
    /// a hint, since implicit multiplication (`2x`, `2(x+1)`) is not supported.
    private func unexpected(
        _ token: ExpressionToken, expected: String,
        afterOperand: Bool = false
    ) -> ExpressionError {
        var expected = expected
        switch token.kind {
        case .invalid(let error):
            return error
        case .number, .identifier, .symbol("("):
            if afterOperand { expected += " (multiplication must be written out, as in '2*x')" }
        default:
            break
        }
        return .unexpectedToken(token.text, expected: expected, column: token.column, source: source)
    }
}
