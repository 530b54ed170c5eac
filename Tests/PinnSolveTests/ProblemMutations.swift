import Foundation

/// A problem file with one mistake (or one harmless change), made by mutating an example.
struct ProblemMutation {
    /// What the schema and the decoder are expected to make of a mutation.
    enum Kind: String, CaseIterable {
        /// A key renamed by a typo or an unknown key added: both reject; the decoder suggests the original.
        case unknownKey
        /// A value of the wrong JSON type: both reject.
        case wrongType
        /// A fractional number where there was an integer-valued one: both give the same verdict.
        case fractional
        /// A key removed (required or optional): the schema rejects only if the decoder does.
        case deletion
        /// A number out of its range, or an absurd size: the schema rejects only if the decoder does.
        case outOfRange
        /// An expression that does not parse or names something unknown: the decoder rejects.
        case badExpression
        /// An output path outside the directory pinn runs in, or a data file outside the project
        /// folder: the decoder rejects.
        case outsidePath
        /// Not a JSON object (truncated, empty, an array): the decoder rejects.
        case notJSON
    }

    var example: String
    var what: String
    var kind: Kind
    var text: String
    /// The JSON path the decoder's error must name (nil: not checked).
    var errorPath: String?
    /// For `unknownKey` made from a typo: the key the error should suggest.
    var suggestion: String?
}

/// Mutations of the example problem files (deterministic: the same list every run).
enum ProblemMutations {
    /// Objects whose keys are the user's names (parameters, states, metrics), not schema keys.
    static let freeFormObjects: Set<String> = ["parameters", "expect", "rhs", "initial", "known"]
    /// Keys whose string values are expressions.
    static let expressionKeys: Set<String> = ["source", "k", "exact", "value", "alpha", "beta"]
    static let badExpressions = ["sin(pi*x", "x +* 2", "frobnicate(x)", "w*x", "2^^x", ""]

    static func all(examples: [(name: String, document: JSONValue)]) -> [ProblemMutation] {
        examples.flatMap { mutations(of: $0.document, example: $0.name) }
    }

    static func mutations(of document: JSONValue, example: String) -> [ProblemMutation] {
        var result: [ProblemMutation] = []
        func add(
            _ what: String, _ kind: ProblemMutation.Kind, _ doc: JSONValue, path: String? = nil,
            suggestion: String? = nil
        ) {
            result.append(
                ProblemMutation(
                    example: example, what: what, kind: kind, text: doc.text, errorPath: path,
                    suggestion: suggestion))
        }
        for (path, value) in document.locations() {
            let location = JSONValue.jsonPath(path)
            guard let last = path.last else { continue }
            let parentKey: String? = path.dropLast().last.flatMap { if case .key(let k) = $0 { k } else { nil } }
            // An object keyed by free names, or one in a list of them (`initial[1].x`).
            let inFreeForm = freeFormObjects.contains(nearestKey(Array(path.dropLast())) ?? "")
            if case .key(let key) = last {
                add("delete \(location)", .deletion, document.setting(path, to: nil))
                if !inFreeForm, let typo = typo(of: key) {
                    let parent = Array(path.dropLast())
                    let typoPath = JSONValue.jsonPath(parent + [.key(typo)])
                    add(
                        "rename \(location) to \(typo)", .unknownKey,
                        document.renamingKey(at: parent, from: key, to: typo),
                        path: typoPath, suggestion: key.count >= 4 ? key : nil)
                }
            }
            switch value {
            case .string(let s):
                if case .key("file") = last, let parentKey, expressionKeys.contains(parentKey) {
                    for bad in ["../../pinn-elsewhere.nc", "/tmp/pinn-elsewhere.nc", "data/../../../pinn-elsewhere.nc"]
                    {
                        add(
                            "\(location) = \(bad)", .outsidePath, document.setting(path, to: .string(bad)),
                            path: location)
                    }
                }
                add(
                    "\(location) = {\"bogus\": 1}", .wrongType,
                    document.setting(path, to: .object(["bogus": .number(1)])), path: nil)
                if case .key(let key) = last, expressionKeys.contains(key) || parentKey == "rhs" || parentKey == "known"
                {
                    for bad in badExpressions where bad != s {
                        add(
                            "\(location) = \"\(bad)\"", .badExpression, document.setting(path, to: .string(bad)),
                            path: location)
                    }
                }
            case .number(let n):
                add("\(location) = [\(n)]", .wrongType, document.setting(path, to: .array([.number(n)])))
                add("\(location) = true", .wrongType, document.setting(path, to: .bool(true)))
                if n == n.rounded() {
                    add("\(location) = \(n + 0.5)", .fractional, document.setting(path, to: .number(n + 0.5)))
                }
                for bad in [-1.0, 0, 1e12, -1e300] where bad != n {
                    add("\(location) = \(bad)", .outOfRange, document.setting(path, to: .number(bad)))
                }
            case .bool:
                add("\(location) = \"yes\"", .wrongType, document.setting(path, to: .string("yes")))
            case .array, .object:
                if case .object = value, case .key(let key) = last, expressionKeys.contains(key) {
                    // Gridded data where an expression may stand: a string there is an expression.
                    add(
                        "\(location) = \"bogus\"", .badExpression, document.setting(path, to: .string("bogus")),
                        path: location)
                } else {
                    add("\(location) = \"bogus\"", .wrongType, document.setting(path, to: .string("bogus")))
                }
                if case .object = value, !inFreeForm, !freeFormObjects.contains(nearestKey(path) ?? "") {
                    let bogus = path + [.key("zzUnknownKey")]
                    add(
                        "add \(JSONValue.jsonPath(bogus))", .unknownKey, document.setting(bogus, to: .number(1)),
                        path: JSONValue.jsonPath(bogus))
                }
            case .null:
                break
            }
        }
        // The document as a whole.
        add(
            "add zzUnknownKey", .unknownKey, document.setting([.key("zzUnknownKey")], to: .number(1)),
            path: "zzUnknownKey")
        add("kind = poison", .unknownKey, document.setting([.key("kind")], to: .string("poison")), path: "kind")
        let text = document.text
        for fraction in [0.25, 0.5, 0.9] {
            let cut = String(text.prefix(Int(Double(text.count) * fraction)))
            result.append(
                ProblemMutation(
                    example: example, what: "truncated at \(Int(fraction * 100))%", kind: .notJSON,
                    text: cut, errorPath: nil, suggestion: nil))
        }
        for junk in ["", "[]", "null", "{\"kind\": \"poisson\"", "\u{FEFF}{}garbage"] {
            result.append(
                ProblemMutation(
                    example: example, what: "the text \(junk.debugDescription)", kind: .notJSON,
                    text: junk, errorPath: nil, suggestion: nil))
        }
        if document[[.key("kind")]] == .string("family") {
            // A family's files: the base problem (inside the project) and where meta-train writes.
            for bad in ["../../pinn-elsewhere.json", "/tmp/pinn-elsewhere.json", "data/../../../pinn-elsewhere.json"] {
                add("base = \(bad)", .outsidePath, document.setting([.key("base")], to: .string(bad)), path: "base")
            }
            for bad in ["/tmp/pinn-elsewhere.h5", "../../pinn-elsewhere.h5", "Outputs/../../pinn-elsewhere.h5"] {
                add(
                    "metaTraining.output = \(bad)", .outsidePath,
                    document.setting([.key("metaTraining"), .key("output")], to: .string(bad)),
                    path: "metaTraining.output")
            }
        } else {
            for bad in ["/tmp/pinn-elsewhere.h5", "../../pinn-elsewhere.h5", "Outputs/../../pinn-elsewhere.h5"] {
                add(
                    "output.path = \(bad)", .outsidePath,
                    document.setting([.key("output")], to: .object(["path": .string(bad)])),
                    path: "output.path")
            }
        }
        // Absurd sizes.
        if document[[.key("kind")]] != .string("ode") {
            let n = max(
                1,
                (document[[.key("reference"), .key("grid")]].flatMap {
                    if case .array(let a) = $0 { a.count } else { nil }
                }) ?? 2)
            add(
                "reference.grid = 100000 per axis", .outOfRange,
                document.setting(
                    [.key("reference")], to: .object(["grid": .array(Array(repeating: .number(100_000), count: n))])))
            add(
                "training.interiorPoints = 1e9", .outOfRange,
                document.setting([.key("training"), .key("interiorPoints")], to: .number(1e9)))
            add(
                "network.width = 4096, interiorPoints = 1e7", .outOfRange,
                document.setting([.key("network")], to: .object(["width": .number(4096), "depth": .number(64)]))
                    .setting([.key("training"), .key("interiorPoints")], to: .number(10_000_000)))
        }
        return result
    }

    /// The last key of `path` once trailing array indices are dropped (`initial` for `initial[1]`).
    private static func nearestKey(_ path: [JSONValue.Step]) -> String? {
        for step in path.reversed() {
            if case .key(let k) = step { return k }
        }
        return nil
    }

    /// A plausible misspelling of `key`: two adjacent letters swapped in the middle, or for short
    /// keys a letter doubled; nil when that would give the key itself.
    static func typo(of key: String) -> String? {
        var chars = Array(key)
        if chars.count >= 4 {
            let i = chars.count / 2 - 1
            guard chars[i] != chars[i + 1] else { chars.insert(chars[i], at: i); return String(chars) }
            chars.swapAt(i, i + 1)
        } else {
            guard let last = chars.last else { return nil }
            chars.append(last)
        }
        let result = String(chars)
        return result == key ? nil : result
    }
}
