import Foundation
import PinnTestSupport
import XCTest

/// Runs the built `pinn` on inverse problems with one mistake each (an unknown that appears nowhere,
/// a guess outside its bounds, measurements outside the domain, a measurement file with the wrong
/// columns or an unreadable one): each exits with status 1 and one error naming the problem file,
/// the JSON path and, for a measurement file, that file, and writes nothing.
final class InverseProblemErrorTests: XCTestCase {
    let valid = #"""
        {"name": "case", "kind": "helmholtz", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]},
         "parameters": {"k": {"unknown": 3, "bounds": [1, 10]}},
         "k": "k", "source": "(16 - 2*pi^2)*sin(pi*x)*sin(pi*y)",
         "measurements": {"file": "data/u.csv"}}
        """#

    /// (what is wrong, JSON text, JSON path the error must name, phrases it must contain).
    var mistakes: [BadInputRuns.Mistake] {
        [
            .init(
                "an unknown that appears nowhere",
                valid.replacingOccurrences(
                    of: #""bounds": [1, 10]}}"#, with: #""bounds": [1, 10]}, "c": {"unknown": 1}}"#),
                "parameters.c", ["'c' appears in no expression"]
            ),
            .init(
                "an initial guess outside its bounds",
                valid.replacingOccurrences(of: #""unknown": 3"#, with: #""unknown": 12"#),
                "parameters.k.unknown", ["outside its bounds [1, 10]"]
            ),
            .init(
                "measurements outside the domain",
                valid.replacingOccurrences(of: "data/u.csv", with: "data/outside.csv"),
                "measurements.file", ["data/outside.csv", "measurement 2 at (1.5, 0.25) lies outside"]
            ),
            .init(
                "a measurement file with the wrong columns",
                valid.replacingOccurrences(of: "data/u.csv", with: "data/columns.csv"),
                "measurements.file", ["data/columns.csv", "line 1", "missing column 'y'"]
            ),
            .init(
                "a measurement file with an unknown column",
                valid.replacingOccurrences(of: "data/u.csv", with: "data/typo.csv"),
                "measurements.file", ["data/typo.csv", "unknown column 'uu'", "did you mean 'u'"]
            ),
            .init(
                "an HDF5 measurement file without the datasets",
                valid.replacingOccurrences(of: "data/u.csv", with: "data/empty.h5"),
                "measurements.file", ["data/empty.h5", "/x"]
            ),
            .init(
                "unknowns without measurements",
                valid.replacingOccurrences(
                    of: #""measurements": {"file": "data/u.csv"}"#, with: #""description": "no data""#),
                "parameters.k", ["learned from measurements"]
            )
        ]
    }

    func testEachMistakeGivesOneClearErrorAndWritesNothing() throws {
        let dir = try TemporaryDirectory("inverse-errors")
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        try FileManager.default.createDirectory(atPath: dir.file("data"), withIntermediateDirectories: true)
        let files = [
            "u.csv": "x,y,u\n0.5,0.5,1\n0.25,0.75,0.5\n",
            "outside.csv": "u, y, x\n1, 0.5, 0.5\n0.5, 0.25, 1.5\n",
            "columns.csv": "x,u\n0.5,1\n",
            "typo.csv": "x,y,uu\n0.5,0.5,1\n"
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file("data/" + name))) }
        try Data("not an HDF5 file".utf8).write(to: URL(fileURLWithPath: dir.file("data/empty.h5")))
        let shortfalls = try BadInputRuns.shortfalls(
            of: mistakes, valid: valid, problem: dir.file("problem.json"), directory: dir.path)
        XCTAssertEqual(shortfalls, [])
        // Validation of the valid file names the unknowns and where the measurements come from.
        try Data(valid.utf8).write(to: URL(fileURLWithPath: dir.file("problem.json")))
        let ok = try ProcessRun.run(TestPaths.pinn, ["validate", dir.file("problem.json")])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(
            ok.stdout.contains("unknown k (initial 3, in [1, 10]), measurements from data/u.csv, output"), ok.stdout)
    }
}
