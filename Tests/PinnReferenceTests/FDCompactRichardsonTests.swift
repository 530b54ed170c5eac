import Foundation
import PinnReference
import XCTest

/// Richardson extrapolation of the compact scheme (`FDScheme.compactRichardson`): observed orders
/// on refinement sequences, and the example problems to 1e-9.
final class FDCompactRichardsonTests: XCTestCase {
    func testPoissonExampleExtrapolatesAtSixthOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33], spacing: { 2 / Double($0 - 1) },
            problem: { CompactExamples.poisson($0, scheme: .compactRichardson) }, exact: CompactExamples.poissonExact)
        study.assertOrders(study.maxNormOrders, in: 5.8...6.2, "Richardson poisson.json, max norm")
    }

    func testHelmholtzExampleExtrapolatesAtSixthOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65], spacing: { 2 / Double($0 - 1) },
            problem: { CompactExamples.helmholtz($0, scheme: .compactRichardson) },
            exact: CompactExamples.helmholtzExact)
        study.assertOrders(study.maxNormOrders, in: 5.8...6.2, "Richardson helmholtz.json, max norm")
    }

    /// With Neumann/Robin faces the error has no clean even expansion: the extrapolation still
    /// converges at fourth order or better and is far below the compact scheme's error.
    func testNeumannAndRobinFacesExtrapolateAtLeastAtFourthOrderWithSmallerErrors() throws {
        let gridPoints = [17, 33, 65]
        func study(_ scheme: FDScheme) throws -> ConvergenceStudy {
            try ConvergenceStudy(
                gridPoints: gridPoints, spacing: { 1 / Double($0 - 1) },
                problem: { n in
                    FDProblem(
                        domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson,
                        source: ExpCos.source, boundaryCondition: ExpCos.mixedFaces, gridPoints: [n, n],
                        scheme: scheme)
                }, exact: ExpCos.u)
        }
        let extrapolated = try study(.compactRichardson), compact = try study(.fourthOrderCompact)
        extrapolated.assertOrders(
            extrapolated.maxNormOrders, in: 3.8...6.2, "Richardson 2-D Poisson, Neumann + Robin faces")
        for (e, c) in zip(extrapolated.errors, compact.errors) {
            XCTAssertLessThan(e.maxAbsolute, c.maxAbsolute / 50, "\(extrapolated.summary) vs \(compact.summary)")
        }
        let solution = try solveFiniteDifference(
            FDProblem(
                domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson, source: ExpCos.source,
                boundaryCondition: ExpCos.mixedFaces, gridPoints: [9, 9], scheme: .compactRichardson))
        XCTAssertEqual(solution.scheme, .compactRichardson)
        XCTAssertEqual(solution.order, 4)
        XCTAssertEqual(solution.notes.count, 1)
    }
}
