import PinnReference
import XCTest

/// The domains' answers to the solver's geometric questions.
final class FDDomainTests: XCTestCase {
    func testLShapeContainsItsBoundaryButNotTheNotch() {
        XCTAssertTrue(lShape.contains([0, 0]))
        XCTAssertTrue(lShape.contains([0.5, 0]))
        XCTAssertTrue(lShape.contains([-1, 1]))
        XCTAssertTrue(lShape.contains([-0.5, 0.5]))
        XCTAssertFalse(lShape.contains([0.5, 0.5]))
        XCTAssertFalse(lShape.contains([1.1, -0.5]))
    }

    func testLShapeSegmentsAlongEdgesDoNotCrossTheBoundary() {
        XCTAssertNil(lShape.boundaryCrossing(from: [0, 0], axis: 0, direction: 1, within: 0.25))
        XCTAssertNil(lShape.boundaryCrossing(from: [0, 0], axis: 1, direction: 1, within: 0.25))
        XCTAssertNil(lShape.boundaryCrossing(from: [-0.25, 0], axis: 0, direction: 1, within: 0.25))
    }

    func testLShapeCrossingsReportDistanceAndOutwardNormal() throws {
        let up = try XCTUnwrap(lShape.boundaryCrossing(from: [0.5, 0], axis: 1, direction: 1, within: 0.25))
        XCTAssertEqual(up.distance, 0)
        XCTAssertEqual(up.normal, [0, 1])
        let right = try XCTUnwrap(lShape.boundaryCrossing(from: [-0.1, 0.5], axis: 0, direction: 1, within: 0.25))
        XCTAssertEqual(right.distance, 0.1, accuracy: 1e-15)
        XCTAssertEqual(right.normal, [1, 0])
        // At the convex corner (1, 0) each direction leaves through its own edge.
        XCTAssertEqual(lShape.boundaryCrossing(from: [1, 0], axis: 0, direction: 1, within: 0.25)?.normal, [1, 0])
        XCTAssertEqual(lShape.boundaryCrossing(from: [1, 0], axis: 1, direction: 1, within: 0.25)?.normal, [0, 1])
        XCTAssertEqual(lShape.edgeIndex(containing: [1, 0], normal: [0, 1]), 2)
        XCTAssertEqual(lShape.edgeIndex(containing: [1, 0], normal: [1, 0]), 1)
    }

    func testClockwisePolygonStillHasOutwardNormals() {
        let square = FDPolygon(vertices: [[0, 0], [0, 1], [1, 1], [1, 0]])
        XCTAssertEqual(square.boundaryCrossing(from: [0.5, 0.5], axis: 0, direction: -1, within: 1)?.normal, [-1, 0])
    }

    func testDiskCrossingLiesOnTheCircle() throws {
        let disk = FDDisk(center: [0.5, 0], radius: 1)
        let crossing = try XCTUnwrap(disk.boundaryCrossing(from: [0.5, 0.6], axis: 1, direction: 1, within: 0.5))
        XCTAssertEqual(crossing.distance, 0.4, accuracy: 1e-14)
        XCTAssertEqual(crossing.normal[1], 1, accuracy: 1e-14)
        XCTAssertNil(disk.boundaryCrossing(from: [0.5, 0.5], axis: 1, direction: 1, within: 0.5))
    }

    func testBoxCrossingsAtFacesAndCorners() {
        let box = FDBox(lower: [0, 0, 0], upper: [1, 2, 3])
        XCTAssertEqual(box.boundaryCrossing(from: [1, 2, 1], axis: 1, direction: 1, within: 0.5)?.distance, 0)
        XCTAssertEqual(box.boundaryCrossing(from: [1, 2, 1], axis: 0, direction: 1, within: 0.5)?.normal, [1, 0, 0])
        XCTAssertNil(box.boundaryCrossing(from: [1, 2, 1], axis: 2, direction: 1, within: 0.5))
        XCTAssertTrue(FDBox.face(ofNormal: [0, 0, -1])! == (2, -1))
    }
}
