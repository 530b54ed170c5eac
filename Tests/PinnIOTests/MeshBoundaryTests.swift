import Foundation
import PinnIO
import XCTest

/// `SimplexMesh.boundary(ofCells:)` finds the boundary from the cells' connectivity alone; the
/// example meshes list every boundary facet in a physical group, so the two must agree, and the
/// divergence theorem checks measures and orientation independently.
final class MeshBoundaryTests: XCTestCase {
    /// ∮ n dS = 0 and ∮ x·n dS = d·|Ω| over the faces (centroid rule, exact for these linear integrands).
    private func assertClosed(
        _ mesh: SimplexMesh, _ boundary: MeshBoundary, measure: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var flux = 0.0, total = SIMD3<Double>.zero
        for face in 0..<boundary.count {
            let nodes = boundary.nodes(of: face).map { mesh.nodes[$0] }
            let centroid = nodes.reduce(SIMD3<Double>.zero, +) / Double(nodes.count)
            flux += (centroid * boundary.normals[face]).sum() * boundary.measures[face]
            total += boundary.normals[face] * boundary.measures[face]
        }
        XCTAssertEqual(flux, Double(mesh.dimension) * measure, accuracy: 1e-12, file: file, line: line)
        for k in 0..<3 { XCTAssertEqual(total[k], 0, accuracy: 1e-12, file: file, line: line) }
    }

    func testTheBoundaryOfEveryExampleMeshIsItsListedFacetsWithTheirOutwardNormals() throws {
        for name in ["lshape.msh", "disk_with_hole.msh", "cube.msh"] {
            let mesh = try MeshFixtures.load(name)
            let boundary = mesh.boundary()
            XCTAssertEqual(boundary.count, mesh.facets.count, name)
            XCTAssertEqual(
                Set(boundary.facets.compactMap { $0 }), Set(0..<mesh.facets.count), "\(name): every facet once")
            let normals = mesh.facetNormals(), lengths = mesh.facetMeasures()
            for face in 0..<boundary.count {
                guard let facet = boundary.facets[face] else { XCTFail("\(name): face \(face) has no facet"); continue }
                XCTAssertEqual(Set(boundary.nodes(of: face)), Set(mesh.facets.nodes(of: facet)), name)
                XCTAssertEqual(boundary.measures[face], lengths[facet], accuracy: 1e-15, name)
                for k in 0..<3 { XCTAssertEqual(boundary.normals[face][k], normals[facet][k], accuracy: 1e-14, name) }
                XCTAssertTrue(
                    mesh.cells.nodes(of: boundary.cells[face]).contains(boundary.nodes(of: face).first!), name)
            }
            assertClosed(mesh, boundary, measure: mesh.totalMeasure)
        }
    }

    /// One triangle of the unit square: its diagonal is a boundary face of the triangle that the file
    /// lists in no group, with the normal pointing away from the triangle.
    func testTheBoundaryOfSomeCellsIncludesFacesInNoGroup() throws {
        let mesh = try SimplexMesh.parseGmsh(MeshFixtures.square, file: "square.msh")
        let whole = mesh.boundary()
        XCTAssertEqual(whole.count, 4)
        XCTAssertTrue(whole.facets.allSatisfy { $0 != nil })
        let half = mesh.boundary(ofCells: [0]) // nodes (0,0), (1,0), (1,1)
        XCTAssertEqual(half.count, 3)
        XCTAssertEqual(half.facets.filter { $0 == nil }.count, 1)
        let diagonal = try XCTUnwrap(half.facets.firstIndex { $0 == nil })
        XCTAssertEqual(Set(half.nodes(of: diagonal)), [0, 2])
        XCTAssertEqual(half.measures[diagonal], 2.0.squareRoot(), accuracy: 1e-15)
        let s = 0.5.squareRoot()
        XCTAssertEqual(half.normals[diagonal].x, -s, accuracy: 1e-15)
        XCTAssertEqual(half.normals[diagonal].y, s, accuracy: 1e-15)
        assertClosed(mesh, half, measure: 0.5)
    }

    func testWeightedChoiceAndSimplexPointsFollowTheirDefinitions() throws {
        let choice = WeightedElementChoice(elements: [7, 8, 9], weights: [1, 0, 3])
        XCTAssertEqual(choice.total, 4)
        XCTAssertEqual([0, 0.24, 0.25, 0.9, 0.999].map { choice.element(at: $0) }, [7, 7, 9, 9, 9])
        let mesh = try SimplexMesh.parseGmsh(MeshFixtures.square, file: "square.msh")
        let triangle = mesh.cells.nodes(of: 0) // (0,0), (1,0), (1,1)
        // Sorted cuts c₁ ≤ c₂ give weights (c₁, c₂ − c₁, 1 − c₂) on the three vertices.
        XCTAssertEqual(mesh.point(inSimplex: triangle, at: [0.5, 0.25]), SIMD3(0.75, 0.5, 0))
        XCTAssertEqual(mesh.point(inSimplex: triangle, at: [0, 0]), SIMD3(1, 1, 0))
        XCTAssertEqual(mesh.point(inSimplex: triangle, at: [1, 1]), SIMD3(0, 0, 0))
    }
}
