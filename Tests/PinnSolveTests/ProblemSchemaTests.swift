import Foundation
import PinnBinding
import PinnProblems
import PinnSolve
import XCTest

/// Problems/schema/problem.schema.json against the decoder: every example (problems and families)
/// is valid under both, and at every object of every example the schema allows exactly the keys the
/// decoder knows.
final class ProblemSchemaTests: XCTestCase {
    func testEveryExampleIsValidUnderTheSchema() throws {
        try SchemaChecker.requireJSONSchema()
        let paths = try ExampleProblems.allPaths() + ExampleProblems.familyPaths()
        XCTAssertGreaterThan(paths.count, 10)
        XCTAssertGreaterThanOrEqual(try ExampleProblems.familyPaths().count, 2)
        let texts = try paths.map { String(decoding: try Data(contentsOf: URL(fileURLWithPath: $0)), as: UTF8.self) }
        for (path, valid) in zip(paths, try SchemaChecker.validate(texts)) {
            XCTAssertTrue(valid, "\(path) is not valid under the schema (run scripts/check_schema.py \(path))")
        }
    }

    /// At each object of each example (except the free-form ones: parameters, states, metrics), adds
    /// each candidate key (every property name the schema mentions, and a made-up one) and asks the
    /// decoder and the schema whether it is an unknown key. They must agree on every one.
    func testSchemaAndDecoderKnowTheSameKeysEverywhere() throws {
        try SchemaChecker.requireJSONSchema()
        let schema = try JSONValue.parse(
            Data(contentsOf: ExampleProblems.directory.appendingPathComponent("schema/problem.schema.json")))
        var candidates = Set<String>(["zzUnknownKey"])
        for (path, value) in schema.locations() {
            if case .key("properties")? = path.last, case .object(let properties) = value {
                candidates.formUnion(properties.keys)
            }
        }
        let names = candidates.sorted()

        var jobs: [(document: String, pointer: String, names: [String])] = []
        var decoderAllowed: [[String]] = []
        var labels: [String] = []
        for path in try ExampleProblems.allPaths() + ExampleProblems.familyPaths() {
            let document = try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
            for (at, value) in document.locations() {
                guard case .object = value else { continue }
                if case .key(let k)? = at.last, ProblemMutations.freeFormObjects.contains(k) { continue }
                var allowed: [String] = []
                for name in names
                where !isUnknownKey(document.setting(at + [.key(name)], to: .null), file: path, at: at, name: name) {
                    allowed.append(name)
                }
                jobs.append((document.text, JSONValue.pointer(at), names))
                decoderAllowed.append(allowed)
                labels.append("\((path as NSString).lastPathComponent) at '\(JSONValue.jsonPath(at))'")
            }
        }
        XCTAssertGreaterThan(jobs.count, 50)
        let schemaAllowed = try SchemaChecker.allowedKeys(jobs)
        for (label, (decoder, schema)) in zip(labels, zip(decoderAllowed, schemaAllowed)) {
            XCTAssertEqual(
                Set(schema), Set(decoder),
                "\(label): only the schema allows \(Set(schema).subtracting(decoder).sorted()), "
                    + "only the decoder \(Set(decoder).subtracting(schema).sorted())")
        }
    }

    /// Whether decoding `document` (as the problem or family file `file`, so that a mesh or base
    /// problem it names is found) fails on `name` as an unknown key of the object at `at`.
    private func isUnknownKey(_ document: JSONValue, file: String, at: [JSONValue.Step], name: String) -> Bool {
        do {
            if ProblemFamily.isFamily(Data(document.text.utf8)) {
                _ = try ProblemFamily.decode(Data(document.text.utf8), file: file)
            } else {
                _ = try ProblemDocument.decode(document.text, file: file, readMesh: readMeshOutline)
            }
            return false
        } catch {
            return error.path == JSONValue.jsonPath(at + [.key(name)])
                && error.message.hasPrefix("unknown key '\(name)'")
        }
    }
}
