/// One token of expression source text, with its 1-based column.
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case identifier(String)
        /// One of `+ - * / ^ ( ) ,`.
        case symbol(Character)
        case end
        /// A lexical error, raised when the parser reaches it (so errors come in source order).
        case invalid(ExpressionError)
    }

    var kind: Kind
    /// The token's text as written (empty at the end).
    var text: String
    /// 1-based column of the token's first character.
    var column: Int
}

/// Splits expression text into tokens. Numbers are `digits[.digits][(e|E)[+|-]digits]` (a leading
/// or trailing `.` is allowed); identifiers are ASCII letters, digits and `_`, not starting with a
/// digit; whitespace separates tokens and is otherwise ignored.
enum ExpressionLexer {
    static let symbols: Set<Character> = ["+", "-", "*", "/", "^", "(", ")", ","]

    /// The tokens of `source`, ending with `.end` or, at the first lexical error, `.invalid`.
    static func tokens(of source: String) -> [ExpressionToken] {
        let characters = Array(source)
        var tokens: [ExpressionToken] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let column = i + 1
            if c.isWhitespace {
                i += 1
            } else if isDigit(c) || (c == "." && i + 1 < characters.count && isDigit(characters[i + 1])) {
                let start = i
                let valid = scanNumber(characters, &i)
                let text = String(characters[start..<i])
                if valid, let value = Double(text) {
                    tokens.append(ExpressionToken(kind: .number(value), text: text, column: column))
                } else {
                    let error = ExpressionError.invalidNumber(text, column: column, source: source)
                    tokens.append(ExpressionToken(kind: .invalid(error), text: text, column: column))
                    return tokens
                }
            } else if isIdentifierStart(c) {
                let start = i
                while i < characters.count, isIdentifierStart(characters[i]) || isDigit(characters[i]) {
                    i += 1
                }
                let text = String(characters[start..<i])
                tokens.append(ExpressionToken(kind: .identifier(text), text: text, column: column))
            } else if symbols.contains(c) {
                tokens.append(ExpressionToken(kind: .symbol(c), text: String(c), column: column))
                i += 1
            } else {
                let error = ExpressionError.unexpectedCharacter(c, column: column, source: source)
                tokens.append(ExpressionToken(kind: .invalid(error), text: String(c), column: column))
                return tokens
            }
        }
        tokens.append(ExpressionToken(kind: .end, text: "", column: characters.count + 1))
        return tokens
    }

    /// Advances `i` past a number starting at `i`; false if the number is malformed (a second
    /// decimal point, or an exponent without digits), in which case `i` is past the bad part.
    private static func scanNumber(_ characters: [Character], _ i: inout Int) -> Bool {
        func digits() { while i < characters.count, isDigit(characters[i]) { i += 1 } }
        digits()
        if i < characters.count, characters[i] == "." {
            i += 1
            digits()
        }
        if i < characters.count, characters[i] == "." {
            while i < characters.count, characters[i] == "." || isDigit(characters[i]) { i += 1 }
            return false
        }
        // An exponent only when `e` is followed by a digit or a sign: `2e` and `2exp` are left
        // to the parser (as a missing operator).
        if i + 1 < characters.count, characters[i] == "e" || characters[i] == "E" {
            let next = characters[i + 1]
            if isDigit(next) {
                i += 1
                digits()
            } else if next == "+" || next == "-" {
                i += 2
                guard i < characters.count, isDigit(characters[i]) else { return false }
                digits()
            }
        }
        return true
    }

    static func isDigit(_ c: Character) -> Bool {
        c.isASCII && c.isWholeNumber
    }

    static func isIdentifierStart(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c == "_")
    }

    /// Whether `name` is a valid identifier.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.first, isIdentifierStart(first) else { return false }
        return name.allSatisfy { isIdentifierStart($0) || isDigit($0) }
    }
}
