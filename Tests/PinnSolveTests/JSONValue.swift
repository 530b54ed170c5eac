import Foundation

/// A JSON document as a value, for building mutated problem files in tests.
indirect enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// One step of a path into a document.
    enum Step: Equatable, CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case .key(let k): k
            case .index(let i): "[\(i)]"
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// The document as JSON text with sorted keys (so a mutated file reads the same every run).
    var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Every value in the document with its path, parents before children (the root first).
    func locations(_ prefix: [Step] = []) -> [(path: [Step], value: JSONValue)] {
        var result = [(prefix, self)]
        switch self {
        case .array(let a):
            for (i, v) in a.enumerated() { result += v.locations(prefix + [.index(i)]) }
        case .object(let o):
            for k in o.keys.sorted() { result += o[k]!.locations(prefix + [.key(k)]) }
        default: break
        }
        return result
    }

    /// The value at `path`.
    subscript(path: [Step]) -> JSONValue? {
        guard let first = path.first else { return self }
        switch (self, first) {
        case (.object(let o), .key(let k)): return o[k]?[Array(path.dropFirst())]
        case (.array(let a), .index(let i)) where a.indices.contains(i): return a[i][Array(path.dropFirst())]
        default: return nil
        }
    }

    /// The document with the value at `path` replaced by `value`, or removed when `value` is nil
    /// (a key from its object, an element from its array).
    func setting(_ path: [Step], to value: JSONValue?) -> JSONValue {
        guard let first = path.first else { return value ?? .null }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var o), .key(let k)):
            if rest.isEmpty { o[k] = value } else if let child = o[k] { o[k] = child.setting(rest, to: value) }
            return .object(o)
        case (.array(var a), .index(let i)) where a.indices.contains(i):
            if rest.isEmpty {
                if let value { a[i] = value } else { a.remove(at: i) }
            } else {
                a[i] = a[i].setting(rest, to: value)
            }
            return .array(a)
        default:
            return self
        }
    }

    /// The document with the key `old` of the object at `path` renamed to `new`.
    func renamingKey(at path: [Step], from old: String, to new: String) -> JSONValue {
        guard case .object(var o)? = self[path], let value = o.removeValue(forKey: old) else { return self }
        o[new] = value
        return setting(path, to: .object(o))
    }

    /// `path` as a problem-error JSON path: `boundary[0].value`.
    static func jsonPath(_ path: [Step]) -> String {
        var result = ""
        for step in path {
            switch step {
            case .key(let k): result += result.isEmpty ? k : "." + k
            case .index(let i): result += "[\(i)]"
            }
        }
        return result
    }

    /// `path` as a JSON pointer: `/boundary/0/value`.
    static func pointer(_ path: [Step]) -> String {
        path.map { step in
            switch step {
            case .key(let k):
                "/" + k.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            case .index(let i): "/\(i)"
            }
        }.joined()
    }
}
