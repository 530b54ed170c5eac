import PinnNumerics
import XCTest

final class RectilinearGridTests: XCTestCase {
    func testFlatIndexVariesXFastest() {
        let grid = RectilinearGrid(x: [0, 1, 2], y: [0, 1], z: [0, 1, 2, 3])
        XCTAssertEqual(grid.datasetShape, [4, 2, 3])
        XCTAssertEqual(grid.flatIndex([1, 0, 0]), 1)
        XCTAssertEqual(grid.flatIndex([0, 1, 0]), 3)
        XCTAssertEqual(grid.flatIndex([0, 0, 1]), 6)
        XCTAssertEqual(grid.flatIndex([2, 1, 3]), 23)
        for flat in 0..<grid.pointCount { XCTAssertEqual(grid.flatIndex(grid.index(ofFlat: flat)), flat) }
    }

    func testPointCoordinatesFollowStorageOrder() {
        let grid = RectilinearGrid(x: [0, 1, 2], y: [5, 6])
        XCTAssertEqual(grid.pointCoordinates(), [0, 5, 1, 5, 2, 5, 0, 6, 1, 6, 2, 6])
        XCTAssertEqual(RectilinearGrid(x: [3, 4]).pointCoordinates(), [3, 4])
    }

    func testPointCoordinatesAgreeWithFlatIndexIn3D() {
        let grid = RectilinearGrid(x: [0, 1, 2], y: [10, 20], z: [100, 200, 300, 400])
        let points = grid.pointCoordinates()
        XCTAssertEqual(points.count, grid.pointCount * 3)
        for flat in 0..<grid.pointCount {
            let index = grid.index(ofFlat: flat)
            XCTAssertEqual(
                Array(points[3 * flat..<3 * flat + 3]),
                index.indices.map { grid.axes[$0].coordinates[index[$0]] }, "node \(flat)")
        }
    }

    func testUniformGridIncludesBothEnds() {
        let grid = RectilinearGrid.uniform(lower: [-1, 0], upper: [1, 2], counts: [5, 3])
        XCTAssertEqual(grid.axes[0].coordinates, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(grid.axes[1].coordinates, [0, 1, 2])
        XCTAssertEqual(grid.axes.map(\.name), ["x", "y"])
    }
}
