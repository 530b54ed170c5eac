import PinnNumerics
import XCTest

final class LUFactorizationTests: XCTestCase {
    /// A = [[4, 1, 2], [0, 3, 1], [2, 1, 5]] column-major, which needs no pivoting at step 1 but is
    /// not symmetric, so A x = b and Aᵀ x = b differ.
    private let matrix: [Double] = [4, 0, 2, 1, 3, 1, 2, 1, 5]

    private func multiply(_ a: [Double], _ x: [Double], transposed: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: 3)
        for i in 0..<3 {
            for j in 0..<3 { out[i] += (transposed ? a[j + i * 3] : a[i + j * 3]) * x[j] }
        }
        return out
    }

    func testSolvesTheSystemAndItsTranspose() throws {
        var lu = LUFactorization()
        try lu.factor(size: 3) { $0 = matrix }
        let x = [1.0, -2.0, 0.5]
        for transposed in [false, true] {
            var b = multiply(matrix, x, transposed: transposed)
            lu.solve(&b, transposed: transposed)
            for i in 0..<3 { XCTAssertEqual(b[i], x[i], accuracy: 1e-14, "transposed \(transposed)") }
        }
    }

    func testRefactoringTheSameSizeReusesItsStorageAndPivotingHandlesAZeroLeadingEntry() throws {
        var lu = LUFactorization(size: 2)
        try lu.factor(size: 2) { m in
            m[0] = 0
            m[1] = 1
            m[2] = 1
            m[3] = 0
        }
        var b = [2.0, 3.0]
        lu.solve(&b)
        XCTAssertEqual(b, [3, 2])
    }

    func testASingularMatrixIsReportedWithItsColumn() {
        var lu = LUFactorization()
        XCTAssertThrowsError(try lu.factor(size: 2) { $0 = [1, 2, 2, 4] }) { error in
            XCTAssertEqual(error as? LUFactorization.Failure, .singular(column: 1))
        }
    }
}
