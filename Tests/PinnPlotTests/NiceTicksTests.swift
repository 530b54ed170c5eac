import XCTest

@testable import PinnPlot

final class NiceTicksTests: XCTestCase {
    /// Heckbert's nice numbers: rounded to the nearest of 1, 2, 5, 10 (thresholds 1.5, 3, 7), or
    /// the smallest of them not below x.
    func testNiceNumbers() {
        let rounded: [(Double, Double)] = [
            (0.4, 0.5), (1.4, 1), (1.6, 2), (2.9, 2), (3.1, 5), (6.9, 5), (7.1, 10), (0.00042, 0.0005), (730, 1000)
        ]
        for (x, expected) in rounded {
            XCTAssertEqual(NiceTicks.niceNumber(x, rounding: true), expected, accuracy: expected * 1e-12, "round \(x)")
        }
        let ceiling: [(Double, Double)] = [(1, 1), (1.2, 2), (2, 2), (2.1, 5), (5.5, 10), (0.031, 0.05)]
        for (x, expected) in ceiling {
            XCTAssertEqual(NiceTicks.niceNumber(x, rounding: false), expected, accuracy: expected * 1e-12, "ceil \(x)")
        }
    }

    func testLinearTicksStayInRangeAtNiceSteps() {
        XCTAssertEqual(NiceTicks.linear(lo: -1, hi: 1, count: 5), [-1, -0.5, 0, 0.5, 1])
        // A range a hair wider than [−1, 1] (a learned field) still gets the same ticks.
        XCTAssertEqual(NiceTicks.linear(lo: -1.0000004, hi: 1.0000005, count: 5), [-1, -0.5, 0, 0.5, 1])
        let small = NiceTicks.linear(lo: 0, hi: 0.00203, count: 6)
        XCTAssertEqual(small.count, 5)
        for (tick, expected) in zip(small, [0, 0.0005, 0.001, 0.0015, 0.002]) {
            XCTAssertEqual(tick, expected, accuracy: 1e-15)
        }
        let odd = NiceTicks.linear(lo: 0.13, hi: 0.97, count: 5)
        XCTAssertEqual(odd.first!, 0.2, accuracy: 1e-12)
        XCTAssertEqual(odd.last!, 0.8, accuracy: 1e-12)
        XCTAssertTrue(odd.allSatisfy { $0 >= 0.13 && $0 <= 0.97 })
        XCTAssertEqual(NiceTicks.linear(lo: 3, hi: 3), [3])
        let loose = NiceTicks.looseRange(lo: 0.93, hi: 6.94, count: 6)
        XCTAssertEqual(loose.lo, 0)
        XCTAssertEqual(loose.hi, 7)
    }

    func testLabelsUseJustEnoughDecimalsAndTheMinusSign() {
        XCTAssertEqual(NiceTicks.labels(for: [-1, -0.5, 0, 0.5, 1], step: 0.5), ["−1.0", "−0.5", "0", "0.5", "1.0"])
        XCTAssertEqual(NiceTicks.labels(for: [0, 5, 10], step: 5), ["0", "5", "10"])
        XCTAssertEqual(NiceTicks.labels(for: [0, 0.001, 0.002], step: 0.001), ["0", "0.001", "0.002"])
        XCTAssertEqual(NiceTicks.labels(for: [0, 1e-4, 2e-4], step: 1e-4), ["0", "1e−4", "2e−4"])
        XCTAssertEqual(NiceTicks.labels(for: [0, 2.5e-5, 5e-5], step: 2.5e-5), ["0", "2.5e−5", "5e−5"])
        XCTAssertEqual(NiceTicks.labels(for: [0, 2e5, 4e5], step: 2e5), ["0", "2e5", "4e5"])
    }

    func testLogTicksAreDecadesThinnedToTheLimit() {
        XCTAssertEqual(NiceTicks.logarithmic(lo: 1e-3, hi: 1), [1e-3, 1e-2, 1e-1, 1])
        XCTAssertEqual(NiceTicks.logarithmic(lo: 2e-3, hi: 50), [1e-2, 1e-1, 1, 10])
        let many = NiceTicks.logarithmic(lo: 1e-12, hi: 1e4, maxCount: 8)
        XCTAssertLessThanOrEqual(many.count, 8)
        XCTAssertEqual(many.first, 1e-12)
        XCTAssertEqual(NiceTicks.decadeLabel(1e-3), "10⁻³")
        XCTAssertEqual(NiceTicks.decadeLabel(1e12), "10¹²")
        XCTAssertEqual(NiceTicks.decadeLabel(1), "1")
        XCTAssertEqual(NiceTicks.decadeLabel(10), "10")
    }
}
