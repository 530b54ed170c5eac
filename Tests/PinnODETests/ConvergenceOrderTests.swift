import XCTest

@testable import PinnODE

final class ConvergenceOrderTests: XCTestCase {
    /// Solves y′ = y cos t over [0, 2] (from y(0) = 1, or with `backward` from the exact y(2) back to
    /// y(0) = 1) with `method` at each step count, checks that each solve takes exactly that many steps,
    /// and asserts that the final-time errors fall at order `expected` ± 0.3 as the step halves.
    /// Returns the errors.
    @discardableResult
    private func assertOrder(
        expected: Double, method: (Int) -> ODEMethod, steps: [Int], backward: Bool = false,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> [Double] {
        let y2 = ExactProblems.sineGrowthExact(2)
        let (start, span, exact) = backward ? (y2, (2.0, 0.0), [1.0]) : ([1.0], (0.0, 2.0), y2)
        let errors = try steps.map { n in
            let sol = try solveODE(ExactProblems.sineGrowth, from: start, over: span, method: method(n))
            XCTAssertEqual(sol.stats.acceptedSteps, n, file: file, line: line)
            return maxError(sol.states, [exact])
        }
        let order = observedOrder(steps: steps, errors: errors)
        print("\(method(steps[0]))\(backward ? " backward" : ""): errors \(errors), order \(order)")
        XCTAssertEqual(order, expected, accuracy: 0.3, file: file, line: line)
        return errors
    }

    func testEulerIsFirstOrder() throws {
        try assertOrder(expected: 1, method: { .euler(steps: $0) }, steps: [50, 100, 200, 400, 800])
    }

    func testRK4IsFourthOrder() throws {
        try assertOrder(expected: 4, method: { .rk4(steps: $0) }, steps: [8, 16, 32, 64, 128])
    }

    func testFixedStepDormandPrinceIsFifthOrder() throws {
        let e = try assertOrder(expected: 5, method: { .dormandPrinceFixed(steps: $0) }, steps: [4, 8, 16, 32, 64])
        XCTAssertGreaterThan(e.last ?? 0, 1e-13) // still above rounding, so the fit is meaningful
    }

    func testFixedStepMethodsAlsoRunBackwardAtTheirOrder() throws {
        try assertOrder(expected: 4, method: { .rk4(steps: $0) }, steps: [8, 16, 32, 64], backward: true)
    }
}
