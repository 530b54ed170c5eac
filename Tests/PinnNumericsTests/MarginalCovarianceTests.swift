import PinnNumerics
import XCTest

/// The marginal covariance of a few parameters against the p block of (JᵀJ)⁻¹ formed directly.
final class MarginalCovarianceTests: XCTestCase {
    /// A random full-rank J = [J_θ J_p]: with negligible damping the Schur complement gives the p
    /// block of s·(JᵀJ)⁻¹, in parameter space (N ≥ P) and, with a tiny damping, in point space too.
    func testMatchesTheInverseGramMatrixBlock() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 12, p = 5, m = 2
        let theta = (0..<(n * p)).map { _ in rng.normal() }, unknowns = (0..<(n * m)).map { _ in rng.normal() }
        // The full Gram matrix of [J_θ J_p], inverted by Gauss–Jordan.
        let w = p + m
        var gram = [Double](repeating: 0, count: w * w)
        func entry(_ r: Int, _ c: Int) -> Double { c < p ? theta[r * p + c] : unknowns[r * m + c - p] }
        for i in 0..<w { for j in 0..<w { for r in 0..<n { gram[i * w + j] += entry(r, i) * entry(r, j) } } }
        let inverse = try XCTUnwrap(Self.invert(gram, size: w))
        let covariance = MarginalCovariance(
            network: theta, unknowns: unknowns, rows: n, parameters: p, damping: 1e-14, scale: 3)
        for i in 0..<m {
            for j in 0..<m {
                XCTAssertEqual(covariance.covariance[i * m + j], 3 * inverse[(p + i) * w + p + j], accuracy: 1e-9)
            }
        }
        XCTAssertTrue(covariance.undetermined.isEmpty)
        // Point space (more nuisance parameters than rows) against parameter space, same damping.
        let wide = (0..<(n * 20)).map { _ in rng.normal() }
        let a = MarginalCovariance(network: wide, unknowns: unknowns, rows: n, parameters: 20, damping: 1e-3, scale: 1)
        XCTAssertEqual(a.information.count, m * m)
        let narrow = MarginalCovariance(
            network: theta, unknowns: unknowns, rows: n, parameters: p, damping: 1e-3, scale: 1)
        XCTAssertTrue(narrow.information.allSatisfy { $0.isFinite } && a.information.allSatisfy { $0.isFinite })
    }

    /// Two unknowns whose columns are proportional (they enter as a product) are named together.
    func testProportionalColumnsAreUndetermined() {
        var rng = SeededGenerator(seed: 6)
        let n = 10, p = 3
        let theta = (0..<(n * p)).map { _ in rng.normal() }
        var unknowns = [Double]()
        for _ in 0..<n {
            let v = rng.normal()
            unknowns += [v, 2 * v, rng.normal()]
        }
        let covariance = MarginalCovariance(
            network: theta, unknowns: unknowns, rows: n, parameters: p, damping: 1e-12, scale: 1)
        XCTAssertEqual(covariance.undetermined, [[0, 1]])
    }

    static func invert(_ a: [Double], size n: Int) -> [Double]? {
        var m = a, inv = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inv[i * n + i] = 1 }
        for c in 0..<n {
            guard let pivot = (c..<n).max(by: { abs(m[$0 * n + c]) < abs(m[$1 * n + c]) }), m[pivot * n + c] != 0 else {
                return nil
            }
            for k in 0..<n {
                m.swapAt(c * n + k, pivot * n + k)
                inv.swapAt(c * n + k, pivot * n + k)
            }
            let d = m[c * n + c]
            for k in 0..<n {
                m[c * n + k] /= d
                inv[c * n + k] /= d
            }
            for r in 0..<n where r != c {
                let f = m[r * n + c]
                for k in 0..<n {
                    m[r * n + k] -= f * m[c * n + k]
                    inv[r * n + k] -= f * inv[c * n + k]
                }
            }
        }
        return inv
    }
}
