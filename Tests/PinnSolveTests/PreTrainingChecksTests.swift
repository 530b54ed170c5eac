import Foundation
import PinnTestSupport
import XCTest

/// Every failure after training that can be known in advance is refused before training, by
/// `pinn validate` and by `pinn solve`, with one error naming the problem file and the JSON path,
/// and nothing written.
final class PreTrainingChecksTests: XCTestCase {
    var temporary: TemporaryDirectory!
    var directory: String { temporary.path }

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("pre-training")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: TestPaths.pinn.path))
    }

    override func tearDown() {
        temporary.remove()
    }

    let poisson = #"""
        {"name": "case", "kind": "poisson", "domain": {"type": "interval", "lower": 0, "upper": 1},
         "source": "1", "boundary": [{"on": "all", "type": "dirichlet", "value": "0"}],
         "network": {"width": 8, "depth": 1},
         "training": {"phases": [{"adam": 20}], "interiorPoints": 32, "boundaryPoints": 2},
         "reference": {"refinement": 1}OUTPUT}
        """#

    let decay = #"""
        {"name": "decay", "kind": "ode", "states": ["u"], "rhs": ["-u"], "initial": [1], "span": [0, 1],
         "model": {"type": "neuralODE", "width": 4, "depth": 1}, "training": {"steps": 5}SOLVEROUTPUT}
        """#

    /// (what, problem JSON, JSON path the error names, a phrase it contains). Output paths are
    /// relative to the run's folder, which holds `folder/` and the file `file`.
    var cases: [(String, String, String, String)] {
        [
            (
                "the output path is a folder",
                poisson.replacingOccurrences(of: "OUTPUT", with: #", "output": {"path": "folder"}"#),
                "output.path", "folder is a folder, not a file"
            ),
            (
                "the output path lies under a file",
                poisson.replacingOccurrences(of: "OUTPUT", with: #", "output": {"path": "file/r.h5"}"#),
                "output.path", "file is a file"
            ),
            (
                "a reference refinement beyond the reference's budget",
                poisson.replacingOccurrences(of: #""refinement": 1"#, with: #""grid": [129, 129], "refinement": 32"#)
                    .replacingOccurrences(
                        of: #"{"type": "interval", "lower": 0, "upper": 1}"#,
                        with: #"{"type": "rectangle", "lower": [0, 0], "upper": [1, 1]}"#
                    ).replacingOccurrences(of: "OUTPUT", with: ""),
                "reference.refinement", "more than the reference's budget"
            ),
            (
                "netCDF output for an ODE",
                decay.replacingOccurrences(of: "SOLVER", with: "").replacingOccurrences(
                    of: "OUTPUT", with: #", "output": {"path": "decay.nc"}"#),
                "output.path", "an ODE result is written as HDF5"
            ),
            (
                "the auto method for a neuralODE model",
                decay.replacingOccurrences(of: "SOLVER", with: #", "solver": {"method": "auto"}"#)
                    .replacingOccurrences(of: "OUTPUT", with: ""),
                "solver.method", "auto serves the reference"
            )
        ]
    }

    func testValidateAndSolveRefuseBeforeTrainingWhatWouldFailAfterIt() throws {
        try FileManager.default.createDirectory(atPath: temporary.file("folder"), withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: temporary.file("file")))
        let before = try temporary.contents()
        for (what, json, path, phrase) in cases {
            let file = temporary.file("problem.json")
            try json.write(toFile: file, atomically: true, encoding: .utf8)
            let validated = try ProcessRun.run(TestPaths.pinn, ["validate", file], directory: directory)
            XCTAssertEqual(validated.status, 1, "\(what): \(validated.stdout)")
            XCTAssertTrue(validated.stderr.hasPrefix("\(file): \(path): "), "\(what): \(validated.stderr)")
            XCTAssertTrue(validated.stderr.contains(phrase), "\(what): \(validated.stderr)")
            XCTAssertEqual(validated.stderr.split(separator: "\n").count, 1, "\(what): \(validated.stderr)")

            let solved = try ProcessRun.run(TestPaths.pinn, ["solve", file, "--force"], directory: directory)
            XCTAssertEqual(solved.status, 1, "\(what): \(solved.stderr)")
            XCTAssertTrue(solved.stderr.hasPrefix("Error: \(file): \(path): "), "\(what): \(solved.stderr)")
            XCTAssertTrue(solved.stderr.contains(phrase), "\(what): \(solved.stderr)")
            XCTAssertEqual(solved.stdout, "", what)
            XCTAssertEqual(try temporary.contents(), (before + ["problem.json"]).sorted(), "\(what) wrote something")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: temporary.file("folder")), [], what)
        }
    }

    /// `--output` naming a folder is refused before training even with --force, naming the option.
    func testAnOutputFolderIsRefusedBeforeTraining() throws {
        let file = temporary.file("problem.json")
        try poisson.replacingOccurrences(of: "OUTPUT", with: "").write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: temporary.file("out.h5"), withIntermediateDirectories: true)
        let result = try ProcessRun.run(TestPaths.pinn, ["solve", file, "-o", temporary.file("out.h5"), "--force"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(
            result.stderr,
            "Error: \(file): --output: cannot write \(temporary.file("out.h5")): \(temporary.file("out.h5")) is a "
                + "folder, not a file\n")
        XCTAssertEqual(try temporary.contents(), ["out.h5", "problem.json"])
    }
}
