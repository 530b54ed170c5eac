import XCTest

@testable import PinnPlot

final class ColorMapTests: XCTestCase {
    /// The published viridis table (matplotlib's, CC0) starts at (0.267004, 0.004874, 0.329415),
    /// is (0.127568, 0.566949, 0.550556) at entry 128 of 256 and ends at (0.993248, 0.906157, 0.143936).
    func testViridisMatchesThePublishedValues() {
        func rgb(_ r: Double, _ g: Double, _ b: Double) -> RGB {
            RGB(UInt8((r * 255).rounded()), UInt8((g * 255).rounded()), UInt8((b * 255).rounded()))
        }
        let map = ColorMap.viridis
        XCTAssertEqual(map.color(at: 0), rgb(0.267004, 0.004874, 0.329415))
        XCTAssertEqual(map.color(at: 1), rgb(0.993248, 0.906157, 0.143936))
        XCTAssertEqual(map.color(at: 0).description, "#440154")
        XCTAssertEqual(map.color(at: 1).description, "#FDE725")
        XCTAssertEqual(map.color(at: 128.0 / 255), rgb(0.127568, 0.566949, 0.550556))
    }

    /// Viridis is designed with lightness increasing monotonically: the relative luminance of
    /// consecutive entries never decreases (by more than the 8-bit rounding).
    func testViridisLuminanceIncreases() {
        func luminance(_ c: RGB) -> Double {
            func linear(_ v: UInt8) -> Double {
                let s = Double(v) / 255
                return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
        }
        let values = (0...255).map { luminance(ColorMap.viridis.color(at: Double($0) / 255)) }
        for (a, b) in zip(values, values.dropFirst()) { XCTAssertGreaterThanOrEqual(b, a - 1e-3) }
        XCTAssertGreaterThan(values.last! - values.first!, 0.6)
    }

    func testOutOfRangeValuesClampToTheEnds() {
        let map = ColorMap.viridis
        XCTAssertEqual(map.color(at: -3), map.color(at: 0))
        XCTAssertEqual(map.color(at: 7), map.color(at: 1))
        XCTAssertEqual(map.color(at: .nan), map.color(at: 0))
    }
}
