import PinnReference
import XCTest

/// Problems the solver refuses, and the errors it reports.
final class FDErrorTests: XCTestCase {
    func problem(
        domain: any FDDomain = FDBox(lower: [0, 0], upper: [1, 1]), gridPoints: [Int] = [9, 9],
        condition: FDBoundaryCondition = .dirichlet(value: 0)
    ) -> FDProblem {
        FDProblem(
            domain: domain, equation: .poisson, source: { _ in 1 },
            boundaryCondition: { _, _ in condition }, gridPoints: gridPoints)
    }

    func assertThrows(
        _ problem: FDProblem, _ check: (FDError) -> Bool, file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try solveFiniteDifference(problem)
            XCTFail("expected an error", file: file, line: line)
        } catch {
            XCTAssertTrue(check(error), "unexpected error: \(error)", file: file, line: line)
            XCTAssertFalse(error.description.isEmpty)
        }
    }

    func testGridWithTooFewPointsIsRejected() {
        assertThrows(problem(gridPoints: [2, 9])) { if case .invalidGrid = $0 { true } else { false } }
    }

    func testGridWithWrongNumberOfAxesIsRejected() {
        assertThrows(problem(gridPoints: [9])) { if case .invalidGrid = $0 { true } else { false } }
    }

    func testPoissonWithOnlyNeumannConditionsIsRejectedAsNotUnique() {
        assertThrows(problem(condition: .neumann(value: 0))) { $0 == .pureNeumannPoisson }
    }

    func testHelmholtzWithOnlyNeumannConditionsIsSolvable() throws {
        // Δu + u = f with u = cos(πx): ∂u/∂n = 0 on [0, 1], f = (1 − π²) cos(πx).
        let problem = FDProblem(
            domain: FDBox(lower: [0], upper: [1]), equation: .helmholtz(k: 1),
            source: { (1 - .pi * .pi) * cos(.pi * $0[0]) },
            boundaryCondition: { _, _ in .neumann(value: 0) }, gridPoints: [65])
        let error = try solveFiniteDifference(problem).errorNorms(against: { cos(.pi * $0[0]) })
        XCTAssertLessThan(error.maxAbsolute, 1e-3)
    }

    func testHelmholtzAtADiscreteEigenvalueIsSingular() {
        // On [0, 3] with 4 nodes (h = 1) and u = 0 at both ends, the two unknowns give
        // [[k² − 2, 1], [1, k² − 2]] with eigenvalues k² − 1 and k² − 3: k = 1 is exactly singular.
        let problem = FDProblem(
            domain: FDBox(lower: [0], upper: [3]), equation: .helmholtz(k: 1),
            source: { _ in 1 }, boundaryCondition: { _, _ in .dirichlet(value: 0) },
            gridPoints: [4])
        assertThrows(problem) { $0 == .singularMatrix(call: "umfpack_dl_numeric") }
    }

    func testNeumannOnCurvedBoundaryIsUnsupported() {
        assertThrows(
            problem(
                domain: FDDisk(center: [0, 0], radius: 1), gridPoints: [17, 17],
                condition: .neumann(value: 0))
        ) {
            if case .unsupportedBoundaryCondition = $0 { true } else { false }
        }
    }

    func testRobinWithBothCoefficientsZeroIsInvalid() {
        assertThrows(problem(condition: .robin(alpha: 0, beta: 0, value: 1))) {
            if case .invalidBoundaryCondition = $0 { true } else { false }
        }
    }

    func testEmptyBoundingBoxIsRejected() {
        assertThrows(problem(domain: FDBox(lower: [0, 1], upper: [1, 1]))) {
            if case .invalidDomain = $0 { true } else { false }
        }
    }
}
