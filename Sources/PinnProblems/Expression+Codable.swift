import Foundation

extension CodingUserInfoKey {
    /// `[String]`: the variable names an `Expression` is decoded with (required).
    public static let expressionVariables = CodingUserInfoKey(rawValue: "pinn.expression.variables")!
    /// `[String: Double]`: the parameters an `Expression` is decoded with (optional).
    public static let expressionParameters = CodingUserInfoKey(rawValue: "pinn.expression.parameters")!
}

/// An `Expression` is coded as a single string, its `description` (parameters appear as their
/// values, so the text is self-contained). Decoding parses that string and needs the variable
/// names in the decoder's `userInfo[.expressionVariables]` (and parameters, if the text names
/// any, in `userInfo[.expressionParameters]`). To keep parameter names in a file, or to bind
/// later, code an `ExpressionSource` instead.
extension Expression: Codable {
    /// Decodes and parses a string, with variables and parameters from the decoder's `userInfo`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let variables = decoder.userInfo[.expressionVariables] as? [String] else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "decoding an Expression needs its variable names in userInfo[.expressionVariables]; decode an ExpressionSource to bind later"
            )
        }
        let parameters = decoder.userInfo[.expressionParameters] as? [String: Double] ?? [:]
        do {
            self = try Expression.parse(text, variables: variables, parameters: parameters)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes `description` as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
