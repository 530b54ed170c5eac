import Foundation
import PinnIO
import XCTest

final class SimplexMeshGeometryTests: XCTestCase {
    /// ∮ x·n ds = d · |Ω| (divergence theorem for the field x): checks measures and outward
    /// orientation of a closed boundary at once.
    private func assertDivergenceTheorem(_ mesh: SimplexMesh, file: StaticString = #filePath, line: UInt = #line) {
        let measures = mesh.facetMeasures(), normals = mesh.facetNormals()
        var flux = 0.0
        for facet in 0..<mesh.facets.count {
            let c = mesh.centroid(ofElement: facet, dimension: mesh.dimension - 1)
            flux += ((c * normals[facet]).sum()) * measures[facet]
        }
        XCTAssertEqual(flux, Double(mesh.dimension) * mesh.totalMeasure, accuracy: 1e-12, file: file, line: line)
    }

    func testLShapeAreaPerimeterAndNormals() throws {
        let mesh = try MeshFixtures.load("lshape.msh")
        XCTAssertEqual(mesh.totalMeasure, 3, accuracy: 1e-13)
        XCTAssertTrue(mesh.cellMeasures().allSatisfy { $0 > 0 })
        let lengths = mesh.facetMeasures()
        XCTAssertEqual(mesh.facetIndices(inGroup: "outer").map { lengths[$0] }.reduce(0, +), 6, accuracy: 1e-13)
        XCTAssertEqual(mesh.facetIndices(inGroup: "reentrant").map { lengths[$0] }.reduce(0, +), 2, accuracy: 1e-13)
        XCTAssertTrue(mesh.facetCells().allSatisfy { $0 != nil }, "every boundary facet is the side of a cell")
        // Outward normals known from the geometry: the domain lies below y = 0 for x > 0 and
        // left of x = 0 for y > 0, so the re-entrant edges face +y and +x.
        let normals = mesh.facetNormals()
        for facet in 0..<mesh.facets.count {
            let c = mesh.centroid(ofElement: facet, dimension: 1)
            let expected: SIMD3<Double>
            if abs(c.y + 1) < 1e-12 {
                expected = [0, -1, 0]
            } else if abs(c.x - 1) < 1e-12 {
                expected = [1, 0, 0]
            } else if abs(c.y) < 1e-12 && c.x > 0 {
                expected = [0, 1, 0]
            } else if abs(c.x) < 1e-12 && c.y > 0 {
                expected = [1, 0, 0]
            } else if abs(c.y - 1) < 1e-12 {
                expected = [0, 1, 0]
            } else if abs(c.x + 1) < 1e-12 {
                expected = [-1, 0, 0]
            } else {
                XCTFail("facet \(facet) at \(c) is not on the L's boundary"); continue
            }
            XCTAssertEqual(normals[facet], expected, "facet \(facet) at \(c)")
        }
        assertDivergenceTheorem(mesh)
    }

    /// The boundary circles are inscribed polygons with N_o, N_i sides, so the area is exactly
    /// A = (N_o/2) R² sin(2π/N_o) − (N_i/2) r² sin(2π/N_i), and |A − π(R² − r²)| ≤ (2π³/3)(R²/N_o² + r²/N_i²)
    /// (sin t ≥ t − t³/6). Measured: 64 and 28 equal chords, |A − π(R² − r²)| = 8.4e-4 (the two
    /// polygon deficits partly cancel) against a bound of 9.3e-3.
    func testDiskWithHoleAreaMatchesThePolygonsAndTheAnnulus() throws {
        let mesh = try MeshFixtures.load("disk_with_hole.msh")
        let (bigR, smallR) = (1.0, 0.4)
        let nOuter = Double(mesh.facetIndices(inGroup: "outer").count),
            nInner = Double(mesh.facetIndices(inGroup: "inner").count)
        let polygonArea =
            nOuter / 2 * bigR * bigR * sin(2 * .pi / nOuter) - nInner / 2 * smallR * smallR * sin(2 * .pi / nInner)
        XCTAssertEqual(mesh.totalMeasure, polygonArea, accuracy: 1e-12)
        let annulus = Double.pi * (bigR * bigR - smallR * smallR)
        let bound = 2 * pow(.pi, 3) / 3 * (bigR * bigR / (nOuter * nOuter) + smallR * smallR / (nInner * nInner))
        XCTAssertLessThanOrEqual(abs(mesh.totalMeasure - annulus), bound)
        XCTAssertEqual(mesh.totalMeasure, annulus, accuracy: 1e-3, "measured 8.4e-4")

        let lengths = mesh.facetMeasures()
        let perimeter = nOuter * 2 * bigR * sin(.pi / nOuter) + nInner * 2 * smallR * sin(.pi / nInner)
        XCTAssertEqual(lengths.reduce(0, +), perimeter, accuracy: 1e-12)
        // Likewise 2π(R + r) − perimeter ≤ (π³/3)(R/N_o² + r/N_i²) = 7.797e-3 (measured 7.793e-3).
        let perimeterBound = pow(.pi, 3) / 3 * (bigR / (nOuter * nOuter) + smallR / (nInner * nInner))
        XCTAssertLessThanOrEqual(abs(lengths.reduce(0, +) - 2 * .pi * (bigR + smallR)), perimeterBound)

        // A chord's normal is radial at its midpoint: outward on the outer circle, toward the centre on the hole.
        let normals = mesh.facetNormals()
        for (group, sign) in [("outer", 1.0), ("inner", -1.0)] {
            for facet in mesh.facetIndices(inGroup: group) {
                let c = mesh.centroid(ofElement: facet, dimension: 1)
                let radial = c / (c * c).sum().squareRoot()
                for k in 0..<3 {
                    XCTAssertEqual(normals[facet][k], sign * radial[k], accuracy: 1e-12, "\(group) \(facet)")
                }
            }
        }
        assertDivergenceTheorem(mesh)
    }

    func testCubeVolumeFaceAreasAndNormals() throws {
        let mesh = try MeshFixtures.load("cube.msh")
        XCTAssertEqual(mesh.totalMeasure, 1, accuracy: 1e-13)
        XCTAssertTrue(mesh.cellMeasures().allSatisfy { $0 > 0 })
        let areas = mesh.facetMeasures()
        for (group, area) in [("bottom", 1.0), ("top", 1.0), ("sides", 4.0)] {
            XCTAssertEqual(
                mesh.facetIndices(inGroup: group).map { areas[$0] }.reduce(0, +), area, accuracy: 1e-13, group)
        }
        let normals = mesh.facetNormals()
        for facet in mesh.facetIndices(inGroup: "bottom") { XCTAssertEqual(normals[facet], [0, 0, -1]) }
        for facet in mesh.facetIndices(inGroup: "top") { XCTAssertEqual(normals[facet], [0, 0, 1]) }
        for facet in mesh.facetIndices(inGroup: "sides") {
            let n = normals[facet], c = mesh.centroid(ofElement: facet, dimension: 2)
            XCTAssertEqual(n.z, 0, accuracy: 1e-15)
            // Outward: along the face's axis, toward the side of the cube it is on.
            if abs(n.x) > 0.5 {
                XCTAssertEqual(n.x, c.x < 0.5 ? -1 : 1, accuracy: 1e-15)
            } else {
                XCTAssertEqual(n.y, c.y < 0.5 ? -1 : 1, accuracy: 1e-15)
            }
        }
        assertDivergenceTheorem(mesh)
    }

    func testNormalsPointAwayFromTheirCell() throws {
        for name in ["lshape.msh", "disk_with_hole.msh", "cube.msh"] {
            let mesh = try MeshFixtures.load(name)
            let owners = mesh.facetCells(), normals = mesh.facetNormals()
            for facet in 0..<mesh.facets.count {
                let cell = try XCTUnwrap(owners[facet])
                // The cell's node opposite the facet lies on the negative side of the facet plane.
                let facetNodes = Set(mesh.facets.nodes(of: facet))
                let opposite = try XCTUnwrap(mesh.cells.nodes(of: cell).first { !facetNodes.contains($0) })
                let onFacet = mesh.nodes[try XCTUnwrap(facetNodes.first)]
                XCTAssertLessThan(
                    ((mesh.nodes[opposite] - onFacet) * normals[facet]).sum(), 0, "\(name) facet \(facet)")
                XCTAssertEqual((normals[facet] * normals[facet]).sum(), 1, accuracy: 1e-14)
            }
        }
    }
}
