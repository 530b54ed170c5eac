/// Decoding helpers for problem files: a string-keyed container that rejects unknown keys.

/// Any JSON object key.
struct ProblemFileKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// A keyed container over `ProblemFileKey` that knows its decoder's path.
struct ProblemFileObject {
    let container: KeyedDecodingContainer<ProblemFileKey>
    let codingPath: [any CodingKey]

    /// Opens the object at `decoder`, failing with a `ProblemError` on keys outside `known`
    /// (with a did-you-mean suggestion) or when the value is not an object.
    init(_ decoder: any Decoder, known: [String], what: String) throws {
        codingPath = decoder.codingPath
        do {
            container = try decoder.container(keyedBy: ProblemFileKey.self)
        } catch {
            throw ProblemError(path: ProblemError.jsonPath(decoder.codingPath), message: "expected an object (\(what))")
        }
        let keys = container.allKeys.map(\.stringValue).sorted()
        for key in keys where !known.contains(key) {
            var message = "unknown key '\(key)' in \(what) (expected one of: \(known.joined(separator: ", "))"
            if let suggestion = NameSuggestion.closest(to: key, among: known) {
                message += "; did you mean '\(suggestion)'?)"
            } else {
                message += ")"
            }
            throw ProblemError(path: ProblemError.jsonPath(codingPath + [ProblemFileKey(key)]), message: message)
        }
    }

    func path(_ key: String) -> String { ProblemError.jsonPath(codingPath + [ProblemFileKey(key)]) }

    /// `written` (the value at `key`, a path relative to the problem file `userInfo[.problemFile]`)
    /// resolved and checked to lie in the project folder (see `ProjectPath`); `what` names the file in
    /// the error ("the data file").
    func projectPath(_ written: String, at key: String, what: String, decoder: any Decoder) throws -> String {
        do {
            return try ProjectPath.resolve(written, problemFile: decoder.userInfo[.problemFile] as? String)
        } catch {
            throw ProblemError(
                path: path(key),
                message: error.reason == .empty
                    ? error.description
                    : "\(what) \(error.description); keep data in the project, e.g. in Problems/data/")
        }
    }

    func has(_ key: String) -> Bool { container.contains(ProblemFileKey(key)) }

    /// The value at `key`, or nil when the key is absent or null.
    func optional<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        try container.decodeIfPresent(T.self, forKey: ProblemFileKey(key))
    }

    /// The value at `key`, or `fallback` when absent.
    func value<T: Decodable>(_ key: String, default fallback: @autoclosure () -> T) throws -> T {
        try optional(key) ?? fallback()
    }

    /// The value at `key`; a `ProblemError` naming the key when it is absent.
    func required<T: Decodable>(_ key: String, as type: T.Type = T.self, context: String? = nil) throws -> T {
        guard let value: T = try optional(key) else {
            let suffix = context.map { " " + $0 } ?? ""
            throw ProblemError(path: path(key), message: "missing required key '\(key)'\(suffix)")
        }
        return value
    }

    /// A string at `key` that must be one of `choices`; nil when absent.
    func choice(_ key: String, among choices: [String], what: String) throws -> String? {
        guard let text: String = try optional(key) else { return nil }
        guard choices.contains(text) else {
            throw ProblemError(
                path: path(key), message: ProblemFileObject.unknownMessage(text, what: what, choices: choices))
        }
        return text
    }

    /// The case of `E` whose raw value is the string at `key`; nil when absent. Any other string is
    /// an error listing the raw values (in `allCases` order) with a did-you-mean suggestion.
    func choice<E: CaseIterable & RawRepresentable>(_ key: String, what: String) throws -> E?
    where E.RawValue == String {
        guard let text = try choice(key, among: E.allCases.map(\.rawValue), what: what) else { return nil }
        return E(rawValue: text)
    }

    /// `unknown <what> '<text>' (expected a, b or c; did you mean 'x'?)`.
    static func unknownMessage(_ text: String, what: String, choices: [String]) -> String {
        var message = "unknown \(what) '\(text)' (expected \(listing(choices))"
        if let suggestion = NameSuggestion.closest(to: text, among: choices) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message + ")"
    }

    /// `a, b or c`.
    static func listing(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
