import XCTest

@testable import PinnNumerics

final class SobolSequenceTests: XCTestCase {
    func testFirstPointsMatchTheKnownSequence() {
        // The unscrambled 2-D Sobol sequence (Joe & Kuo dimension 2, polynomial x + 1, m = 1).
        var s = SobolSequence(dimension: 2)
        let expected: [[Double]] = [
            [0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75],
            [0.375, 0.375], [0.875, 0.875], [0.625, 0.125], [0.125, 0.625]
        ]
        for e in expected { XCTAssertEqual(s.next(), e) }
    }

    /// Every elementary box [a/2^i, (a+1)/2^i) × [b/2^(m−i), (b+1)/2^(m−i)) holds exactly one of
    /// the first 2^m points, for each pair of coordinates of the first three dimensions and with a
    /// digital shift ((0, m, 2)-net in dims 1–2; pairs with dim 3 are (t, m, 2)-nets with t ≤ 1).
    func testFirstPowerOfTwoPointsFormANet() {
        for seed in [nil, UInt64(7)] as [UInt64?] {
            var s = SobolSequence(dimension: 3, shiftSeed: seed)
            let m = 8, n = 1 << m
            let points = (0..<n).map { _ in s.next() }
            for (j1, j2, t) in [(0, 1, 0), (0, 2, 1), (1, 2, 1)] {
                for i in 0...(m - t) {
                    var counts = [Int: Int]()
                    for p in points {
                        let a = Int(p[j1] * Double(1 << i)), b = Int(p[j2] * Double(1 << (m - t - i)))
                        counts[a << 16 | b, default: 0] += 1
                    }
                    XCTAssertEqual(
                        counts.count, 1 << (m - t), "dims \(j1),\(j2) split \(i), seed \(String(describing: seed))")
                    XCTAssertTrue(counts.values.allSatisfy { $0 == 1 << t })
                }
            }
        }
    }

    func testShiftChangesPointsAndStaysInUnitCube() {
        var a = SobolSequence(dimension: 8, shiftSeed: 1), b = SobolSequence(dimension: 8, shiftSeed: 2)
        var differ = false
        for _ in 0..<1000 {
            let p = a.next(), q = b.next()
            XCTAssertTrue(p.allSatisfy { $0 >= 0 && $0 < 1 })
            differ = differ || p != q
        }
        XCTAssertTrue(differ)
    }

    /// The mean of a smooth function converges faster than Monte Carlo's n^(−1/2): with 4096
    /// points in 4-D the error of ∫ Π cos(x_j) is far below 1/√4096.
    func testIntegratesSmoothFunctionAccurately() {
        var s = SobolSequence(dimension: 4)
        let n = 4096
        var sum = 0.0
        for _ in 0..<n { sum += s.next().reduce(1) { $0 * cos($1) } }
        let exact = pow(sin(1.0), 4)
        XCTAssertLessThan(abs(sum / Double(n) - exact), 1e-3)
    }
}
