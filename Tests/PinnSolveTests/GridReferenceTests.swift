import PinnBinding
import PinnProblems
import PinnReference
import XCTest

@testable import PinnSolve

/// The reference's own grid: finer than the output grid as far as the network's accuracy needs,
/// with an honest estimate of its error.
final class GridReferenceTests: XCTestCase {
    /// The problem on a `grid`² output grid, its reference with the grid chosen (default budget),
    /// and the exact solution at the output nodes.
    func chosenReference(grid: Int) throws -> (BoundProblem, GridReference, [Double]) {
        let bound = try problem(grid: grid)
        let reference = GridReference(
            problem: try bound.finiteDifferenceProblem(), refinement: nil,
            nodeBudget: GridReference.defaultNodeBudget(dimension: 2))
        let exact = try XCTUnwrap(
            bound.exactValues(at: reference.outputGrid.pointCoordinates(), mask: reference.outputMask()))
        return (bound, reference, exact)
    }

    func problem(grid: Int) throws -> BoundProblem {
        try BoundProblem(
            ProblemFile.decode(
                #"""
                {"name": "r", "kind": "poisson", "domain": {"type": "rectangle", "lower": [-1, -1], "upper": [1, 1]},
                 "source": "2*pi^2*sin(pi*x)*sin(pi*y)", "exact": "sin(pi*x)*sin(pi*y)",
                 "reference": {"grid": [\#(grid), \#(grid)]}}
                """#))
    }

    /// A network 1e-6 from the exact solution gets a reference whose estimated error is at most
    /// a hundredth of that; the estimate does not understate the true error (it is either the
    /// pair's Richardson estimate or, for the extrapolated values, the previous extrapolation's
    /// error), and a network farther away never gets a finer grid.
    func testTheChosenGridFollowsTheNetworksError() throws {
        let (_, chosen, exact) = try chosenReference(grid: 33)
        var reference = chosen
        reference.errorCeiling = 1 // only the network's error counts here
        func network(_ error: Double) -> [Double] {
            exact.enumerated().map { $1 + error * sin(Double($0)) }
        }
        func relative(_ a: [Double]) -> Double { RichardsonPair.relativeDistance(a, exact) }

        let fine = try reference.solve(network: network(1e-6))
        let coarse = try reference.solve(network: network(1e-3))
        let distance = relative(network(1e-6))
        let estimate = try XCTUnwrap(fine.description.estimatedRelativeError)
        XCTAssertLessThanOrEqual(estimate, distance / 100)
        let actual = relative(fine.values)
        XCTAssertLessThanOrEqual(actual, 2 * estimate, "estimate \(estimate), actual \(actual)")
        XCTAssertGreaterThanOrEqual(fine.description.refinement, coarse.description.refinement)
        let coarseEstimate = try XCTUnwrap(coarse.description.estimatedRelativeError)
        XCTAssertLessThanOrEqual(coarseEstimate, relative(network(1e-3)) / 100)
        XCTAssertLessThanOrEqual(relative(coarse.values), 2 * coarseEstimate)
    }

    /// With Dirichlet conditions the extrapolated reference is far more accurate than the plain
    /// compact solution on the same grid, and the description says it is extrapolated.
    func testTheChosenReferenceIsExtrapolatedWhereThatIsMoreAccurate() throws {
        let (bound, reference, exact) = try chosenReference(grid: 33)
        let chosen = try reference.solve(network: exact.map { $0 + 1e-2 })
        XCTAssertTrue(chosen.description.method.contains("Richardson-extrapolated"), chosen.description.method)
        let fixed = GridReference(
            problem: try bound.finiteDifferenceProblem(), refinement: chosen.description.refinement, nodeBudget: .max)
        let plain = try fixed.solve(network: nil)
        XCTAssertFalse(plain.description.method.contains("Richardson-extrapolated"))
        let (extrapolatedError, plainError) = (
            RichardsonPair.relativeDistance(chosen.values, exact), RichardsonPair.relativeDistance(plain.values, exact)
        )
        XCTAssertLessThan(extrapolatedError, plainError / 10, "extrapolated \(extrapolatedError), plain \(plainError)")
    }

    /// However far the network is, the chosen reference's estimated error is at most 1e-9 (within
    /// the budget), and the estimate is close to the true error.
    func testTheChosenGridReachesTheCeilingForAPoorNetwork() throws {
        let (_, reference, exact) = try chosenReference(grid: 33)
        let solved = try reference.solve(network: exact.map { $0 + 1e-2 })
        let estimate = try XCTUnwrap(solved.description.estimatedRelativeError)
        XCTAssertLessThanOrEqual(estimate, 1e-9)
        let actual = RichardsonPair.relativeDistance(solved.values, exact)
        XCTAssertLessThanOrEqual(actual, 2e-9)
    }

    /// A chosen reference starts from the output grid and its grids of every other and every fourth
    /// node, so the output grid's own completed extrapolation can be the reference: here (a network
    /// 1e-3 away, so a target of 1e-5) no finer grid is solved, and the extrapolated values are far
    /// more accurate than the plain compact solution on that grid, within their estimate.
    func testTheOutputGridCanCarryItsOwnCompletedExtrapolation() throws {
        let (bound, chosen, exact) = try chosenReference(grid: 33)
        var reference = chosen
        reference.errorCeiling = 1
        let solved = try reference.solve(network: exact.enumerated().map { $1 + 1e-3 * sin(Double($0)) })
        XCTAssertEqual(solved.description.refinement, 1)
        XCTAssertTrue(solved.description.method.contains("Richardson-extrapolated"), solved.description.method)
        let plain = try GridReference(problem: try bound.finiteDifferenceProblem(), refinement: 1, nodeBudget: .max)
            .solve(network: nil)
        let estimate = try XCTUnwrap(solved.description.estimatedRelativeError)
        let (extrapolatedError, plainError) = (
            RichardsonPair.relativeDistance(solved.values, exact), RichardsonPair.relativeDistance(plain.values, exact)
        )
        XCTAssertLessThanOrEqual(extrapolatedError, estimate)
        XCTAssertLessThan(extrapolatedError, plainError / 100, "extrapolated \(extrapolatedError), plain \(plainError)")
    }

    /// Samples at the shared nodes: the fine grid's every k-th node.
    func testSamplingTakesEveryKthNode() {
        let fine = (0..<(9 * 5)).map(Double.init) // 9 × 5 nodes, x fastest
        let coarse = RichardsonPair.sample(fine, fine: [9, 5], coarse: [5, 3])
        XCTAssertEqual(coarse, [0, 2, 4, 6, 8, 18, 20, 22, 24, 26, 36, 38, 40, 42, 44])
    }
}
