import Foundation
import XCTest

@testable import PinnODE

final class RadauTests: XCTestCase {
    /// y′ = A y with A = V diag(−1, −1000) V⁻¹, V = [[1, 1], [1, −1]]: from y(0) = (2, 0) the solution
    /// is (e^{−t} + e^{−1000t}, e^{−t} − e^{−1000t}), stiffness ratio 1000.
    static func stiffLinear(_ t: Double, _ y: [Double], _ dy: inout [Double]) {
        dy[0] = -500.5 * y[0] + 499.5 * y[1]
        dy[1] = 499.5 * y[0] - 500.5 * y[1]
    }
    static func stiffLinearJacobian(_ t: Double, _ y: [Double], _ j: inout [Double]) {
        j[0] = -500.5
        j[1] = 499.5
        j[2] = 499.5
        j[3] = -500.5
    }
    static func stiffLinearExact(_ t: Double) -> [Double] {
        [exp(-t) + exp(-1000 * t), exp(-t) - exp(-1000 * t)]
    }

    func testTransformationDiagonalisesTheInverseOfTheRadauMatrix() {
        let a = RadauIIA5.a, t = RadauIIA5.t, ti = RadauIIA5.tInverse
        func product(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
            (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0) { $0 + x[i][$1] * y[$1][j] } } }
        }
        // T⁻¹A⁻¹T = Λ ⇔ A T Λ = T.
        let g = RadauIIA5.gamma, al = RadauIIA5.alpha, be = RadauIIA5.beta
        let lambda = [[g, 0, 0], [0, al, -be], [0, be, al]]
        let atl = product(product(a, t), lambda)
        let identity = product(t, ti)
        for i in 0..<3 {
            XCTAssertEqual(a[i].reduce(0, +), RadauIIA5.c[i], accuracy: 1e-15, "row sums of A are c")
            for j in 0..<3 {
                XCTAssertEqual(atl[i][j], t[i][j], accuracy: 1e-14, "A T Λ = T at (\(i), \(j))")
                XCTAssertEqual(identity[i][j], i == j ? 1 : 0, accuracy: 1e-14, "T T⁻¹ = I at (\(i), \(j))")
            }
        }
        // The error weights: eᵀA·c^k = −1, 0, 0 for k = 0, 1, 2 (h f + Σ e_i Z_i = O(h⁴)).
        let e = RadauIIA5.errorWeights
        for (k, expected) in [-1.0, 0, 0].enumerated() {
            var s = 0.0
            for i in 0..<3 { for j in 0..<3 { s += e[i] * a[i][j] * pow(RadauIIA5.c[j], Double(k)) } }
            XCTAssertEqual(s, expected, accuracy: 1e-14, "eᵀA c^\(k)")
        }
    }

    /// Final-time errors of Radau IIA with `steps` equal steps (Newton converged tightly, no error control).
    private func fixedStepErrors(
        _ f: ODEFunction, jacobian: ODEJacobian?, y0: [Double], span: (Double, Double), exact: [Double],
        steps: [Int]
    ) throws -> [Double] {
        try steps.map { n in
            let h = (span.1 - span.0) / Double(n)
            var integrator = RadauIntegrator(stateDimension: y0.count)
            integrator.fixedSteps = true
            try integrator.restart(
                f, t0: span.0, y0: y0, end: span.1,
                options: AdaptiveOptions(
                    relativeTolerance: 1e-10, absoluteTolerance: 1e-10, initialStep: abs(h), maxStepSize: abs(h)))
            try integrator.advance(to: span.1, f, jacobian: jacobian)
            XCTAssertEqual(integrator.stats.acceptedSteps, n)
            XCTAssertEqual(integrator.stats.rejectedSteps, 0)
            return maxError([integrator.y], [exact])
        }
    }

    func testRadauIsFifthOrderWithEqualStepsOnANonAutonomousProblem() throws {
        let steps = [4, 8, 16, 32]
        let errors = try fixedStepErrors(
            ExactProblems.sineGrowth, jacobian: nil, y0: [1], span: (0, 2), exact: ExactProblems.sineGrowthExact(2),
            steps: steps)
        let order = observedOrder(steps: steps, errors: errors)
        print("Radau IIA, equal steps, y′ = y cos t: errors \(errors), observed order \(order)")
        XCTAssertEqual(order, 5, accuracy: 0.3)
        XCTAssertGreaterThan(errors.last ?? 0, 1e-13)
    }

    func testRadauIsFifthOrderWithEqualStepsOnAStiffLinearSystem() throws {
        // Steps h ≥ 0.0625 put h·1000 far into the stiff range; the fast mode is damped (L-stability).
        let steps = [10, 20, 40, 80]
        let errors = try fixedStepErrors(
            Self.stiffLinear, jacobian: Self.stiffLinearJacobian, y0: [2, 0], span: (0, 5),
            exact: Self.stiffLinearExact(5), steps: steps)
        let order = observedOrder(steps: steps, errors: errors)
        print("Radau IIA, equal steps, stiff linear system: errors \(errors), observed order \(order)")
        XCTAssertEqual(order, 5, accuracy: 0.3)
    }

    func testRadauReachesItsToleranceOnAStiffSystemInFewStepsWhereDormandPrinceIsStabilityLimited() throws {
        var steps: [Int] = []
        for tol in [1e-6, 1e-8, 1e-10] {
            let sol = try solveODE(
                Self.stiffLinear, jacobian: Self.stiffLinearJacobian, from: [2, 0], over: (0, 10),
                method: .radau5(AdaptiveOptions(tolerance: tol)))
            let error = maxError(sol.states, [Self.stiffLinearExact(10)])
            print("Radau IIA at tol \(tol): \(sol.stats.acceptedSteps) steps, error \(error)")
            XCTAssertLessThanOrEqual(error, tol)
            steps.append(sol.stats.acceptedSteps)
        }
        // Dormand–Prince is held at its stability limit h ≈ 3.3/1000 over the whole span.
        let explicit = try solveODE(
            Self.stiffLinear, from: [2, 0], over: (0, 10),
            method: .dormandPrince(AdaptiveOptions(tolerance: 1e-6)))
        print("Dormand–Prince at 1e-6: \(explicit.stats.acceptedSteps) steps")
        XCTAssertGreaterThan(explicit.stats.acceptedSteps, 20 * steps[0])
    }

    func testFiniteDifferenceAndExactJacobiansGiveTheSameSolutionToTolerance() throws {
        let options = AdaptiveOptions(tolerance: 1e-8)
        let exact = try solveODE(
            Self.stiffLinear, jacobian: Self.stiffLinearJacobian, from: [2, 0], over: (0, 5), method: .radau5(options))
        let differenced = try solveODE(Self.stiffLinear, from: [2, 0], over: (0, 5), method: .radau5(options))
        XCTAssertLessThan(maxError(exact.states, differenced.states), 1e-9)
        XCTAssertLessThan(maxError(exact.states, [Self.stiffLinearExact(5)]), 1e-8)
        XCTAssertGreaterThan(exact.stats.jacobianEvaluations, 0)
        XCTAssertLessThan(exact.stats.functionEvaluations, differenced.stats.functionEvaluations)
    }

    func testDenseOutputFollowsTheSolutionBetweenStepsAndBackwardRunsToo() throws {
        let options = AdaptiveOptions(tolerance: 1e-7)
        let endOnly = try solveODE(ExactProblems.oscillator, from: [1, 0], over: (0, 10), method: .radau5(options))
        let times = grid(0, 10, count: 2001)
        let sol = try solveODE(
            ExactProblems.oscillator, from: [1, 0], over: (0, 10), saveAt: times, method: .radau5(options))
        let error = maxError(sol.states, times.map(ExactProblems.oscillatorExact))
        print("Radau dense output: max error \(error) over \(times.count) times, \(sol.stats.acceptedSteps) steps")
        XCTAssertEqual(sol.stats, endOnly.stats)
        XCTAssertEqual(sol.states.last ?? [], endOnly.states[0])
        XCTAssertLessThan(sol.stats.acceptedSteps, 200) // so most save times lie strictly inside steps
        XCTAssertLessThan(error, 1e-7)
        let back = try solveODE(
            ExactProblems.oscillator, from: ExactProblems.oscillatorExact(10), over: (10, 0), method: .radau5(options))
        XCTAssertLessThan(maxError(back.states, [[1, 0]]), 1e-7)
    }
}
