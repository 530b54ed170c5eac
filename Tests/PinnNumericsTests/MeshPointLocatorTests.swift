import PinnNumerics
import XCTest

/// `BoxBucketGrid` against brute force, and `MeshPointLocator` on small meshes.
final class MeshPointLocatorTests: XCTestCase {
    /// Random boxes of varied sizes in 2-D and 3-D: the boxes meeting a query box are exactly the
    /// brute-force ones, and a point's bucket lists every box that holds it.
    func testBucketGridFindsTheSameBoxesAsBruteForce() {
        var generator = SeededGenerator(seed: 7)
        for d in [2, 3] {
            var lower: [Double] = [], upper: [Double] = []
            for _ in 0..<300 {
                for _ in 0..<d {
                    let a = generator.uniform(-2.0, 3.0)
                    lower.append(a)
                    upper.append(a + generator.uniform(0.0, 0.6))
                }
            }
            let grid = BoxBucketGrid(dimension: d, boxLower: lower, boxUpper: upper)
            XCTAssertEqual(grid.count, 300)
            func meets(_ b: Int, _ lo: [Double], _ hi: [Double]) -> Bool {
                (0..<d).allSatisfy { lower[b * d + $0] <= hi[$0] && upper[b * d + $0] >= lo[$0] }
            }
            for _ in 0..<200 {
                let centre = (0..<d).map { _ in generator.uniform(-3.0, 4.0) }
                let radius = generator.uniform(0.0, 0.5)
                let lo = centre.map { $0 - radius }, hi = centre.map { $0 + radius }
                XCTAssertEqual(
                    grid.boxes(meetingLower: lo, upper: hi), (0..<300).filter { meets($0, lo, hi) }, "d = \(d)")
                let candidates = Set(grid.candidates(at: centre))
                for b in 0..<300 where meets(b, centre, centre) {
                    XCTAssertTrue(candidates.contains(b), "box \(b) holds \(centre) but is not a candidate")
                }
            }
        }
    }

    /// The unit square as two triangles and the unit tetrahedron: interior points find their cell,
    /// points on the shared diagonal, on sides and at corners are found despite rounding, points
    /// outside are not.
    func testLocatorFindsTheCellOfInteriorBoundaryAndOutsidePoints() {
        let square = MeshPointLocator(dimension: 2, nodes: [0, 0, 1, 0, 1, 1, 0, 1], cells: [0, 1, 2, 0, 2, 3])
        XCTAssertEqual(square.cell(containing: [0.7, 0.2]), 0)
        XCTAssertEqual(square.cell(containing: [0.2, 0.7]), 1)
        for p in [[0.3, 0.3], [0.0, 0.0], [1.0, 1.0], [1.0, 0.4], [0.0, 0.9], [0.1 + 0.2, 0.3]] {
            XCTAssertNotNil(square.cell(containing: p), "\(p)")
        }
        for p in [[1.0 + 1e-6, 0.5], [-0.01, 0.5], [0.5, 1.2], [0.5]] {
            XCTAssertNil(square.cell(containing: p), "\(p)")
        }
        let tetrahedron = MeshPointLocator(
            dimension: 3, nodes: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], cells: [0, 1, 2, 3])
        XCTAssertEqual(tetrahedron.cell(containing: [0.2, 0.2, 0.2]), 0)
        XCTAssertEqual(tetrahedron.cell(containing: [1.0 / 3, 1.0 / 3, 1.0 / 3]), 0)
        XCTAssertNil(tetrahedron.cell(containing: [0.4, 0.4, 0.4]))
    }
}
