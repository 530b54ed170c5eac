import PinnNumerics
import XCTest

@testable import PinnTraining

/// f(x) = Σᵢ 100(x_{i+1} − xᵢ²)² + (1 − xᵢ)², minimum 0 at (1, …, 1).
func rosenbrock(_ x: [Double], _ g: inout [Double]) -> Double {
    var f = 0.0
    for i in g.indices { g[i] = 0 }
    for i in 0..<(x.count - 1) {
        let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
        f += 100 * a * a + b * b
        g[i] += -400 * a * x[i] - 2 * b
        g[i + 1] += 200 * a
    }
    return f
}

final class RosenbrockTests: XCTestCase {
    func testLBFGSMinimisesRosenbrockTo1e10() {
        for n in [2, 10] {
            var x = [Double](repeating: 0, count: n)
            for i in 0..<n { x[i] = i % 2 == 0 ? -1.2 : 1 }
            let result = LBFGS<Double>(gradientTolerance: 1e-10).minimize(&x, maxIterations: 500, objective: rosenbrock)
            XCTAssertLessThan(result.value, 1e-16, "n=\(n) \(result)")
            for xi in x { XCTAssertEqual(xi, 1, accuracy: 1e-8, "n=\(n)") }
            XCTAssertLessThan(result.iterations, 200)
        }
    }

    func testAdamMinimisesRosenbrockTo1e6() {
        var x = [-1.2, 1.0]
        var adam = Adam<Double>(parameterCount: 2, schedule: .cosine(rate: 2e-2, floor: 1e-5, steps: 20_000))
        var g = [0.0, 0.0]
        for _ in 0..<20_000 {
            _ = rosenbrock(x, &g)
            adam.update(&x, gradient: g)
        }
        XCTAssertLessThan(rosenbrock(x, &g), 1e-6)
        XCTAssertEqual(x[0], 1, accuracy: 1e-3)
        XCTAssertEqual(x[1], 1, accuracy: 2e-3)
    }

    func testStrongWolfeConditionsHoldAtTheAcceptedStep() {
        // φ(α) = f(x + αp) for Rosenbrock from (−1.2, 1) along steepest descent.
        var g = [0.0, 0.0]
        let x0 = [-1.2, 1.0]
        let f0 = rosenbrock(x0, &g)
        let p = g.map { -$0 }
        let slope0 = zip(g, p).reduce(0) { $0 + $1.0 * $1.1 }
        let search = StrongWolfeLineSearch(c1: 1e-4, c2: 0.1)
        let outcome = search.search(value0: f0, slope0: slope0, initialStep: 1) { a in
            var ga = [0.0, 0.0]
            let fa = rosenbrock([x0[0] + a * p[0], x0[1] + a * p[1]], &ga)
            return (fa, ga[0] * p[0] + ga[1] * p[1])
        }
        guard case .accepted(let pt) = outcome else { return XCTFail("line search failed: \(outcome)") }
        XCTAssertLessThanOrEqual(pt.value, f0 + 1e-4 * pt.alpha * slope0)
        XCTAssertLessThanOrEqual(abs(pt.slope), 0.1 * abs(slope0))
    }

    func testLearningRateSchedules() {
        XCTAssertEqual(LearningRateSchedule.constant(rate: 0.1).rate(at: 1000), 0.1)
        let e = LearningRateSchedule.exponentialDecay(rate: 1, factor: 0.5, every: 100)
        XCTAssertEqual(e.rate(at: 200), 0.25, accuracy: 1e-15)
        let c = LearningRateSchedule.cosine(rate: 1, floor: 0.1, steps: 100)
        XCTAssertEqual(c.rate(at: 0), 1, accuracy: 1e-15)
        XCTAssertEqual(c.rate(at: 50), 0.55, accuracy: 1e-15)
        XCTAssertEqual(c.rate(at: 100), 0.1)
    }
}
