import XCTest

@testable import PinnReference

/// The simplex quadrature rules integrate every polynomial up to their degree exactly:
/// ∫_T λ^α = |T| n! α! / (n + |α|)! on the n-simplex T with barycentric coordinates λ.
final class FEMQuadratureTests: XCTestCase {
    func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }

    /// All exponent vectors of `parts` non-negative entries summing to `total`.
    func exponents(total: Int, parts: Int) -> [[Int]] {
        guard parts > 1 else { return [[total]] }
        return (0...total).flatMap { first in exponents(total: total - first, parts: parts - 1).map { [first] + $0 } }
    }

    /// Σ terms by Neumaier's compensated summation, so that the test's own rounding (hundreds of
    /// terms for product rules) does not count against the rule.
    func compensatedSum(_ terms: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for term in terms {
            let t = sum + term
            compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
            sum = t
        }
        return sum + compensation
    }

    func assertExact(
        _ rule: FEMQuadrature, simplexDimension n: Int, pointCount: Int, degree: Int, positiveWeights: Bool = true,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(rule.points.count, pointCount, file: file, line: line)
        XCTAssertEqual(rule.weights.count, pointCount, file: file, line: line)
        XCTAssertEqual(rule.degree, degree, file: file, line: line)
        for (point, weight) in zip(rule.points, rule.weights) {
            XCTAssertEqual(point.count, n + 1, file: file, line: line)
            XCTAssertEqual(point.reduce(0, +), 1, accuracy: 1e-15, file: file, line: line)
            XCTAssertTrue(
                point.allSatisfy { $0 > 0 && $0 < 1 }, "point \(point) outside the simplex", file: file, line: line)
            if positiveWeights { XCTAssertGreaterThan(weight, 0, file: file, line: line) }
        }
        // Rounding in Σ w_q f(x_q) is of order ε Σ |w_q|: 1 for positive rules, more when weights
        // of both signs cancel (Grundmann–Möller).
        let tolerance = 1e-15 * max(1, rule.weights.reduce(0) { $0 + abs($1) })
        for total in 0...degree {
            for alpha in exponents(total: total, parts: n + 1) {
                let quadrature = compensatedSum(
                    zip(rule.points, rule.weights).map { point, weight in
                        weight * zip(point, alpha).reduce(1.0) { $0 * pow($1.0, Double($1.1)) }
                    })
                let exact = factorial(n) * alpha.reduce(1.0) { $0 * factorial($1) } / factorial(n + total)
                XCTAssertEqual(quadrature, exact, accuracy: tolerance, "λ^\(alpha)", file: file, line: line)
            }
        }
        // And the degree is what it says: some monomial of degree + 1 is missed.
        let missed = exponents(total: degree + 1, parts: n + 1).contains { alpha in
            let quadrature = zip(rule.points, rule.weights).reduce(0.0) { sum, pair in
                sum + pair.1 * zip(pair.0, alpha).reduce(1.0) { $0 * pow($1.0, Double($1.1)) }
            }
            return abs(quadrature - factorial(n) * alpha.reduce(1.0) { $0 * factorial($1) } / factorial(n + degree + 1))
                > 1e-12
        }
        XCTAssertTrue(missed, "the rule is exact beyond degree \(degree)", file: file, line: line)
    }

    func testSegmentRule() {
        assertExact(.segmentGauss2, simplexDimension: 1, pointCount: 2, degree: 3)
    }

    func testTriangleRules() {
        assertExact(.triangleDegree2, simplexDimension: 2, pointCount: 3, degree: 2)
        assertExact(.triangleDegree5, simplexDimension: 2, pointCount: 7, degree: 5)
    }

    func testTetrahedronRules() {
        assertExact(.tetrahedronDegree2, simplexDimension: 3, pointCount: 4, degree: 2)
        assertExact(.tetrahedronDegree5, simplexDimension: 3, pointCount: 14, degree: 5)
    }
}
