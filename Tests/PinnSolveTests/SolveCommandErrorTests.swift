import PinnTestSupport
import XCTest

/// Runs the built `pinn` executable on problem files with one mistake each: every run must exit
/// with status 1, print one error that names the file and the JSON path, and write nothing.
final class SolveCommandErrorTests: XCTestCase {
    func run(_ arguments: [String]) throws -> ProcessRun {
        try ProcessRun.run(TestPaths.pinn, arguments)
    }

    let valid = #"""
        {"name": "case", "kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]},
         "source": "2*pi^2*sin(pi*x)*sin(pi*y)", "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}]}
        """#

    /// (what is wrong, JSON text, JSON path the error must name, a phrase it must contain).
    var mistakes: [(String, String, String, String)] {
        [
            (
                "unknown kind", valid.replacingOccurrences(of: #""kind": "poisson""#, with: #""kind": "poison""#),
                "kind", "did you mean 'poisson'"
            ),
            (
                "typo in an expression", valid.replacingOccurrences(of: "sin(pi*x)*sin", with: "sin(pi*x))*sin"),
                "source", "column"
            ),
            (
                "missing boundary condition",
                valid.replacingOccurrences(
                    of: #"[{"on": "all", "type": "dirichlet", "value": "0"}]"#,
                    with:
                        #"[{"on": "left", "type": "dirichlet", "value": "0"}, {"on": "top", "type": "neumann", "value": "0"}]"#
                ),
                "boundary", "right"
            ),
            (
                "wrong dimension",
                valid.replacingOccurrences(of: #""kind": "poisson","#, with: #""kind": "poisson", "dimension": 3,"#),
                "dimension", "2-D"
            ),
            (
                "unknown variable", valid.replacingOccurrences(of: "sin(pi*x)*sin(pi*y)", with: "sin(pi*x)*sin(pi*z)"),
                "source", "z"
            ),
            ("not JSON", "{\"kind\": \"poisson\", ", "", "JSON")
        ]
    }

    func testEachMistakeGivesOneClearErrorAndWritesNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: TestPaths.pinn.path),
            "pinn is not built at \(TestPaths.pinn.path)")

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
            XCTAssertTrue(
                lines.first?.contains("\(file.path): \(path.isEmpty ? "" : path + ":")") ?? false,
                "\(what): \(result.stderr)")
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
        try Data(valid.replacingOccurrences(of: #""type": "dirichlet""#, with: #""type": "dirichet""#).utf8).write(
            to: bad)
        let result = try run(["validate", examples[0], bad.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(
            result.stderr.hasPrefix("\(bad.path): boundary[0].type: unknown boundary condition 'dirichet'"),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("did you mean 'dirichlet'"), result.stderr)
    }

    /// Mistakes in a mesh domain, each in a fresh project folder (Problems/, Meshes/): one line on
    /// standard error naming the problem file, the JSON path and, for a malformed mesh, the mesh
    /// file and line; status 1; nothing written.
    func testMeshMistakesGiveOneClearErrorAndWriteNothing() throws {
        let lshape = try String(
            contentsOfFile: ExampleProblems.directory.deletingLastPathComponent()
                .appendingPathComponent("Meshes/lshape.msh").path, encoding: .utf8)
        let lines = lshape.components(separatedBy: "\n")
        // The first element block of triangles ("2 <entity> 2 <count>" after $Elements) becomes quadrangles.
        let elements = try XCTUnwrap(lines.firstIndex(of: "$Elements"))
        let block = try XCTUnwrap(
            lines.indices.first {
                $0 > elements + 1 && lines[$0].split(separator: " ").count == 4
                    && lines[$0].split(separator: " ")[0] == "2" && lines[$0].split(separator: " ")[2] == "2"
            })
        var quadrangles = lines
        let header = quadrangles[block].split(separator: " ")
        quadrangles[block] = [header[0], header[1], "3", header[3]].joined(separator: " ")
        let truncated = lines.prefix(elements + 6).joined(separator: "\n") + "\n"

        let valid = #"""
            {"name": "mesh_case", "kind": "poisson", "domain": {"type": "mesh", "file": "../Meshes/m.msh"}, "source": "1",
             "boundary": [{"on": "outer", "value": "0"}, {"on": "reentrant", "type": "neumann", "value": "0"}],
             "training": {"adamSteps": 2, "lbfgsIterations": 0, "interiorPoints": 16, "boundaryPoints": 8}}
            """#
        // (what, mesh text, problem JSON, extra arguments, phrases the error must contain)
        let cases: [(String, String, String, [String], [String])] = [
            ("truncated mesh", truncated, valid, [], ["domain.file:", "m.msh:\(elements + 6): unexpected end of file"]),
            (
                "unknown element type", quadrangles.joined(separator: "\n"), valid, [],
                ["domain.file:", "m.msh:\(block + 1): element type 3 (4-node quadrangle) is not supported"]
            ),
            (
                "missing physical group", lshape,
                valid.replacingOccurrences(of: #""on": "outer""#, with: #""on": "outr""#), [],
                [
                    "boundary[0].on: mesh ../Meshes/m.msh has no physical group 'outr' (its boundary groups: outer, reentrant; did you mean 'outer'?)"
                ]
            ),
            (
                "uncovered physical group", lshape,
                valid.replacingOccurrences(of: #", {"on": "reentrant", "type": "neumann", "value": "0"}"#, with: ""),
                [],
                ["boundary: no boundary condition on the physical group reentrant of mesh ../Meshes/m.msh"]
            ),
            (
                "mesh outside the project", lshape,
                valid.replacingOccurrences(of: "../Meshes/m.msh", with: "../../m.msh"), [],
                ["domain.file: the mesh '../../m.msh' resolves to", "outside the project folder"]
            ),
            ("netcdf for a mesh", lshape, valid, ["--format", "netcdf"], ["netCDF output is for gridded results"])
        ]
        for (what, meshText, json, extra, phrases) in cases {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pinn-mesh-cli-\(UUID().uuidString)")
            let project = dir.appendingPathComponent("project")
            for folder in ["Problems", "Meshes"] {
                try FileManager.default.createDirectory(
                    at: project.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            defer { try? FileManager.default.removeItem(at: dir) }
            try Data(meshText.utf8).write(to: project.appendingPathComponent("Meshes/m.msh"))
            try Data(meshText.utf8).write(to: dir.appendingPathComponent("m.msh"))
            let file = project.appendingPathComponent("Problems/p.json")
            try Data(json.utf8).write(to: file)
            let output = project.appendingPathComponent("Outputs/result.h5")
            let result = try run(["solve", file.path, "--output", output.path] + extra)
            XCTAssertEqual(result.status, 1, "\(what): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(what): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("Error: \(file.path): "), "\(what): \(result.stderr)")
            for phrase in phrases {
                XCTAssertTrue(result.stderr.contains(phrase), "\(what): '\(phrase)' not in \(result.stderr)")
            }
            XCTAssertEqual(result.stdout, "", what)
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: project.appendingPathComponent("Outputs").path),
                "\(what) wrote output")
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("Meshes").path),
                ["m.msh"])
            XCTAssertEqual(
                try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("Problems").path),
                ["p.json"])
        }
    }

    func testMissingFileIsReported() throws {
        let result = try run(["solve", "/nonexistent/problem.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("/nonexistent/problem.json"), result.stderr)
    }
}
