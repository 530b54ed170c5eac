import Foundation
import PinnTestSupport
import XCTest

/// Runs the built `pinn` on parameter-estimation problems with one mistake each (an unknown that
/// appears in no right-hand side, a guess outside its bounds, an observation file with the wrong
/// columns, unknowns with a network model): each exits with status 1 and one error naming the
/// problem file and the JSON path (and the observation file), and writes nothing.
final class ODEParameterEstimationErrorTests: XCTestCase {
    let valid = #"""
        {"name": "case", "kind": "ode", "states": ["x", "y"],
         "parameters": {"a": {"unknown": 1, "positive": true}, "b": 1, "c": {"unknown": 2, "bounds": [1, 5]}, "d": 1},
         "rhs": {"x": "a*x - b*x*y", "y": "-c*y + d*x*y"}, "initial": {"x": 1, "y": 1}, "span": [0, 2],
         "observations": {"file": "data/lv.csv"}}
        """#

    /// (what is wrong, JSON text, JSON path the error must name, phrases it must contain).
    var mistakes: [BadInputRuns.Mistake] {
        [
            .init(
                "an unknown that appears nowhere",
                valid.replacingOccurrences(of: #""d": 1}"#, with: #""d": 1, "g": {"unknown": 1}}"#),
                "parameters.g", ["'g' appears in no right-hand side"]
            ),
            .init(
                "an initial guess outside its bounds",
                valid.replacingOccurrences(of: #""unknown": 2"#, with: #""unknown": 7"#),
                "parameters.c.unknown", ["outside its bounds [1, 5]"]
            ),
            .init(
                "an observation file with the wrong columns",
                valid.replacingOccurrences(of: "data/lv.csv", with: "data/columns.csv"),
                "observations.file", ["data/columns.csv", "line 1", "missing column 'y'"]
            ),
            .init(
                "unknowns with a network model",
                valid.replacingOccurrences(
                    of: #""span": [0, 2],"#, with: #""span": [0, 2], "model": {"type": "neuralODE"},"#),
                "parameters.a", ["parameterEstimation"]
            ),
            .init(
                "generated observations without true values",
                valid.replacingOccurrences(
                    of: #""observations": {"file": "data/lv.csv"}"#,
                    with: #""observations": {"generate": {"count": 10}}"#),
                "parameters.a", ["true"]
            )
        ]
    }

    func testEachMistakeGivesOneClearErrorAndWritesNothing() throws {
        let dir = try TemporaryDirectory("ode-unknown-errors")
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        try FileManager.default.createDirectory(atPath: dir.file("data"), withIntermediateDirectories: true)
        let files = [
            "lv.csv": "t,x,y\n0.5,1.2,0.8\n1,1.5,0.7\n1.5,1.9,0.7\n2,2.2,0.8\n",
            "columns.csv": "t,x\n0.5,1.2\n1,1.5\n"
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file("data/" + name))) }
        let shortfalls = try BadInputRuns.shortfalls(
            of: mistakes, valid: valid, problem: dir.file("problem.json"), directory: dir.path)
        XCTAssertEqual(shortfalls, [])
    }
}
