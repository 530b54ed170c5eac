import XCTest
@testable import PinnODE

final class ConvergenceOrderTests: XCTestCase {
    /// Final-time errors on y′ = y cos t over [0, 2] at successive halvings of the step.
    private func errors(steps: [Int], _ method: (Int) -> ODEMethod) throws -> [Double] {
        let exact = ExactProblems.sineGrowthExact(2)
        return try steps.map { n in
            let sol = try solveODE(ExactProblems.sineGrowth, from: [1], over: (0, 2), method: method(n))
            XCTAssertEqual(sol.stats.acceptedSteps, n)
            return maxError(sol.states, [exact])
        }
    }

    func testEulerIsFirstOrder() throws {
        let steps = [50, 100, 200, 400, 800]
        let e = try errors(steps: steps) { .euler(steps: $0) }
        let order = observedOrder(steps: steps, errors: e)
        print("Euler errors \(e), order \(order)")
        XCTAssertEqual(order, 1, accuracy: 0.3)
    }

    func testRK4IsFourthOrder() throws {
        let steps = [8, 16, 32, 64, 128]
        let e = try errors(steps: steps) { .rk4(steps: $0) }
        let order = observedOrder(steps: steps, errors: e)
        print("RK4 errors \(e), order \(order)")
        XCTAssertEqual(order, 4, accuracy: 0.3)
    }

    func testFixedStepDormandPrinceIsFifthOrder() throws {
        let steps = [4, 8, 16, 32, 64]
        let e = try errors(steps: steps) { .dormandPrinceFixed(steps: $0) }
        let order = observedOrder(steps: steps, errors: e)
        print("Dormand–Prince (fixed) errors \(e), order \(order)")
        XCTAssertEqual(order, 5, accuracy: 0.3)
        XCTAssertGreaterThan(e.last ?? 0, 1e-13)   // still above rounding, so the fit is meaningful
    }

    func testFixedStepMethodsAlsoRunBackwardAtTheirOrder() throws {
        // From y(2) back to y(0) = 1.
        let steps = [8, 16, 32, 64]
        let y2 = ExactProblems.sineGrowthExact(2)
        let e = try steps.map { n in
            let sol = try solveODE(ExactProblems.sineGrowth, from: y2, over: (2, 0), method: .rk4(steps: n))
            return abs(sol.states[0][0] - 1)
        }
        XCTAssertEqual(observedOrder(steps: steps, errors: e), 4, accuracy: 0.3)
    }
}
