import Foundation
import PinnBinding
import PinnIO
import PinnNumerics
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import XCTest

/// Binding a problem whose source, exact solution or boundary values are gridded data: the file is
/// read, the axes found, the interpolant checked against the domain; every mistake is one
/// `ProblemError` naming the problem file, the JSON path and the data file.
final class GriddedDataBindingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try GriddedDataFixtures.problemFolder("gridded-binding") }
    override func tearDown() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    static func f(_ x: Double, _ y: Double) -> Double { 1 + 2 * x + 3 * y + 4 * x * y }
    let unit = GriddedDataFixtures.nodes(11, 0, 1)

    private func data(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `json` as the problem file p.json and binds it.
    private func bind(_ json: String) throws -> BoundProblem {
        let path = folder.appendingPathComponent("p.json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return try BoundProblem(ProblemFile.load(contentsOf: path))
    }

    private func problem(source: String, extra: String = "") -> String {
        #"{"kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]}, "source": \#(source)\#(extra)}"#
    }

    /// The error binding `json` throws; fails unless it is a `ProblemError` in p.json.
    private func bindingError(_ json: String, _ label: String) -> ProblemError? {
        do {
            _ = try bind(json)
            XCTFail("\(label): expected an error")
            return nil
        } catch let error as ProblemError {
            XCTAssertEqual(error.file, folder.appendingPathComponent("p.json").path, label)
            return error
        } catch {
            XCTFail("\(label): not a ProblemError: \(error)")
            return nil
        }
    }

    func testSourceExactAndBoundaryValuesAreInterpolatedFromTheirFiles() throws {
        try GriddedDataFixtures.writeNetCDF2D(data("data/f.nc"), x: unit, y: unit, f: Self.f)
        try GriddedDataFixtures.writeHDF5Grid2D(data("data/u.h5"), x: unit, y: unit) { x, y in x * y }
        try GriddedDataFixtures.writeNetCDF2D(data("g.nc"), name: "g", x: unit, y: unit) { x, y in x - y }
        let problem = try bind(
            problem(
                source: #"{"file": "data/f.nc", "variable": "f"}"#,
                extra: #", "exact": {"file": "data/u.h5", "variable": "/fields/f"}, "#
                    + #""boundary": [{"type": "dirichlet", "value": {"file": "g.nc", "variable": "g"}}]"#))
        XCTAssertTrue(problem.source is GriddedField)
        var g = SeededGenerator(seed: 1)
        for _ in 0..<50 {
            let p = [g.uniform(0.0, 1.0), g.uniform(0.0, 1.0)]
            // Bilinear data is reproduced exactly.
            XCTAssertEqual(problem.source.evaluate(p), Self.f(p[0], p[1]), accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(problem.exact).evaluate(p), p[0] * p[1], accuracy: 1e-12)
            XCTAssertEqual(
                try XCTUnwrap(problem.condition(on: .top)).value.evaluate([p[0], 1]), p[0] - 1, accuracy: 1e-12)
        }
        // The finite-difference reference evaluates the same interpolant.
        let fd = try problem.finiteDifferenceProblem(grid: [9, 9])
        XCTAssertEqual(fd.source([0.3, 0.7]), Self.f(0.3, 0.7), accuracy: 1e-12)
    }

    func testAxesAreFoundByNameOrByTheCFOrder() throws {
        // Stored as f(x, y): the dimension names say which axis is which.
        try GriddedDataFixtures.writeNetCDF2D(
            data("t.nc"), x: unit, y: GriddedDataFixtures.nodes(6, 0, 1), transposed: true, f: Self.f)
        // Other names: the last dimension is x. Latitude decreasing (reversed on reading).
        try NetCDFFile.writeAtomically(to: data("geo.nc")) { file in
            let root = file.root
            try root.defineDimension("lat", length: 3)
            try root.defineDimension("lon", length: 4)
            let lat = [1.0, 0.5, 0], lon = [0.0, 0.25, 0.5, 1]
            try root.defineVariable("lat", type: Double.self, dimensions: ["lat"]).write(lat)
            try root.defineVariable("lon", type: Double.self, dimensions: ["lon"]).write(lon)
            try root.defineVariable("f", type: Double.self, dimensions: ["lat", "lon"])
                .write(lat.flatMap { y in lon.map { x in Self.f(x, y) } })
        }
        for file in ["t.nc", "geo.nc"] {
            let problem = try bind(problem(source: #"{"file": "\#(file)", "variable": "f"}"#))
            for p in [[0.1, 0.9], [0.8, 0.3], [0.5, 0.5]] {
                XCTAssertEqual(problem.source.evaluate(p), Self.f(p[0], p[1]), accuracy: 1e-12, "\(file) at \(p)")
            }
        }
        // Explicit HDF5 coordinates: x names the last dimension.
        try GriddedDataFixtures.writeHDF5Grid2D(
            data("bare.h5"), dataset: "/f", x: unit, y: unit, attachScales: false, f: Self.f)
        let explicit = try bind(problem(source: #"{"file": "bare.h5", "variable": "/f", "x": "/x", "y": "/y"}"#))
        XCTAssertEqual(explicit.source.evaluate([0.25, 0.6]), Self.f(0.25, 0.6), accuracy: 1e-12)
    }

    func testEachMistakeIsOneErrorAtItsJSONPath() throws {
        try GriddedDataFixtures.writeNetCDF2D(data("data/f.nc"), x: unit, y: unit, f: Self.f)
        try GriddedDataFixtures.writeNetCDF2D(
            data("half.nc"), x: GriddedDataFixtures.nodes(6, 0, 0.5), y: unit, f: Self.f)
        try GriddedDataFixtures.writeNetCDF2D(data("bumpy.nc"), x: [0, 0.5, 0.4, 1], y: unit, f: Self.f)
        try GriddedDataFixtures.writeNetCDF2D(data("nan.nc"), x: unit, y: unit) { x, y in
            x == 0.3 && y == 0.5 ? .nan : 1
        }
        try GriddedDataFixtures.writeNetCDF2D(data("holes.nc"), x: unit, y: unit, fill: -1e30) { x, y in
            y == 1 ? -1e30 : 0
        }
        try GriddedDataFixtures.writeHDF5Grid2D(
            data("bare.h5"), dataset: "/f", x: unit, y: unit, attachScales: false, f: Self.f)
        let nc = data("data/f.nc")
        let cases: [(String, String, String, [String])] = [
            (
                "missing file", problem(source: #"{"file": "data/none.nc", "variable": "f"}"#), "source.file",
                ["the data file \(data("data/none.nc")) does not exist"]
            ),
            (
                "misspelt variable", problem(source: #"{"file": "data/f.nc", "variable": "ff"}"#), "source.variable",
                ["\(nc) has no variable 'ff' (its variables: x, y, f)", "did you mean 'f'?"]
            ),
            (
                "wrong rank", problem(source: #"{"file": "data/f.nc", "variable": "x"}"#), "source.variable",
                ["variable 'x' of \(nc) has 1 dimension (x), but the problem is 2-D"]
            ),
            (
                "non-monotonic coordinates", problem(source: #"{"file": "bumpy.nc", "variable": "f"}"#),
                "source.variable",
                ["coordinate variable 'x' (the x axis)", "not strictly monotonic: [1] = 0.5, [2] = 0.4"]
            ),
            (
                "NaN", problem(source: #"{"file": "nan.nc", "variable": "f"}"#), "source.variable",
                ["is nan at x = 0.3", "y = 0.5", "must be finite everywhere"]
            ),
            (
                "fill values", problem(source: #"{"file": "holes.nc", "variable": "f"}"#), "source.variable",
                ["has a missing value (_FillValue -1e+30)"]
            ),
            (
                "data smaller than the domain", problem(source: #"{"file": "half.nc", "variable": "f"}"#), "source",
                [
                    "variable 'f' of \(data("half.nc")) covers x ∈ [0.0, 0.5], y ∈ [0.0, 1.0]",
                    "bounding box x ∈ [0.0, 1.0], y ∈ [0.0, 1.0]"
                ]
            ),
            (
                "no dimension scales", problem(source: #"{"file": "bare.h5", "variable": "/f"}"#), "source.variable",
                ["has no dimension scale attached"]
            ),
            (
                "misspelt coordinate dataset",
                problem(source: #"{"file": "bare.h5", "variable": "/f", "x": "/xx", "y": "/y"}"#),
                "source.x", ["has no dataset '/xx'", "did you mean '/x'?"]
            ),
            (
                "exact", problem(source: "1", extra: #", "exact": {"file": "data/f.nc", "variable": "u"}"#),
                "exact.variable",
                ["has no variable 'u'"]
            ),
            (
                "boundary value",
                problem(
                    source: "1",
                    extra: #", "boundary": [{"value": 0}, {"on": "left", "value": {"file": "g.nc", "variable": "g"}}]"#),
                "boundary[1].value.file", ["does not exist"]
            )
        ]
        for (label, json, path, phrases) in cases {
            guard let error = bindingError(json, label) else { continue }
            XCTAssertEqual(error.path, path, "\(label): \(error)")
            for phrase in phrases { XCTAssertTrue(error.message.contains(phrase), "\(label): \(error)") }
            XCTAssertFalse(error.description.contains("\n"), "\(label): \(error)")
        }
    }

    /// `pinn validate` and `pinn solve` report a misspelt variable once, with the file and the JSON
    /// path, exit 1 and write nothing; the corrected file validates.
    func testTheCommandLineReportsAMissingVariableAndWritesNothing() throws {
        let executable = TestPaths.pinn
        try GriddedDataFixtures.writeNetCDF2D(data("data/f.nc"), x: unit, y: unit, f: Self.f)
        let path = folder.appendingPathComponent("p.json").path
        let bad = problem(source: #"{"file": "data/f.nc", "variable": "F_"}"#)
        try Data(bad.utf8).write(to: URL(fileURLWithPath: path))
        let expected =
            "\(path): source.variable: \(data("data/f.nc")) has no variable 'F_' (its variables: x, y, f); did you mean 'f'?\n"

        let validate = try ProcessRun.run(executable, ["validate", path])
        XCTAssertEqual(validate.status, 1)
        XCTAssertEqual(validate.stderr, expected)

        let output = folder.deletingLastPathComponent().appendingPathComponent("out")
        let solve = try ProcessRun.run(
            executable, ["solve", path, "--output", output.appendingPathComponent("r.h5").path])
        XCTAssertEqual(solve.status, 1)
        XCTAssertEqual(solve.stderr, "Error: " + expected)
        XCTAssertEqual(solve.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), "pinn solve wrote \(output.path)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(), ["data", "p.json"])

        try Data(bad.replacingOccurrences(of: "F_", with: "f").utf8).write(to: URL(fileURLWithPath: path))
        let good = try ProcessRun.run(executable, ["validate", path])
        XCTAssertEqual(good.status, 0, good.stderr)
    }

    /// A result of a gridded problem remembers its problem file, so `pinn eval` reads the same data
    /// again: on the stored grid it reproduces u and the residual (which needs f) exactly.
    func testEvalOfAGriddedResultReadsTheDataAgain() throws {
        try GriddedDataFixtures.writeNetCDF2D(data("data/f.nc"), x: unit, y: unit, f: Self.f)
        let json = problem(
            source: #"{"file": "data/f.nc", "variable": "f"}"#,
            extra: #", "network": {"width": 8, "depth": 1}, "#
                + #""training": {"adamSteps": 5, "lbfgsIterations": 0, "interiorPoints": 64, "boundaryPoints": 32}, "#
                + #""reference": {"grid": [9, 9], "refinement": 1}"#)
        let bound = try bind(json)
        var solved = try SolvePipeline<Double>(problem: bound).solve()
        solved.problemJSON = json
        solved.problemFile = folder.appendingPathComponent("p.json").path
        let outputs = folder.deletingLastPathComponent().appendingPathComponent("Outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let result = outputs.appendingPathComponent("r.h5").path
        try solved.write(to: result)

        let run = try ProcessRun.run(
            TestPaths.pinn, ["eval", result, "--output", outputs.appendingPathComponent("e.h5").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("max |u - stored u| = 0.000e+00"), run.stdout)
        guard case .pde(let evaluated) = try StoredResult.read(from: outputs.appendingPathComponent("e.h5").path) else {
            return XCTFail("not a PDE result")
        }
        XCTAssertEqual(evaluated.residual.filter { !$0.isNaN }, solved.residual.filter { !$0.isNaN })
        XCTAssertTrue(evaluated.residual.contains { !$0.isNaN })

        // Without the problem file's path the data cannot be found, and eval says which file it looked for.
        solved.problemFile = nil
        try solved.write(to: result)
        let lost = try ProcessRun.run(
            TestPaths.pinn, ["eval", result, "--output", outputs.appendingPathComponent("e2.h5").path])
        XCTAssertEqual(lost.status, 1)
        XCTAssertTrue(
            lost.stderr.contains("source.file: the data file \(outputs.path)/data/f.nc does not exist"), lost.stderr)
    }
}
