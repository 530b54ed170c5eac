import XCTest

@testable import PinnNumerics

final class QuasiRandomTests: XCTestCase {
    func testBase2RadicalInverseFirstPointsAreExact() {
        var h = HaltonSequence(dimension: 1, shiftSeed: nil)
        let xs = h.fill(count: 7)!.map { $0[0] }
        let expected: [Double] = [0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]
        XCTAssertEqual(xs, expected)
    }

    func testBase3RadicalInverseFirstPointsAreExact() {
        var h = HaltonSequence(dimension: 2, shiftSeed: nil)
        let ys = h.fill(count: 5)!.map { $0[1] }
        let expected: [Double] = [1.0 / 3.0, 2.0 / 3.0, 1.0 / 9.0, 4.0 / 9.0, 7.0 / 9.0]
        for (y, e) in zip(ys, expected) { XCTAssertEqual(y, e, accuracy: 1e-15) }
    }

    func testPointsStayInUnitCubeWithAndWithoutShift() {
        for seed in [nil, UInt64(7)] {
            var h = HaltonSequence(dimension: 4, shiftSeed: seed)
            for p in h.fill(count: 2000)! {
                XCTAssertEqual(p.count, 4)
                for x in p { XCTAssertTrue(x >= 0 && x < 1) }
            }
        }
    }

    func testShiftSeedGivesNewReproduciblePoints() {
        var a = HaltonSequence(dimension: 2, shiftSeed: 1)
        var b = HaltonSequence(dimension: 2, shiftSeed: 1)
        var c = HaltonSequence(dimension: 2, shiftSeed: 2)
        let pa = a.fill(count: 10)!
        XCTAssertEqual(pa, b.fill(count: 10)!)
        XCTAssertNotEqual(pa, c.fill(count: 10)!)
    }

    func testFillWithNegativeCountIsNil() {
        var h = HaltonSequence(dimension: 1, shiftSeed: nil)
        XCTAssertNil(h.fill(count: -1))
        XCTAssertEqual(h.fill(count: 0)!, [])
    }

    func testTwoDimensionalBoxCountsAreWithinOnePercentOfNab() {
        let n = 4096
        for seed in [nil, UInt64(3)] {
            var h = HaltonSequence(dimension: 2, shiftSeed: seed)
            let pts = h.fill(count: n)!
            for (a, b) in [(0.5, 0.5), (0.3, 0.7), (0.9, 0.2), (0.25, 0.8), (0.6, 0.6)] {
                let count = pts.filter { $0[0] < a && $0[1] < b }.count
                let expected = Double(n) * a * b
                XCTAssertEqual(
                    Double(count), expected, accuracy: 0.01 * expected,
                    "box [0,\(a))×[0,\(b)) seed \(String(describing: seed))")
            }
        }
    }
}
