import Foundation

extension ProblemFamily {
    /// Reads the family file at `path`, sets each `overrides` entry (a dotted JSON path such as
    /// `metaTraining.innerSteps` and a value in JSON, or else taken as a string) in it, then decodes
    /// and validates the result as `load(contentsOf:)` does. Errors name the file and the JSON path.
    public static func load(contentsOf path: String, setting overrides: [String]) throws(ProblemError) -> ProblemFamily
    {
        let data = try ProblemDocument.read(path)
        guard !overrides.isEmpty else { return try decode(data, file: path) }
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return try decode(data, file: path) // reports the JSON error
        }
        for override in overrides {
            guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
                throw ProblemError(
                    file: path, path: "", message: "cannot apply '\(override)' (expected KEY.PATH=VALUE)")
            }
            let keys = override[..<equals].split(separator: ".").map(String.init)
            let text = String(override[override.index(after: equals)...])
            let value = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) ?? text
            guard set(value, at: keys[...], in: &object) else {
                throw ProblemError(
                    file: path, path: keys.dropLast().joined(separator: "."),
                    message: "cannot set '\(keys.joined(separator: "."))': this is not an object")
            }
        }
        let patched: Data
        do {
            patched = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        } catch {
            throw ProblemError(file: path, path: "", message: "cannot apply the settings (\(error))")
        }
        return try decode(patched, file: path)
    }

    /// Sets `value` at the key path `keys` in `object`, creating missing objects; false when the
    /// path runs through a value that is not an object.
    private static func set(_ value: Any, at keys: ArraySlice<String>, in object: inout [String: Any]) -> Bool {
        guard let key = keys.first else { return false }
        if keys.count == 1 {
            object[key] = value
            return true
        }
        var inner: [String: Any]
        if let existing = object[key] {
            guard let dictionary = existing as? [String: Any] else { return false }
            inner = dictionary
        } else {
            inner = [:]
        }
        guard set(value, at: keys.dropFirst(), in: &inner) else { return false }
        object[key] = inner
        return true
    }
}
