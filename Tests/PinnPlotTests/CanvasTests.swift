import XCTest

@testable import PinnPlot

final class CanvasTests: XCTestCase {
    func testFillCoversExactlyThePixelsWhoseCentresAreInside() {
        var canvas = Canvas(width: 10, height: 10)
        canvas.fill(Rect(x: 2, y: 3, width: 4, height: 2), with: .black)
        var filled: [[Int]] = []
        for y in 0..<10 { for x in 0..<10 where canvas[x, y] == .black { filled.append([x, y]) } }
        XCTAssertEqual(filled, [[2, 3], [3, 3], [4, 3], [5, 3], [2, 4], [3, 4], [4, 4], [5, 4]])
    }

    /// A horizontal line of width 2 along y = 5 covers rows 4 and 5 fully and leaves rows 3 and 6 alone.
    func testHorizontalLineCoverage() {
        var canvas = Canvas(width: 20, height: 10)
        canvas.strokePolyline([Point(2, 5), Point(18, 5)], color: .black, width: 2)
        XCTAssertEqual(canvas[10, 4], .black)
        XCTAssertEqual(canvas[10, 5], .black)
        XCTAssertEqual(canvas[10, 3], .white)
        XCTAssertEqual(canvas[10, 6], .white)
    }

    /// Dashes [4, 4] along a horizontal line: on for 4 px, off for 4 px.
    func testDashedLineLeavesGaps() {
        var canvas = Canvas(width: 40, height: 6)
        canvas.strokePolyline([Point(0, 3), Point(40, 3)], color: .black, width: 2, dash: [4, 4])
        XCTAssertEqual(canvas[1, 2], .black) // first dash [0, 4)
        XCTAssertEqual(canvas[6, 2], .white) // gap [4, 8)
        XCTAssertEqual(canvas[9, 2], .black) // second dash [8, 12)
        XCTAssertEqual(canvas[14, 2], .white)
    }

    func testClippingKeepsLinesInsideTheRectangle() {
        var canvas = Canvas(width: 20, height: 20)
        canvas.strokePolyline(
            [Point(0, 10), Point(20, 10)], color: .black, width: 3, clip: Rect(x: 5, y: 0, width: 10, height: 20))
        XCTAssertEqual(canvas[2, 10], .white)
        XCTAssertEqual(canvas[10, 10], .black)
        XCTAssertEqual(canvas[17, 10], .white)
    }
}
