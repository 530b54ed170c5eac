import Foundation

/// Printing with the fewest parentheses that parse back to the same tree: a printed expression
/// re-parsed evaluates identically (numbers print in Swift's shortest round-trip form; π and e
/// print as `pi` and `e`; NaN and ±∞ as `(0/0)` and `(±1/0)`).
extension ExpressionNode: CustomStringConvertible {
    /// Parseable source text for this tree.
    public var description: String {
        var text = ""
        write(to: &text, minimumPrecedence: 0)
        return text
    }

    /// Binding strength: 1 for + −, 2 for * /, 3 for unary minus, 4 for ^, 5 for atoms.
    private var precedence: Int {
        switch self {
        case .constant(let c):
            return c.isNaN || c.isInfinite || c.sign == .plus ? 5 : 3
        case .variable, .call, .call2: return 5
        case .negate: return 3
        case .binary(let op, _, _):
            switch op {
            case .add, .subtract: return 1
            case .multiply, .divide: return 2
            case .power: return 4
            }
        }
    }

    private func write(to text: inout String, minimumPrecedence: Int) {
        let parenthesize = precedence < minimumPrecedence
        if parenthesize { text += "(" }
        switch self {
        case .constant(let c):
            text += Self.format(c)
        case .variable(let name):
            text += name
        case .negate(let a):
            text += "-"
            a.write(to: &text, minimumPrecedence: 3)
        case .binary(let op, let a, let b):
            switch op {
            case .add, .subtract:
                a.write(to: &text, minimumPrecedence: 1)
                text += " \(op.rawValue) "
                b.write(to: &text, minimumPrecedence: 2)
            case .multiply, .divide:
                a.write(to: &text, minimumPrecedence: 2)
                text += op.rawValue
                b.write(to: &text, minimumPrecedence: 3)
            case .power:
                a.write(to: &text, minimumPrecedence: 5)
                text += "^"
                b.write(to: &text, minimumPrecedence: 3)
            }
        case .call(let f, let a):
            text += f.rawValue + "("
            a.write(to: &text, minimumPrecedence: 0)
            text += ")"
        case .call2(let f, let a, let b):
            text += f.rawValue + "("
            a.write(to: &text, minimumPrecedence: 0)
            text += ", "
            b.write(to: &text, minimumPrecedence: 0)
            text += ")"
        }
        if parenthesize { text += ")" }
    }

    /// A number as source text that parses back to exactly the same value.
    static func format(_ c: Double) -> String {
        if c.isNaN { return "(0/0)" }
        if c.isInfinite { return c < 0 ? "(-1/0)" : "(1/0)" }
        let sign = c.sign == .minus ? "-" : ""
        let magnitude = c.magnitude
        if magnitude == Double.pi { return sign + "pi" }
        if magnitude == M_E { return sign + "e" }
        var digits = magnitude.description
        if digits.hasSuffix(".0") { digits.removeLast(2) }
        return sign + digits
    }
}

extension Expression: CustomStringConvertible {
    /// Parseable source text (parameters appear as their values); see `ExpressionNode.description`.
    public var description: String { root.description }
}
