import XCTest
import PinnProblems
import PinnReference
import PinnSolve

/// Every example loads, and the finite-difference reference of every example with an exact
/// solution converges at second order: the relative L2 error falls by about 4× when h halves.
final class ExampleReferenceTests: XCTestCase {
    func testEveryExampleLoadsAndBinds() throws {
        let paths = try ExampleProblems.paths()
        XCTAssertGreaterThanOrEqual(paths.count, 6)
        for path in paths {
            let file = try ProblemFile.load(contentsOf: path)
            XCTAssertNoThrow(try BoundProblem(file), path)
            XCTAssertFalse(file.expect.isEmpty, "\(path) documents no expected error")
        }
    }

    func testReferenceConvergesAtSecondOrderOnExamplesWithExactSolutions() throws {
        var checked = 0
        for path in try ExampleProblems.paths() {
            let problem = try BoundProblem(ProblemFile.load(contentsOf: path))
            guard problem.exact != nil else { continue }
            // Coarse grids (n, 2n − 1 points per axis: h halves), small enough for 3-D.
            let n = [1: 65, 2: 33, 3: 9][problem.dimension]!
            var errors: [Double] = []
            for points in [n, 2 * n - 1, 4 * n - 3] {
                let solution = try solveFiniteDifference(
                    problem.finiteDifferenceProblem(grid: Array(repeating: points, count: problem.dimension)))
                let exact = try XCTUnwrap(problem.exactValues(on: solution))
                errors.append(relativeL2(solution.values, exact, mask: solution.mask))
            }
            for (coarse, fine) in zip(errors, errors.dropFirst()) {
                let order = log2(coarse / fine)
                XCTAssertGreaterThan(order, 1.8, "\(path): errors \(errors)")
                XCTAssertLessThan(order, 2.3, "\(path): errors \(errors)")
            }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 5)
    }
}
