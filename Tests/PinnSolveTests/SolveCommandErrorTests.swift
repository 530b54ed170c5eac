import XCTest

/// Runs the built `pinn` executable on problem files with one mistake each: every run must exit
/// with status 1, print one error that names the file and the JSON path, and write nothing.
final class SolveCommandErrorTests: XCTestCase {
    /// The `pinn` executable built beside this test bundle.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("pinn")
    }

    func run(_ arguments: [String]) throws -> ProcessRun {
        try ProcessRun.run(Self.executable, arguments)
    }

    let valid = #"""
    {"name": "case", "kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]},
     "source": "2*pi^2*sin(pi*x)*sin(pi*y)", "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}]}
    """#

    /// (what is wrong, JSON text, JSON path the error must name, a phrase it must contain).
    var mistakes: [(String, String, String, String)] {
        [
            ("unknown kind", valid.replacingOccurrences(of: #""kind": "poisson""#, with: #""kind": "poison""#),
             "kind", "did you mean 'poisson'"),
            ("typo in an expression", valid.replacingOccurrences(of: "sin(pi*x)*sin", with: "sin(pi*x))*sin"),
             "source", "column"),
            ("missing boundary condition",
             valid.replacingOccurrences(of: #"[{"on": "all", "type": "dirichlet", "value": "0"}]"#,
                                        with: #"[{"on": "left", "type": "dirichlet", "value": "0"}, {"on": "top", "type": "neumann", "value": "0"}]"#),
             "boundary", "right"),
            ("wrong dimension", valid.replacingOccurrences(of: #""kind": "poisson","#, with: #""kind": "poisson", "dimension": 3,"#),
             "dimension", "2-D"),
            ("unknown variable", valid.replacingOccurrences(of: "sin(pi*x)*sin(pi*y)", with: "sin(pi*x)*sin(pi*z)"),
             "source", "z"),
            ("not JSON", "{\"kind\": \"poisson\", ", "", "JSON"),
        ]
    }

    func testEachMistakeGivesOneClearErrorAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.executable.path),
                      "pinn is not built at \(Self.executable.path)")

        for (what, json, path, phrase) in mistakes {
            XCTAssertNotEqual(json, valid, "the mistake '\(what)' did not change the file")
            let file = dir.appendingPathComponent("problem.json")
            try Data(json.utf8).write(to: file)
            let output = dir.appendingPathComponent("out/result.h5")
            let result = try run(["solve", file.path, "--output", output.path])
            XCTAssertEqual(result.status, 1, what)
            // One error: a single line, for an expression followed by indented lines that show the
            // text with a caret under the column and the names allowed.
            let lines = result.stderr.split(separator: "\n")
            XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("  ") }, "\(what): \(result.stderr)")
            XCTAssertTrue(lines.first?.contains("\(file.path): \(path.isEmpty ? "" : path + ":")") ?? false, "\(what): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(phrase), "\(what): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", what)
            let written = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            XCTAssertEqual(written, ["problem.json"], "\(what) left files behind")
        }
    }

    func testValidateAcceptsEveryExampleAndRejectsAMistake() throws {
        let examples = try ExampleProblems.allPaths() + ExampleProblems.familyPaths()
        XCTAssertGreaterThanOrEqual(try ExampleProblems.familyPaths().count, 2)
        let good = try run(["validate"] + examples)
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertEqual(good.stdout.split(separator: "\n").count, examples.count)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.json")
        try Data(valid.replacingOccurrences(of: #""type": "dirichlet""#, with: #""type": "dirichet""#).utf8).write(to: bad)
        let result = try run(["validate", examples[0], bad.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("\(bad.path): boundary[0].type: unknown boundary condition 'dirichet'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean 'dirichlet'"), result.stderr)
    }

    func testMissingFileIsReported() throws {
        let result = try run(["solve", "/nonexistent/problem.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("/nonexistent/problem.json"), result.stderr)
    }
}
