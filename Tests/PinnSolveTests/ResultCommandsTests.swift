import Foundation
import PinnBinding
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import XCTest

/// `pinn inspect`, `pinn eval` and `pinn plot` as a user runs them: output, exit status, and
/// nothing written on bad input.
final class ResultCommandsTests: XCTestCase {
    private var temporary: TemporaryDirectory!
    private var directory: String { temporary.path }
    private var result = ""

    override func setUpWithError() throws {
        temporary = try TemporaryDirectory("commands")
        var solved = try SolvePipeline<Double>(problem: BoundProblem(ProblemFile.decode(StoredResultTests.lshape)))
            .solve()
        solved.problemJSON = StoredResultTests.lshape
        result = directory + "/ell.h5"
        try solved.write(to: result)
    }

    override func tearDown() {
        temporary.remove()
    }

    private func pinn(_ arguments: String...) throws -> ProcessRun {
        try ProcessRun.run(TestPaths.pinn, arguments)
    }

    private func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    func testInspectPrintsTheProblemSettingsMetricsAndDatasets() throws {
        let text = try pinn("inspect", result)
        XCTAssertEqual(text.status, 0, text.stderr)
        for phrase in [
            "name                  ell", "kind                  poisson", "domain                polygon",
            "kind siren", "width 8", "adamSteps 20", "precision             f64", "relative_l2_vs_reference",
            "/fields/u", "float64  [21, 21]"
        ] {
            XCTAssertTrue(text.stdout.contains(phrase), "missing '\(phrase)' in\n\(text.stdout)")
        }
        let json = try pinn("inspect", "--json", result)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((object["problem"] as? [String: Any])?["name"] as? String, "ell")
        let settings = try XCTUnwrap(object["settings"] as? [String: Any])
        XCTAssertEqual((settings["network"] as? [String: Any])?["width"] as? Int, 8)
        XCTAssertEqual((settings["training"] as? [String: Any])?["adamSteps"] as? Int, 20)
        XCTAssertNotNil((object["metrics"] as? [String: Any])?["relative_l2_vs_reference"] as? Double)
        let datasets = try XCTUnwrap(object["datasets"] as? [[String: Any]])
        let u = try XCTUnwrap(datasets.first { $0["path"] as? String == "/fields/u" })
        XCTAssertEqual(u["shape"] as? [Int], [21, 21])
    }

    func testEvalOnTheStoredGridReportsNoDifference() throws {
        let run = try pinn("eval", result)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("max |u - stored u| = 0.000e+00"), run.stdout)
        XCTAssertEqual(try files(), ["ell.h5", "ell.xdmf", "ell_eval.h5", "ell_eval.xdmf"])
        let fine = try pinn("eval", result, "--grid", "64x48", "--output", directory + "/fine.h5")
        XCTAssertEqual(fine.status, 0, fine.stderr)
        guard case .pde(let back) = try StoredResult.read(from: directory + "/fine.h5") else {
            return XCTFail("not a PDE result")
        }
        XCTAssertEqual(try XCTUnwrap(back.grid).counts, [64, 48])
    }

    func testEvalAtCSVPoints() throws {
        let points = directory + "/points.csv"
        try "x,y\n# a comment\n-0.5,-0.5\n0.5,0.5\n".write(toFile: points, atomically: true, encoding: .utf8)
        let run = try pinn("eval", result, "--points", points, "-o", directory + "/at.csv")
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = try String(contentsOfFile: directory + "/at.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[2].hasPrefix("0.5,0.5,nan"))
    }

    /// Bad arguments: one clear line on stderr, status 1, no file written.
    func testBadInputGivesAClearErrorAndWritesNothing() throws {
        let before = try files()
        let badPoints = directory + "/bad.csv"
        try "x,y\n0.1,0.2\n0.3\n".write(toFile: badPoints, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["eval", result, "--grid", "64"], "expected 2 node counts"),
            (["eval", result, "--grid", "64xabc"], "expected 2 node counts"),
            (["eval", result, "--grid", "1x64"], "at least 2 nodes"),
            (["eval", result, "--grid", "100000x100000"], "more than"),
            (["eval", result, "--output", result], "overwrite"),
            (["eval", result, "--points", badPoints], "bad.csv:3"),
            (["eval", directory + "/missing.h5"], "no such file"),
            (["plot", badPoints], "bad.csv"),
            (["inspect", badPoints], "bad.csv")
        ]
        for (arguments, phrase) in cases {
            let run = try ProcessRun.run(TestPaths.pinn, arguments)
            XCTAssertEqual(run.status, 1, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(phrase), "\(arguments): expected '\(phrase)' in: \(run.stderr)")
            XCTAssertEqual(try files(), (before + ["bad.csv"]).sorted(), "\(arguments) wrote something")
        }
    }
}
