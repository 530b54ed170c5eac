import Foundation
import PinnBinding
import PinnNumerics
import PinnProblems
import PinnReference
import PinnResults
import PinnSolve
import XCTest

/// A Poisson problem whose source is gridded data: the finite-difference reference solved with the
/// interpolated source against the same reference with the analytic source, both against the exact
/// solution u = sin πx sin πy on [0, 1]² (f = 2π² sin πx sin πy).
final class GriddedReferenceTests: XCTestCase {
    static func f(_ x: Double, _ y: Double) -> Double { 2 * .pi * .pi * sin(.pi * x) * sin(.pi * y) }

    /// The FD reference's relative L2 error against the exact solution on a 129² grid, with the
    /// source analytic (`dataNodes` nil) or read from a NetCDF file of `dataNodes`² samples.
    func referenceError(dataNodes: Int?, grid: Int = 129) throws -> Double {
        let dir = try GriddedDataFixtures.problemFolder("gridded-reference")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        var source = #""2*pi^2*sin(pi*x)*sin(pi*y)""#
        if let n = dataNodes {
            let nodes = GriddedDataFixtures.nodes(n, 0, 1)
            try GriddedDataFixtures.writeNetCDF2D(
                dir.appendingPathComponent("data/f.nc").path, x: nodes, y: nodes, f: Self.f)
            source = #"{"file": "data/f.nc", "variable": "f"}"#
        }
        let path = dir.appendingPathComponent("p.json").path
        try Data(
            """
            {"kind": "poisson", "domain": {"type": "rectangle", "lower": [0, 0], "upper": [1, 1]},
             "source": \(source), "exact": "sin(pi*x)*sin(pi*y)", "reference": {"grid": [\(grid), \(grid)]}}
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        let problem = try BoundProblem(ProblemFile.load(contentsOf: path))
        let solution = try solveFiniteDifference(problem.finiteDifferenceProblem())
        let exact = try XCTUnwrap(problem.exactValues(on: solution))
        return relativeL2(solution.values, exact, mask: solution.mask)
    }

    /// With data of spacing h sampled from f and an FD grid of spacing h/r, the FD nodes sit at the
    /// local positions t = k/r of the data cells, where linear interpolation of sin πx gives
    /// g(t)·sin πx + (a cos πx term of order h³), g(t) = (1 − t) cos πth + t cos π(1 − t)h. The smooth
    /// part of the interpolated source is ḡ² f (ḡ the mean of g over the r positions, squared for the
    /// two axes), so the reference solution scales by ḡ²: relative error |(1 + e)·ḡ² − 1|, e the
    /// analytic source's error (the FD reference overshoots u).
    static func predictedError(dataNodes: Int, grid: Int, analyticError e: Double) -> Double {
        let h = 1 / Double(dataNodes - 1), r = (grid - 1) / (dataNodes - 1)
        let g =
            (0..<r).map { k -> Double in
                let t = Double(k) / Double(r)
                return (1 - t) * cos(.pi * t * h) + t * cos(.pi * (1 - t) * h)
            }.reduce(0, +) / Double(r)
        return abs((1 + e) * g * g - 1)
    }

    func testAGriddedSourceGivesTheReferenceErrorThatInterpolationPredicts() throws {
        let analytic = try referenceError(dataNodes: nil)
        XCTAssertLessThan(analytic, 1e-4)
        for n in [33, 65, 129] {
            let gridded = try referenceError(dataNodes: n)
            let predicted = Self.predictedError(dataNodes: n, grid: 129, analyticError: analytic)
            print(
                String(
                    format: "FD 129² vs exact: analytic source %.3e, %d² data %.3e (predicted %.3e)",
                    analytic, n, gridded, predicted))
            XCTAssertEqual(gridded, predicted, accuracy: 0.01 * predicted + 1e-12, "\(n)² data")
        }
    }
}
