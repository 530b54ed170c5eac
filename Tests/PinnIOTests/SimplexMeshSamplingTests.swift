import Foundation
import PinnIO
import PinnNumerics
import XCTest

final class SimplexMeshSamplingTests: XCTestCase {
    /// Barycentric coordinates of `p` in the triangle `a b c` (x, y only).
    private func barycentric(_ p: SIMD3<Double>, _ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) -> [Double]
    {
        let det = (b.y - c.y) * (a.x - c.x) + (c.x - b.x) * (a.y - c.y)
        let l1 = ((b.y - c.y) * (p.x - c.x) + (c.x - b.x) * (p.y - c.y)) / det
        let l2 = ((c.y - a.y) * (p.x - c.x) + (a.x - c.x) * (p.y - c.y)) / det
        return [l1, l2, 1 - l1 - l2]
    }

    func testCellSamplesAreUniformOverTheLShape() throws {
        let mesh = try MeshFixtures.load("lshape.msh")
        var generator = SeededGenerator(seed: 7)
        let n = 30_000
        let samples = mesh.sampleCells(count: n, using: &generator)
        XCTAssertEqual(samples.count, n)
        XCTAssertEqual(samples.points.count, 2 * n)
        XCTAssertTrue(samples.normals.isEmpty)
        var quadrants = [0, 0, 0, 0] // (−,−), (+,−), (−,+), (+,+)
        var mean = SIMD3<Double>.zero
        for i in 0..<n {
            let p = samples.point(i)
            let cell = mesh.cells.nodes(of: samples.elements[i]).map { mesh.nodes[$0] }
            XCTAssertTrue(
                barycentric(p, cell[0], cell[1], cell[2]).allSatisfy { $0 >= -1e-12 }, "point \(i) outside its cell")
            quadrants[(p.x > 0 ? 1 : 0) + (p.y > 0 ? 2 : 0)] += 1
            mean += p
        }
        mean /= Double(n)
        XCTAssertEqual(quadrants[3], 0, "no point in the removed quadrant")
        // Each quadrant has probability 1/3: standard deviation sqrt(p(1 − p)/n) ≈ 0.0027; allow 4σ.
        for q in 0..<3 { XCTAssertEqual(Double(quadrants[q]) / Double(n), 1.0 / 3, accuracy: 0.011, "quadrant \(q)") }
        // Centroid of the L: (4·0 − 1·0.5)/3 = −1/6 in x and y; σ(mean) ≈ 0.0034.
        XCTAssertEqual(mean.x, -1.0 / 6, accuracy: 0.014)
        XCTAssertEqual(mean.y, -1.0 / 6, accuracy: 0.014)
    }

    func testCellSamplesInTheCubeHaveUniformMoments() throws {
        let mesh = try MeshFixtures.load("cube.msh")
        var generator = SeededGenerator(seed: 11)
        let n = 30_000
        let samples = mesh.sampleCells(count: n, inGroup: "domain", using: &generator)
        XCTAssertEqual(samples.dimension, 3)
        for axis in 0..<3 {
            let values = (0..<n).map { samples.points[$0 * 3 + axis] }
            XCTAssertTrue(values.allSatisfy { (0...1).contains($0) })
            let mean = values.reduce(0, +) / Double(n)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
            XCTAssertEqual(mean, 0.5, accuracy: 4 * (1.0 / 12 / Double(n)).squareRoot(), "axis \(axis)")
            // σ(sample variance) ≈ sqrt((μ₄ − σ⁴)/n), with μ₄ = 1/80 and σ⁴ = 1/144 for U(0, 1): ≈ 4.3e-4.
            let varianceSigma = ((1.0 / 80 - 1.0 / 144) / Double(n)).squareRoot()
            XCTAssertEqual(variance, 1.0 / 12, accuracy: 4 * varianceSigma, "axis \(axis)")
        }
    }

    func testFacetSamplesAreWeightedByLengthAndCarryOutwardNormals() throws {
        let mesh = try MeshFixtures.load("disk_with_hole.msh")
        var generator = SeededGenerator(seed: 3)
        let n = 20_000
        let samples = mesh.sampleFacets(count: n, using: &generator)
        XCTAssertEqual(samples.normals.count, 2 * n)
        let lengths = mesh.facetMeasures()
        let outerLength = mesh.facetIndices(inGroup: "outer").map { lengths[$0] }.reduce(0, +)
        let share = outerLength / lengths.reduce(0, +)
        var onOuter = 0
        for i in 0..<n {
            let p = samples.point(i)
            let r = (p.x * p.x + p.y * p.y).squareRoot()
            let normal = SIMD3(samples.normals[2 * i], samples.normals[2 * i + 1], 0)
            let outward = (normal * p).sum() / r
            if mesh.facetGroupNames(samples.elements[i]) == ["outer"] {
                onOuter += 1
                // On a chord of the unit circle; Gmsh's chords are nearly, not exactly, 2π/64 long.
                XCTAssertTrue(r <= 1 + 1e-12 && r >= cos(.pi / 64) - 1e-4, "r = \(r)")
                XCTAssertGreaterThan(outward, 0.99)
            } else {
                XCTAssertTrue(r <= 0.4 + 1e-12 && r >= 0.4 * cos(.pi / 28) - 1e-4, "r = \(r)")
                XCTAssertLessThan(outward, -0.99, "the hole's normals point into the hole")
            }
        }
        // share ≈ 0.714; σ ≈ sqrt(0.2/20000) ≈ 0.0032, allow 4σ.
        XCTAssertEqual(Double(onOuter) / Double(n), share, accuracy: 0.013)
    }

    func testFacetSamplesCanBeRestrictedToGroups() throws {
        let mesh = try MeshFixtures.load("lshape.msh")
        var generator = SeededGenerator(seed: 5)
        let samples = mesh.sampleFacets(count: 2_000, inGroups: ["reentrant"], using: &generator)
        var onHorizontal = 0
        for i in 0..<samples.count {
            let p = samples.point(i)
            let normal = SIMD2(samples.normals[2 * i], samples.normals[2 * i + 1])
            if abs(p.y) < 1e-12 {
                onHorizontal += 1
                XCTAssertTrue((0...1).contains(p.x))
                XCTAssertEqual(normal, SIMD2(0, 1))
            } else {
                XCTAssertEqual(p.x, 0, accuracy: 1e-12)
                XCTAssertTrue((0...1).contains(p.y))
                XCTAssertEqual(normal, SIMD2(1, 0))
            }
        }
        XCTAssertEqual(Double(onHorizontal) / 2_000, 0.5, accuracy: 0.045) // σ ≈ 0.011
        XCTAssertEqual(mesh.sampleFacets(count: 10, inGroups: ["no such group"], using: &generator).count, 0)
    }

    func testSamplingIsReproducibleFromTheSeed() throws {
        let mesh = try MeshFixtures.load("cube.msh")
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        XCTAssertEqual(mesh.sampleFacets(count: 100, using: &a), mesh.sampleFacets(count: 100, using: &b))
        XCTAssertEqual(mesh.sampleCells(count: 100, using: &a), mesh.sampleCells(count: 100, using: &b))
        XCTAssertNotEqual(mesh.sampleCells(count: 100, using: &a), mesh.sampleCells(count: 100, using: &c))
    }
}
