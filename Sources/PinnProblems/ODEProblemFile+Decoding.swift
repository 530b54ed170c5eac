/// Decoding of per-state values, which ODE problem files accept in two forms: an object keyed by
/// name (`{"x": "a*x", "y": "-y"}`) or an array in the declared order (`["a*x", "-y"]`).

/// Values given per name, as decoded, with the JSON path each came from (`rhs.x` or `rhs[0]`).
struct NamedValues<Value> {
    /// The values given, by name.
    var named: [String: Value]
    /// The JSON path of each given value, by name.
    var paths: [String: String]

    /// The values of `names`, in that order.
    /// - Precondition: every name is present.
    func values(in names: [String]) -> [Value] { names.map { named[$0]! } }
}

/// A JSON object keyed by name or a JSON array, before the names are checked.
enum NamedOrOrdered<Value: Decodable>: Decodable {
    case named([(key: String, value: Value)])
    case ordered([Value])

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: ProblemFileKey.self) {
            let keys = keyed.allKeys.sorted { $0.stringValue < $1.stringValue }
            self = .named(try keys.map { ($0.stringValue, try keyed.decode(Value.self, forKey: $0)) })
        } else if var list = try? decoder.unkeyedContainer() {
            var values: [Value] = []
            while !list.isAtEnd { values.append(try list.decode(Value.self)) }
            self = .ordered(values)
        } else {
            throw ProblemError(
                path: ProblemError.jsonPath(decoder.codingPath),
                message: "expected an object by state name or an array in state order")
        }
    }
}

extension ProblemFileObject {
    /// The value at `key` as values per name, or nil when the key is absent.
    ///
    /// An object may use only `names` (others are errors with a did-you-mean suggestion); when
    /// `complete`, it must give every name in `required` (the error's path is `key.name`). An array
    /// gives the first `count` names in order, and its count must be one of `arrayCounts`.
    /// - Parameters:
    ///   - what: what one value is, for messages ("right-hand side").
    ///   - arrayMeaning: what the array holds, for the count message ("one per state: x, y").
    func namedValues<Value: Decodable>(
        _ key: String, as type: Value.Type, names: [String], required: [String],
        what: String, arrayCounts: [Int], arrayMeaning: String
    ) throws
        -> NamedValues<Value>?
    {
        guard let decoded = try optional(key, as: NamedOrOrdered<Value>.self) else { return nil }
        return try Self.check(
            decoded, at: path(key), names: names, required: required, what: what, arrayCounts: arrayCounts,
            arrayMeaning: arrayMeaning)
    }

    /// The value at `key` as a list of values per name: either one object or array (as
    /// `namedValues`), or an array of them (`[{"x": 1}, {"x": 2}]`, `[[1, 2], [3, 4]]`), each checked
    /// as `namedValues` checks one at its path (`key[i]`). Empty when the key is absent.
    func namedValueList<Value: Decodable>(
        _ key: String, as type: Value.Type, names: [String], required: [String],
        what: String, arrayCounts: [Int], arrayMeaning: String
    ) throws -> [NamedValues<Value>] {
        guard has(key) else { return [] }
        let isList =
            (try? container.decode([NamedOrOrdered<Value>].self, forKey: ProblemFileKey(key))) != nil
            && (try? container.decode([Value].self, forKey: ProblemFileKey(key))) == nil
        guard isList else {
            return try namedValues(
                key, as: type, names: names, required: required, what: what, arrayCounts: arrayCounts,
                arrayMeaning: arrayMeaning
            ).map { [$0] } ?? []
        }
        var list = try container.nestedUnkeyedContainer(forKey: ProblemFileKey(key))
        guard !list.isAtEnd else {
            throw ProblemError(path: path(key), message: "expected at least one \(what) list, found an empty array")
        }
        var result: [NamedValues<Value>] = []
        while !list.isAtEnd {
            let element = try list.decode(NamedOrOrdered<Value>.self)
            result.append(
                try Self.check(
                    element, at: path(key) + "[\(result.count)]", names: names, required: required, what: what,
                    arrayCounts: arrayCounts, arrayMeaning: arrayMeaning))
        }
        return result
    }

    /// Checks decoded per-name values against `names`, `required` and `arrayCounts` (see `namedValues`).
    private static func check<Value>(
        _ decoded: NamedOrOrdered<Value>, at base: String, names: [String], required: [String],
        what: String, arrayCounts: [Int], arrayMeaning: String
    ) throws -> NamedValues<Value> {
        switch decoded {
        case .named(let pairs):
            var result = NamedValues<Value>(named: [:], paths: [:])
            for (name, value) in pairs {
                guard names.contains(name) else {
                    throw ProblemError(
                        path: base + "." + name,
                        message: ProblemFileObject.unknownMessage(name, what: "state", choices: names))
                }
                result.named[name] = value
                result.paths[name] = base + "." + name
            }
            if let missing = required.first(where: { result.named[$0] == nil }) {
                throw ProblemError(path: base + "." + missing, message: "missing the \(what) of state '\(missing)'")
            }
            return result
        case .ordered(let values):
            guard arrayCounts.contains(values.count) else {
                let counts = ProblemFileObject.listing(arrayCounts.map(String.init))
                throw ProblemError(
                    path: base, message: "expected \(counts) \(what)s (\(arrayMeaning)), found \(values.count)")
            }
            var result = NamedValues<Value>(named: [:], paths: [:])
            for (i, value) in values.enumerated() {
                result.named[names[i]] = value
                result.paths[names[i]] = base + "[\(i)]"
            }
            return result
        }
    }
}
