import XCTest

@testable import PinnNumerics

final class SeededGeneratorTests: XCTestCase {
    func testSameSeedGivesTheSameStream() {
        var a = SeededGenerator(seed: 123), b = SeededGenerator(seed: 123), c = SeededGenerator(seed: 124)
        let sa = (0..<100).map { _ in a.next() }
        XCTAssertEqual(sa, (0..<100).map { _ in b.next() })
        XCTAssertNotEqual(sa, (0..<100).map { _ in c.next() })
    }

    func testUniformSamplesStayInRangeWithTheRightMean() {
        var g = SeededGenerator(seed: 1)
        let xs: [Double] = (0..<100_000).map { _ in g.uniform(-1, 3) }
        XCTAssertTrue(xs.allSatisfy { $0 >= -1 && $0 < 3 })
        let mean = xs.reduce(0, +) / Double(xs.count)
        XCTAssertEqual(mean, 1, accuracy: 4 * (16.0 / 12 / 100_000).squareRoot()) // 4σ of the sample mean
    }

    func testNormalSamplesHaveUnitVariance() {
        var g = SeededGenerator(seed: 2)
        let xs = (0..<100_000).map { _ in g.normal() }
        let mean = xs.reduce(0, +) / 1e5
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 1e5
        XCTAssertEqual(mean, 0, accuracy: 0.013) // 4σ = 4/√1e5
        XCTAssertEqual(variance, 1, accuracy: 0.02) // 4σ ≈ 4·√(2/1e5)
    }

    func testMedianOfOddAndEvenSamples() {
        XCTAssertEqual(median([3, 1, 2]), 2)
        XCTAssertEqual(median([4, 1, 3, 2]), 2.5)
    }
}
