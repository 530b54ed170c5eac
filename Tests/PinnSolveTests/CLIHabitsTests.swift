import Foundation
import PinnBinding
import PinnIO
import PinnProblems
import PinnSolve
import PinnTestSupport
import XCTest

/// `pinn --version` and `pinn new`, run as child processes of the `pinn` built beside this test bundle.
final class CLIHabitsTests: XCTestCase {
    /// The examples `pinn new` must offer at least.
    static let requiredExamples = ["poisson", "helmholtz", "poisson-3d", "poisson-mesh", "ode"]

    func run(_ arguments: [String]) throws -> ProcessRun {
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: TestPaths.pinn.path),
            "pinn is not built at \(TestPaths.pinn.path)")
        return try ProcessRun.run(TestPaths.pinn, arguments)
    }

    func testVersionPrintsTheConstant() throws {
        let version = PinnVersion.current
        XCTAssertNotNil(version.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+/), version)
        let result = try run(["--version"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "pinn \(version)\n")
    }

    /// The names `pinn new --list` prints (the first word of each line).
    func listedExamples() throws -> [String] {
        let result = try run(["new", "--list"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    /// Every example `pinn new` prints is a valid problem: it decodes and binds as `pinn solve`
    /// would before training, passes `pinn validate`, and conforms to Problems/schema. The files
    /// are saved in a Problems/ folder beside a copy of Meshes/, as the help tells users to.
    func testEveryExampleDecodesValidatesAndMatchesTheSchema() throws {
        let names = try listedExamples()
        XCTAssertTrue(Set(Self.requiredExamples).isSubset(of: names), "pinn new --list: \(names)")
        XCTAssertEqual(Set(names).count, names.count, "duplicate names: \(names)")

        let project = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-new-\(UUID().uuidString)")
        let problems = project.appendingPathComponent("Problems")
        try FileManager.default.createDirectory(at: problems, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.copyItem(
            at: SchemaChecker.repository.appendingPathComponent("Meshes"),
            to: project.appendingPathComponent("Meshes"))

        var texts: [String] = [], paths: [String] = []
        for name in names {
            let result = try run(["new", name])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", name)
            XCTAssertTrue(result.stdout.hasSuffix("}\n"), "\(name) does not end with a newline")
            let path = problems.appendingPathComponent("\(name).json").path
            try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: path))
            switch try ProblemDocument.load(contentsOf: path, readMesh: readMeshOutline) {
            case .pde(let file):
                XCTAssertNoThrow(try BoundProblem(file), name)
            case .ode(let file):
                XCTAssertFalse(file.states.isEmpty, name)
            }
            texts.append(result.stdout)
            paths.append(path)
        }

        let validate = try run(["validate"] + paths)
        XCTAssertEqual(validate.status, 0, validate.stderr)
        XCTAssertEqual(validate.stdout.split(separator: "\n").count, paths.count, validate.stdout)

        try SchemaChecker.requireJSONSchema()
        XCTAssertEqual(try SchemaChecker.validate(texts), Array(repeating: true, count: texts.count), "\(names)")
    }

    func testUnknownExampleFailsAndNamesTheExamples() throws {
        let result = try run(["new", "nosuch"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("unknown example 'nosuch'"), result.stderr)
        let names = try listedExamples()
        XCTAssertGreaterThanOrEqual(names.count, Self.requiredExamples.count)
        let listing = "expected " + names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        XCTAssertTrue(result.stderr.contains(listing), "no '\(listing)' in: \(result.stderr)")
        let typo = try run(["new", "poison"])
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertTrue(typo.stderr.contains("did you mean 'poisson'"), typo.stderr)
    }
}
