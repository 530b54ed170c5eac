import XCTest

@testable import PinnPlot

final class AxisScaleTests: XCTestCase {
    func testLinearHorizontalAndVerticalMapping() {
        let x = AxisScale(domain: (-1, 1), range: (100, 500))
        XCTAssertEqual(x.pixel(-1), 100)
        XCTAssertEqual(x.pixel(1), 500)
        XCTAssertEqual(x.pixel(0), 300)
        XCTAssertEqual(x.value(atPixel: 400), 0.5, accuracy: 1e-12)
        // A vertical axis: the low value at the bottom (larger pixel row).
        let y = AxisScale(domain: (0, 10), range: (480, 80))
        XCTAssertEqual(y.pixel(0), 480)
        XCTAssertEqual(y.pixel(10), 80)
        XCTAssertEqual(y.pixel(2.5), 380)
        for v in stride(from: 0.0, through: 10, by: 0.7) {
            XCTAssertEqual(y.value(atPixel: y.pixel(v)), v, accuracy: 1e-12)
        }
    }

    func testLogarithmicMappingIsLinearInDecades() {
        let y = AxisScale(kind: .logarithmic, domain: (1e-3, 10), range: (400, 0))
        XCTAssertEqual(y.pixel(1e-3), 400, accuracy: 1e-9)
        XCTAssertEqual(y.pixel(1e-2), 300, accuracy: 1e-9)
        XCTAssertEqual(y.pixel(1), 100, accuracy: 1e-9)
        XCTAssertEqual(y.value(atPixel: 200), 0.1, accuracy: 1e-12)
        XCTAssertTrue(y.pixel(0).isNaN)
        XCTAssertTrue(y.pixel(-1).isNaN)
    }
}
