import PinnNumerics
import XCTest

/// `DampedLeastSquares.step` against the conditions that define it, checked with plain loops.
final class DampedLeastSquaresTests: XCTestCase {
    /// A reproducible N × P Jacobian (row by row) and residuals.
    func problem(rows n: Int, parameters p: Int, seed: UInt64) -> (jacobian: [Double], rho: [Double]) {
        var rng = SeededGenerator(seed: seed)
        func uniform() -> Double { Double(rng.next() % 1_000_000) / 500_000 - 1 }
        return ((0..<(n * p)).map { _ in uniform() }, (0..<n).map { _ in uniform() })
    }

    /// max_q |((JᵀJ + μI)δ − Jᵀρ)_q| relative to max_q |(Jᵀρ)_q|.
    func normalEquationsResidual(_ j: [Double], _ rho: [Double], _ delta: [Double], p: Int, mu: Double) -> Double {
        let n = rho.count
        var jd = [Double](repeating: 0, count: n)
        for i in 0..<n { for q in 0..<p { jd[i] += j[i * p + q] * delta[q] } }
        var worst = 0.0, scale = 0.0
        for q in 0..<p {
            var lhs = mu * delta[q], rhs = 0.0
            for i in 0..<n {
                lhs += j[i * p + q] * jd[i]
                rhs += j[i * p + q] * rho[i]
            }
            worst = max(worst, abs(lhs - rhs))
            scale = max(scale, abs(rhs))
        }
        return worst / scale
    }

    func testStepSolvesTheDampedNormalEquationsInParameterAndPointSpace() throws {
        for (n, p) in [(40, 12), (12, 40)] { // P ≤ N: P × P Gram; N < P: N × N (kernel) Gram
            let (j, rho) = problem(rows: n, parameters: p, seed: UInt64(n))
            for mu in [1e-6, 1e-2, 3.0] {
                let step = try DampedLeastSquares.step(jacobian: j, rho: rho, parameters: p, damping: mu)
                XCTAssertLessThan(
                    normalEquationsResidual(j, rho, step.delta, p: p, mu: mu), 1e-9, "N \(n), P \(p), μ \(mu)")
                var before = 0.0, after = 0.0
                for i in 0..<n {
                    var r = rho[i]
                    for q in 0..<p { r -= j[i * p + q] * step.delta[q] }
                    before += rho[i] * rho[i]
                    after += r * r
                }
                XCTAssertEqual(step.predictedDecrease(), before - after, accuracy: 1e-12 * before)
                XCTAssertGreaterThan(step.predictedDecrease(), 0)
            }
        }
    }

    func testUndampedStepIsTheLeastSquaresSolution() throws {
        let (j, rho) = problem(rows: 30, parameters: 7, seed: 5)
        let step = try DampedLeastSquares.step(jacobian: j, rho: rho, parameters: 7, damping: 0)
        // Jᵀ(ρ − Jδ) = 0: the remaining residual is orthogonal to J's columns.
        XCTAssertLessThan(normalEquationsResidual(j, rho, step.delta, p: 7, mu: 0), 1e-12)
    }

    func testASingularUndampedGramIsRefused() {
        // A zero column (a parameter the residuals do not depend on): JᵀJ has a zero pivot without damping.
        var (j, rho) = problem(rows: 10, parameters: 3, seed: 9)
        for i in 0..<10 { j[i * 3 + 2] = 0 }
        XCTAssertThrowsError(try DampedLeastSquares.step(jacobian: j, rho: rho, parameters: 3, damping: 0))
        XCTAssertNoThrow(try DampedLeastSquares.step(jacobian: j, rho: rho, parameters: 3, damping: 1e-3))
    }
}
