/// A mistake in a problem file: which file, where in it (a JSON path such as `boundary[1].type`
/// or `domain.lower`; empty for the whole document) and what was expected. Its description reads
///
///     poisson.json: boundary[1].type: unknown boundary condition 'dirichet' (expected dirichlet, neumann or robin; did you mean 'dirichlet'?)
public struct ProblemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file the problem was read from (as given to `ProblemFile.load`), or nil for data decoded directly.
    public var file: String?
    /// The JSON path of the offending value, such as `boundary[1].type`; empty for the document itself.
    public var path: String
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String? = nil, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// The error with the same path and message, attributed to `file`.
    public func inFile(_ file: String?) -> ProblemError {
        var copy = self
        copy.file = file
        return copy
    }

    /// `file: path: message`, leaving out the parts that are absent.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if !path.isEmpty { parts.append(path) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// Renders a coding path as a JSON path: keys joined by dots, array indices in brackets.
    static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(index)" {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }

    /// Converts Swift's `DecodingError` into a `ProblemError` naming the JSON path.
    static func from(_ error: DecodingError) -> ProblemError {
        switch error {
        case .typeMismatch(let type, let context):
            return ProblemError(path: jsonPath(context.codingPath), message: "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return ProblemError(
                path: jsonPath(context.codingPath),
                message: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return ProblemError(
                path: jsonPath(context.codingPath + [key]),
                message: "missing required key '\(key.stringValue)'")
        case .dataCorrupted(let context):
            let detail = context.debugDescription
            return ProblemError(
                path: jsonPath(context.codingPath),
                message: context.codingPath.isEmpty ? "not valid JSON (\(detail))" : "invalid value (\(detail))")
        @unknown default:
            return ProblemError(path: "", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type, is Int64.Type, is UInt.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }
}
