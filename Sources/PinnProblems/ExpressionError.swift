/// Why an expression could not be parsed or bound, with the 1-based column (in characters) of
/// the offending token and the source text, so that `description` reads like a compiler diagnostic:
///
///     column 8: unknown function 'sinn' (did you mean 'sin'?)
///       2*pi^2*sinn(pi*x)
///              ^
public enum ExpressionError: Error, Equatable, CustomStringConvertible {
    /// The text is empty or only whitespace.
    case emptyExpression(source: String)
    /// A character that starts no token (such as `#`, `%`, `$`).
    case unexpectedCharacter(Character, column: Int, source: String)
    /// A malformed number such as `1.2.3` or `1e+`.
    case invalidNumber(String, column: Int, source: String)
    /// A token where something else was expected (the description of what was expected is given).
    case unexpectedToken(String, expected: String, column: Int, source: String)
    /// The text ended where something (described by `expected`) was still needed.
    case unexpectedEndOfInput(expected: String, column: Int, source: String)
    /// A name that is neither a variable, a parameter nor a constant, with the allowed names and
    /// the closest one by edit distance, if any is close.
    case unknownIdentifier(String, column: Int, allowed: [String], suggestion: String?, source: String)
    /// A call of a function that does not exist, with the known functions and the closest one.
    case unknownFunction(String, column: Int, allowed: [String], suggestion: String?, source: String)
    /// A variable, parameter or constant followed by `(` (implicit multiplication is not supported).
    case notAFunction(String, column: Int, source: String)
    /// A function name not followed by a parenthesised argument list, as in `sin x`.
    case missingArguments(function: String, column: Int, source: String)
    /// A call with the wrong number of arguments; the column is the function name's.
    case wrongArgumentCount(function: String, expected: Int, found: Int, column: Int, source: String)
    /// An opening parenthesis that is never closed; the column is the opening one's.
    case unclosedParenthesis(column: Int, source: String)
    /// A closing parenthesis with no opening one.
    case unmatchedClosingParenthesis(column: Int, source: String)
    /// Parentheses, signs, calls or powers nested deeper than `limit`, or a syntax tree taller than `limit`
    /// (chained operators such as `x+x+…+x`; see `ExpressionParser.heightLimit`).
    case nestingTooDeep(limit: Int, column: Int, source: String)
    /// A variable or parameter name that is not an identifier, is reserved (a function or
    /// constant name) or is declared twice.
    case invalidName(String, reason: String)

    /// The 1-based column (in characters) the error points at, if it points into the source.
    public var column: Int? {
        switch self {
        case .emptyExpression: return 1
        case .unexpectedCharacter(_, let column, _), .invalidNumber(_, let column, _),
            .unexpectedToken(_, _, let column, _), .unexpectedEndOfInput(_, let column, _),
            .unknownIdentifier(_, let column, _, _, _), .unknownFunction(_, let column, _, _, _),
            .notAFunction(_, let column, _), .missingArguments(_, let column, _),
            .wrongArgumentCount(_, _, _, let column, _), .unclosedParenthesis(let column, _),
            .unmatchedClosingParenthesis(let column, _), .nestingTooDeep(_, let column, _):
            return column
        case .invalidName: return nil
        }
    }

    /// The source text the error refers to, if any.
    public var source: String? {
        switch self {
        case .emptyExpression(let source), .unexpectedCharacter(_, _, let source),
            .invalidNumber(_, _, let source), .unexpectedToken(_, _, _, let source),
            .unexpectedEndOfInput(_, _, let source), .unknownIdentifier(_, _, _, _, let source),
            .unknownFunction(_, _, _, _, let source), .notAFunction(_, _, let source),
            .missingArguments(_, _, let source), .wrongArgumentCount(_, _, _, _, let source),
            .unclosedParenthesis(_, let source), .unmatchedClosingParenthesis(_, let source),
            .nestingTooDeep(_, _, let source):
            return source
        case .invalidName: return nil
        }
    }

    /// The one-line message, without the column or the source excerpt.
    public var message: String {
        switch self {
        case .emptyExpression:
            return "empty expression (write a formula, or 0)"
        case .unexpectedCharacter(let character, _, _):
            return "unexpected character '\(character)'"
        case .invalidNumber(let text, _, _):
            return "malformed number '\(text)'"
        case .unexpectedToken(let token, let expected, _, _):
            return "unexpected '\(token)'; expected \(expected)"
        case .unexpectedEndOfInput(let expected, _, _):
            return "unexpected end of expression; expected \(expected)"
        case .unknownIdentifier(let name, _, _, let suggestion, _):
            return "unknown identifier '\(name)'" + Self.didYouMean(suggestion)
        case .unknownFunction(let name, _, _, let suggestion, _):
            return "unknown function '\(name)'" + Self.didYouMean(suggestion)
        case .notAFunction(let name, _, _):
            return "'\(name)' is not a function; write '\(name)*(...)' to multiply"
        case .missingArguments(let function, _, _):
            return "function '\(function)' needs its argument in parentheses, as in '\(function)(x)'"
        case .wrongArgumentCount(let function, let expected, let found, _, _):
            let noun = expected == 1 ? "argument" : "arguments"
            return "function '\(function)' takes \(expected) \(noun), found \(found)"
        case .unclosedParenthesis:
            return "unbalanced parenthesis: this '(' is never closed"
        case .unmatchedClosingParenthesis:
            return "unbalanced parenthesis: this ')' has no matching '('"
        case .nestingTooDeep(let limit, _, _):
            return "expression nested deeper than \(limit) levels"
        case .invalidName(let name, let reason):
            return "invalid name '\(name)': \(reason)"
        }
    }

    /// A note listing the allowed names, for unknown names.
    private var note: String? {
        switch self {
        case .unknownIdentifier(_, _, let allowed, _, _):
            return "allowed names: " + allowed.joined(separator: ", ")
        case .unknownFunction(_, _, let allowed, _, _):
            return "known functions: " + allowed.joined(separator: ", ")
        default:
            return nil
        }
    }

    /// The diagnostic: `column N: message`, then the source line with a caret under the column.
    public var description: String {
        guard let column, let source else { return message }
        var lines = ["column \(column): \(message)"]
        if source.contains(where: { !$0.isWhitespace }) {
            // Newlines would break the caret alignment; tabs are kept in both lines so it holds.
            let shown = source.map { $0.isNewline ? " " : $0 }
            let caretPrefix = shown.prefix(max(column - 1, 0)).map { $0 == "\t" ? "\t" : " " as Character }
            lines.append("  " + String(shown))
            lines.append("  " + String(caretPrefix) + "^")
        }
        if let note { lines.append("  " + note) }
        return lines.joined(separator: "\n")
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
