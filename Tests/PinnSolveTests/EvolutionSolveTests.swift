import Foundation
import PinnBinding
import PinnIO
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import XCTest

/// A heat problem end to end with brief training: the result lies on an (x, t) grid written with a
/// /t dimension scale and a temporal XDMF sidecar, the stored network reproduces it bit for bit,
/// and `pinn eval --times` evaluates it at chosen times.
final class EvolutionSolveTests: XCTestCase {
    func testHeatResultHasATimeAxisAndEvaluatesBackBitForBit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let json = #"""
            {"kind": "heat", "domain": {"type": "interval", "lower": 0, "upper": 1},
             "time": {"span": [0, 0.5], "outputTimes": 5}, "initial": {"value": "sin(pi*x)"},
             "exact": "exp(-pi^2*t)*sin(pi*x)", "network": {"width": 8, "depth": 1},
             "training": {"phases": [{"gaussNewton": 5}], "interiorPoints": 64, "boundaryPoints": 16},
             "reference": {"grid": [9]}}
            """#
        guard case .pde(let file) = try ProblemDocument.decode(json, file: "heat.json") else {
            return XCTFail("not a PDE problem")
        }
        var solved = try SolvePipeline<Double>(problem: BoundProblem(file)).solve()
        XCTAssertEqual(solved.grid?.axes.map(\.name), ["x", "t"])
        XCTAssertEqual(solved.grid?.axes.last?.coordinates, [0, 0.125, 0.25, 0.375, 0.5])
        XCTAssertEqual(solved.u.count, 9 * 5)
        XCTAssertLessThan(try XCTUnwrap(solved.metrics["reference_estimated_relative_error"]), 0.05, "9 nodes")
        solved.problemJSON = json
        let path = directory.file("heat.h5")
        try solved.write(to: path)

        let xdmf = try String(contentsOfFile: directory.file("heat.xdmf"), encoding: .utf8)
        XCTAssertTrue(xdmf.contains(#"CollectionType="Temporal""#))
        XCTAssertEqual(xdmf.components(separatedBy: "<Time Value=").count - 1, 5)
        let h5 = try HDF5File.openReadOnly(at: path)
        XCTAssertEqual(try h5.readDataset("/fields/u", as: Double.self).shape, [5, 9])
        XCTAssertEqual(try h5.readDataset("/t", as: Double.self).values, [0, 0.125, 0.25, 0.375, 0.5])
        guard case .pde(let stored) = try StoredResult.read(from: path) else { return XCTFail("not a PDE result") }
        let grid = try XCTUnwrap(stored.grid)
        XCTAssertEqual(grid.axes.map(\.name), ["x", "t"])
        XCTAssertEqual(try StoredNetwork(stored).evaluate(on: grid).u, stored.u)

        let run = try ProcessRun.run(
            TestPaths.pinn, ["eval", path, "--times", "0,0.3", "--output", directory.file("e.h5")])
        XCTAssertEqual(run.status, 0, run.stderr)
        guard case .pde(let evaluated) = try StoredResult.read(from: directory.file("e.h5")) else {
            return XCTFail("not a PDE result")
        }
        XCTAssertEqual(evaluated.grid?.axes.last?.coordinates, [0, 0.3])
        XCTAssertEqual(Array(evaluated.u.prefix(9)), Array(stored.u.prefix(9)), "t = 0 is a stored time")
    }
}
