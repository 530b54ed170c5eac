import XCTest

@testable import PinnPlot

final class TriangleRasterTests: XCTestCase {
    /// The centre of pixel (i, j) of a width × height raster over [x0, x1] × [y0, y1], row 0 at the top.
    func centre(_ i: Int, _ j: Int, width: Int, height: Int, x: (Double, Double), y: (Double, Double)) -> (
        Double, Double
    ) {
        (x.0 + (Double(i) + 0.5) * (x.1 - x.0) / Double(width), y.1 - (Double(j) + 0.5) * (y.1 - y.0) / Double(height))
    }

    /// Twice the unsigned area of the triangle (p, q, r).
    func area(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double)) -> Double {
        abs((q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0))
    }

    /// A linear field over one triangle is reproduced at every pixel centre inside it; centres
    /// outside are NaN. Inside/outside is decided independently, by the areas of the three
    /// sub-triangles summing to the triangle's (a margin keeps rounding out of the comparison).
    func testALinearFieldIsReproducedInsideAndNaNOutside() throws {
        let a = (0.1, 0.2), b = (0.9, 0.3), c = (0.4, 0.95)
        func f(_ p: (Double, Double)) -> Double { 2 + 3 * p.0 - 5 * p.1 }
        let raster = try TriangleRaster(
            x: [a.0, b.0, c.0], y: [a.1, b.1, c.1], triangles: [0, 1, 2], values: [f(a), f(b), f(c)])
        let width = 53, height = 41, xd = (0.0, 1.0), yd = (-0.1, 1.1)
        let values = raster.rasterise(width: width, height: height, xDomain: xd, yDomain: yd)
        XCTAssertEqual(values.count, width * height)
        var inside = 0, outside = 0
        for j in 0..<height {
            for i in 0..<width {
                let p = centre(i, j, width: width, height: height, x: xd, y: yd)
                let excess = area(p, a, b) + area(p, b, c) + area(p, c, a) - area(a, b, c)
                let v = values[j * width + i]
                if excess < -1e-12 || abs(excess) < 1e-9 {
                    XCTAssertEqual(v, f(p), accuracy: 1e-12, "pixel (\(i), \(j)) inside")
                    inside += 1
                } else if excess > 1e-6 {
                    XCTAssertTrue(v.isNaN, "pixel (\(i), \(j)) outside holds \(v)")
                    outside += 1
                }
            }
        }
        // Both kinds occur: the triangle covers 0.2625 of the 1.2 high domain.
        XCTAssertGreaterThan(inside, 300)
        XCTAssertGreaterThan(outside, 1000)
    }

    /// Two triangles sharing the diagonal of the unit square: pixel centres lying exactly on the
    /// shared edge are not lost, every centre of the square is covered, and the piecewise-linear
    /// field (different slopes on the two sides) is the right one on each side.
    func testTrianglesSharingAnEdgeLeaveNoGap() throws {
        // Nodes 0 (0,0), 1 (1,0), 2 (1,1), 3 (0,1); triangles below and above y = x.
        let raster = try TriangleRaster(
            x: [0, 1, 1, 0], y: [0, 0, 1, 1], triangles: [0, 1, 2, 0, 2, 3], values: [0, 1, 3, 1])
        let n = 10
        let values = raster.rasterise(width: n, height: n, xDomain: (0, 1), yDomain: (0, 1))
        for j in 0..<n {
            for i in 0..<n {
                let (px, py) = centre(i, j, width: n, height: n, x: (0, 1), y: (0, 1))
                // Lower triangle (0,0)=0, (1,0)=1, (1,1)=3: u = x + 2y; upper (0,0)=0, (1,1)=3, (0,1)=1: u = 2x + y.
                let expected = py <= px ? px + 2 * py : 2 * px + py
                XCTAssertEqual(values[j * n + i], expected, accuracy: 1e-12, "pixel (\(i), \(j))")
            }
        }
    }

    func testEdgesAreListedOnce() throws {
        let raster = try TriangleRaster(
            x: [0, 1, 1, 0], y: [0, 0, 1, 1], triangles: [0, 1, 2, 0, 2, 3], values: [0, 0, 0, 0])
        XCTAssertEqual(Set(raster.edges.map { [$0.0, $0.1] }), [[0, 1], [1, 2], [0, 2], [2, 3], [0, 3]])
        XCTAssertEqual(raster.edges.count, 5)
    }

    func testInvalidMeshesAreRejected() {
        XCTAssertThrowsError(try TriangleRaster(x: [0, 1], y: [0, 1, 2], triangles: [], values: [0, 0]))
        XCTAssertThrowsError(try TriangleRaster(x: [0, 1, 0], y: [0, 0, 1], triangles: [0, 1, 3], values: [0, 0, 0]))
        XCTAssertThrowsError(try TriangleRaster(x: [0, 1, 0], y: [0, 0, 1], triangles: [0, 1], values: [0, 0, 0]))
    }

    /// Drawn: a square with a square hole (8 triangles) shows the field's colours on the ring and
    /// the neutral grey in the hole.
    func testDrawnHoleIsNeutralGrey() throws {
        let font = try XCTUnwrap(try? Font.located(), "no font: run scripts/setup.sh (fonts-dejavu-core)")
        // Outer corners 0–3, inner corners 4–7 (the hole [1, 2]²), all u = 1 except the inner ones u = 0.
        let x: [Double] = [0, 3, 3, 0, 1, 2, 2, 1], y: [Double] = [0, 0, 3, 3, 1, 1, 2, 2]
        let triangles = [0, 1, 5, 0, 5, 4, 1, 2, 6, 1, 6, 5, 2, 3, 7, 2, 7, 6, 3, 0, 4, 3, 4, 7]
        var map = try TriangleHeatMap(x: x, y: y, triangles: triangles, values: [1, 1, 1, 1, 0, 0, 0, 0], title: "ring")
        map.range = (0, 1)
        var canvas = Canvas(width: 600, height: 560)
        map.draw(on: &canvas, in: Rect(x: 0, y: 0, width: 600, height: 560), font: font)
        // The ring covers the map's whole box but the hole: the grey pixels fill one square
        // rectangle, a third of the map across, with the field's colours on all four sides of it.
        var grey: [(Int, Int)] = []
        for py in 0..<560 { for px in 0..<600 where canvas[px, py] == RGB.missing { grey.append((px, py)) } }
        let left = try XCTUnwrap(grey.map(\.0).min()), right = try XCTUnwrap(grey.map(\.0).max())
        let top = try XCTUnwrap(grey.map(\.1).min()), bottom = try XCTUnwrap(grey.map(\.1).max())
        XCTAssertEqual(grey.count, (right - left + 1) * (bottom - top + 1), "the hole is not one solid rectangle")
        XCTAssertEqual(Double(right - left), Double(bottom - top), accuracy: 2)
        XCTAssertGreaterThan(right - left, 100)
        // Near the hole u is near 0: viridis' dark blue-violet end (little green, much blue).
        func isField(_ px: Int, _ py: Int) -> Bool {
            let c = canvas[px, py]; return c.b > 60 && c.g < 120 && c != RGB.missing
        }
        XCTAssertTrue(isField(left - 5, (top + bottom) / 2) && isField(right + 5, (top + bottom) / 2))
        XCTAssertTrue(isField((left + right) / 2, top - 5) && isField((left + right) / 2, bottom + 5))
        // Near the outer edge (x ≈ 0.05, u ≈ 0.95) the map is viridis' yellow end.
        let outer = canvas[left - (right - left) + 3, (top + bottom) / 2]
        XCTAssertGreaterThan(outer.g, 200, "\(outer)")
        XCTAssertLessThan(outer.b, 100, "\(outer)")
    }
}
