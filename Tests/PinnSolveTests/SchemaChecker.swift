import Foundation
import PinnTestSupport
import XCTest

/// Runs scripts/check_schema.py (Python's jsonschema, Debian python3-jsonschema) on documents.
enum SchemaChecker {
    static let repository = TestPaths.repository
    static let script = repository.appendingPathComponent("scripts/check_schema.py")
    static let python = URL(fileURLWithPath: "/usr/bin/python3")

    /// Fails the test (with what to install) when Python's jsonschema is not available.
    static func requireJSONSchema() throws {
        let probe = try ProcessRun.run(python, ["-c", "import jsonschema"])
        guard probe.status == 0 else {
            XCTFail("python3-jsonschema is missing: run scripts/setup.sh (\(probe.stderr))")
            throw XCTSkip("python3-jsonschema is missing")
        }
    }

    /// Whether each document is valid against the schema.
    static func validate(_ texts: [String]) throws -> [Bool] {
        let input = "[" + texts.joined(separator: ",") + "]"
        return try run(["--batch"], input: input, as: [Bool].self)
    }

    /// For each job, which of its names the schema allows as keys of the object at the pointer.
    static func allowedKeys(_ jobs: [(document: String, pointer: String, names: [String])]) throws -> [[String]] {
        let input =
            "["
            + jobs.map { job in
                let names = String(decoding: try! JSONEncoder().encode(job.names), as: UTF8.self)
                let pointer = String(decoding: try! JSONEncoder().encode(job.pointer), as: UTF8.self)
                return "{\"document\": \(job.document), \"at\": \(pointer), \"names\": \(names)}"
            }.joined(separator: ",") + "]"
        return try run(["--probe"], input: input, as: [[String]].self)
    }

    private static func run<T: Decodable>(_ arguments: [String], input: String, as type: T.Type) throws -> T {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pinn-schema-\(UUID().uuidString).json")
        try Data(input.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try ProcessRun.run(python, [script.path] + arguments, input: file)
        guard run.status == 0 else {
            throw NSError(
                domain: "SchemaChecker", code: Int(run.status), userInfo: [NSLocalizedDescriptionKey: run.stderr])
        }
        let data = Data(run.stdout.utf8)
        return try JSONDecoder().decode(T.self, from: data)
    }
}
