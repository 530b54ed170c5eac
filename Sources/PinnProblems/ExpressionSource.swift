/// The text of an expression as it appears in a problem file, before its names are bound.
///
/// This is how problem files should hold expressions: it decodes from a JSON string (or a JSON
/// number, for constants such as `"f": 0`) and encodes back to the same text, keeping parameter
/// names. Bind it, once the variables and parameters are known, with `bind(variables:parameters:)`.
public struct ExpressionSource: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The expression text as written.
    public var text: String

    /// The source with this text.
    public init(_ text: String) { self.text = text }

    /// The source with this literal text.
    public init(stringLiteral text: String) { self.text = text }

    /// Decodes a JSON string, or a number (taken as its decimal text).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            text = ExpressionNode.format(number)
        } else {
            text = try container.decode(String.self)
        }
    }

    /// Encodes the text as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// Parses the text with these variables and parameters; see `Expression.parse`.
    public func bind(variables: [String], parameters: [String: Double] = [:]) throws(ExpressionError) -> Expression {
        try Expression.parse(text, variables: variables, parameters: parameters)
    }

    /// The text.
    public var description: String { text }
}
