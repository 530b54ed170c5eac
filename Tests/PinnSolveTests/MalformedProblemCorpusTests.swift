import Foundation
import PinnBinding
import PinnProblems
import PinnSolve
import PinnTestSupport
import XCTest

/// Hundreds of problem and family files made by mutating the examples (deleted keys, misspelt keys, wrong
/// types, bad expressions, out-of-range numbers, absurd sizes, paths outside the project, broken
/// JSON). Every one the decoder rejects must give one `ProblemError` that names the file and the
/// JSON path; the schema must never reject a file the decoder accepts, and must reject the
/// structural mistakes too; and `pinn validate` and `pinn solve` must exit 1 and write nothing.
final class MalformedProblemCorpusTests: XCTestCase {
    struct Verdict {
        var mutation: ProblemMutation
        var error: ProblemError?
    }

    static func corpus() throws -> [ProblemMutation] {
        let examples = try (ExampleProblems.allPaths() + ExampleProblems.familyPaths()).map { path in
            ((path as NSString).lastPathComponent, try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path))))
        }
        return ProblemMutations.all(examples: examples)
    }

    static func decode(_ mutations: [ProblemMutation]) -> [Verdict] {
        mutations.map { m in
            do {
                // As the example's own path, so that the mesh a mesh domain or the base problem a
                // family names is found and read.
                let path = ExampleProblems.path(m.example)
                if ProblemFamily.isFamily(try Data(contentsOf: URL(fileURLWithPath: path))) {
                    _ = try ProblemFamily.decode(Data(m.text.utf8), file: path)
                } else {
                    _ = try ProblemDocument.decode(m.text, file: path, readMesh: readMeshOutline)
                }
                return Verdict(mutation: m, error: nil)
            } catch let error as ProblemError {
                return Verdict(mutation: m, error: error)
            } catch {
                return Verdict(mutation: m, error: ProblemError(path: "(not a ProblemError)", message: "\(error)"))
            }
        }
    }

    func testTheDecoderRejectsEveryMistakeWithAClearError() throws {
        let verdicts = Self.decode(try Self.corpus())
        let rejected = verdicts.filter { $0.error != nil }
        print("corpus: \(verdicts.count) mutations, \(rejected.count) rejected by the decoder")
        XCTAssertGreaterThanOrEqual(rejected.count, 200)
        for v in verdicts {
            let m = v.mutation
            switch m.kind {
            case .unknownKey, .wrongType, .badExpression, .outsidePath, .notJSON:
                XCTAssertNotNil(v.error, "\(m.example): \(m.what) was accepted")
            case .fractional, .deletion, .outOfRange:
                break
            }
            guard let error = v.error else { continue }
            XCTAssertEqual(error.file, ExampleProblems.path(m.example), "\(m.example): \(m.what)")
            XCTAssertFalse(error.message.isEmpty, "\(m.example): \(m.what)")
            // One line, except an expression error's caret lines under its first.
            XCTAssertFalse(
                error.description.contains("\n") && !error.message.contains("invalid expression"),
                "\(m.example): \(m.what): more than one line: \(error)")
            if let path = m.errorPath {
                XCTAssertEqual(error.path, path, "\(m.example): \(m.what): \(error)")
            }
            if let suggestion = m.suggestion {
                XCTAssertTrue(
                    error.message.contains("did you mean '\(suggestion)'"), "\(m.example): \(m.what): \(error)")
            }
        }
    }

    func testTheSchemaAgreesWithTheDecoder() throws {
        try SchemaChecker.requireJSONSchema()
        let verdicts = Self.decode(try Self.corpus()).filter { $0.mutation.kind != .notJSON }
        let valid = try SchemaChecker.validate(verdicts.map(\.mutation.text))
        XCTAssertEqual(valid.count, verdicts.count)
        var counts: [String: Int] = [:]
        for (v, schemaValid) in zip(verdicts, valid) {
            let m = v.mutation, decoderValid = v.error == nil
            counts[
                "\(m.kind.rawValue) decoder \(decoderValid ? "accepts" : "rejects"), schema \(schemaValid ? "accepts" : "rejects")",
                default: 0] += 1
            // The schema is never stricter than the decoder.
            if decoderValid {
                XCTAssertTrue(schemaValid, "\(m.example): \(m.what): the decoder accepts it but the schema does not")
            }
            switch m.kind {
            case .unknownKey, .wrongType:
                XCTAssertFalse(
                    schemaValid,
                    "\(m.example): \(m.what): the schema accepts it (decoder: \(v.error?.description ?? "accepts"))")
            case .fractional where v.error?.message.contains("integer") ?? true:
                XCTAssertEqual(
                    schemaValid, decoderValid, "\(m.example): \(m.what): decoder: \(v.error?.description ?? "accepts")")
            default:
                break
            }
        }
        for (key, n) in counts.sorted(by: { $0.key < $1.key }) { print("schema vs decoder: \(key): \(n)") }
    }

    /// Runs `pinn validate` on every rejected file at once, and `pinn solve` on a sample of them:
    /// exit status 1, an error naming the file, nothing written.
    func testTheCommandLineRejectsThemAndWritesNothing() throws {
        let executable = TestPaths.pinn
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: executable.path), "pinn is not built at \(executable.path)")
        let rejected = Self.decode(try Self.corpus()).filter { $0.error != nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-corpus-\(UUID().uuidString)")
        let inputs = dir.appendingPathComponent("in"), outputs = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (i, v) in rejected.enumerated() {
            let file = inputs.appendingPathComponent(String(format: "m%04d.json", i))
            try Data(v.mutation.text.utf8).write(to: file)
            files.append(file.path)
        }

        let all = try ProcessRun.run(executable, ["validate"] + files)
        XCTAssertEqual(all.status, 1)
        for file in files {
            XCTAssertTrue(all.stderr.contains(file + ":"), "pinn validate said nothing about \(file)")
        }

        let sample = stride(from: 0, to: files.count, by: max(1, files.count / 60)).map { files[$0] }
        for file in sample {
            let run = try ProcessRun.run(
                executable, ["solve", file, "--output", outputs.appendingPathComponent("r.h5").path])
            XCTAssertEqual(run.status, 1, "\(file): \(run.stderr)")
            XCTAssertTrue(
                run.stderr.split(separator: "\n").first?.contains(file + ":") ?? false, "\(file): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", file)
        }
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: outputs.path), [], "pinn solve wrote something")
    }
}
