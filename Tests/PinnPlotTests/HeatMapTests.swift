import XCTest

@testable import PinnPlot

final class HeatMapTests: XCTestCase {
    /// Bilinear sampling reproduces a bilinear function exactly, including between nodes of a
    /// non-uniform grid.
    func testSamplingIsExactForBilinearFunctions() throws {
        let x = [0.0, 0.3, 1.0, 2.0], y = [-1.0, 0.5, 1.0]
        func f(_ a: Double, _ b: Double) -> Double { 2 + 3 * a - b + 0.5 * a * b }
        let values = y.flatMap { b in x.map { a in f(a, b) } }
        let map = try HeatMap(x: x, y: y, values: values, title: "f")
        for (a, b) in [(0.1, -0.2), (1.7, 0.9), (0.0, -1.0), (2.0, 1.0), (0.65, 0.75)] {
            XCTAssertEqual(map.sample(a, b), f(a, b), accuracy: 1e-12, "at (\(a), \(b))")
        }
        XCTAssertTrue(map.sample(-0.1, 0).isNaN)
        XCTAssertTrue(map.sample(1, 1.5).isNaN)
    }

    /// Next to a NaN node the defined neighbours are used while the nearest node is defined;
    /// closer to the NaN node the sample is NaN (shown in the neutral colour).
    func testNaNNodesStayUndefined() throws {
        let map = try HeatMap(x: [0, 1], y: [0, 1], values: [1, 1, 1, .nan], title: "masked")
        XCTAssertEqual(map.sample(0.1, 0.1), 1, accuracy: 1e-12)
        XCTAssertTrue(map.sample(0.9, 0.9).isNaN)
        XCTAssertEqual(map.valueRange.lo, 1 - 1e-3, accuracy: 1e-12) // flat fields get a small range
    }

    func testInvalidGridsAreRejected() {
        XCTAssertThrowsError(try HeatMap(x: [0, 1], y: [0, 1], values: [1, 2, 3], title: ""))
        XCTAssertThrowsError(try HeatMap(x: [0, 0], y: [0, 1], values: [1, 2, 3, 4], title: ""))
        XCTAssertThrowsError(try HeatMap(x: [0], y: [0, 1], values: [1, 2], title: ""))
    }

    /// Drawn with a real font: the centre of the map has the colour of the centre value, pixels
    /// outside the domain the neutral grey, and the colour bar runs from viridis' dark end at the
    /// bottom to its yellow end at the top.
    func testDrawnMapColoursMatchTheData() throws {
        let font = try XCTUnwrap(try? Font.located(), "no font: run scripts/setup.sh (fonts-dejavu-core)")
        let n = 41
        let x = (0..<n).map { Double($0) / Double(n - 1) }
        // u = x on the left half, NaN on the right half (outside the domain).
        let values = x.flatMap { _ in x.map { $0 <= 0.5 ? $0 : .nan } }
        var map = try HeatMap(x: x, y: x, values: values, title: "left half")
        map.range = (0, 1)
        var canvas = Canvas(width: 600, height: 560)
        map.draw(on: &canvas, in: Rect(x: 0, y: 0, width: 600, height: 560), font: font)
        // Find the plot frame: the map's pixels are viridis or grey; search along the middle row.
        let row = 280
        let greys = (0..<600).filter { canvas[$0, row] == RGB.missing }
        XCTAssertFalse(greys.isEmpty, "no neutral grey for the NaN half")
        let viridisLow = ColorMap.viridis.color(at: 0)
        let firstMapPixel = try XCTUnwrap(
            (0..<600).first { canvas[$0, row] == viridisLow || canvas[$0, row] == ColorMap.viridis.color(at: 0.01) })
        let lastGrey = try XCTUnwrap(greys.last)
        // x = 0.25 sits a quarter of the way across the map: its colour is viridis(0.25) (within interpolation).
        let quarter = firstMapPixel + (lastGrey - firstMapPixel) / 4
        let colour = canvas[quarter, row], expected = ColorMap.viridis.color(at: 0.25)
        XCTAssertLessThanOrEqual(abs(Int(colour.g) - Int(expected.g)), 6, "\(colour) vs \(expected)")
        // The colour bar right of the map: yellow at its top, dark at its bottom.
        let column = try XCTUnwrap(
            ((lastGrey + 1)..<600).first {
                canvas[$0, row] != .white && canvas[$0, row] != RGB.ink && canvas[$0, row].b < 200
            })
        let bar = (0..<560).map { canvas[column + 4, $0] }.filter { $0 != .white }
        XCTAssertTrue(bar.contains(ColorMap.viridis.color(at: 1)) || bar.contains(ColorMap.viridis.color(at: 0.995)))
    }

    func testFontRendersText() throws {
        let font = try XCTUnwrap(try? Font.located(), "no font: run scripts/setup.sh (fonts-dejavu-core)")
        let wide = font.render("10⁻³ residual", size: 18), narrow = font.render("1", size: 18)
        XCTAssertGreaterThan(wide.width, narrow.width * 5)
        XCTAssertGreaterThan(wide.alpha.filter { $0 > 128 }.count, 50)
        XCTAssertEqual(font.render("", size: 18).alpha.allSatisfy { $0 == 0 }, true)
    }
}
