import PinnMeshing
import XCTest

/// Boxes: exact volume, each face in its part (left/right/bottom/top/front/back), facets covering
/// the boundary and pointing outward, positive tetrahedra, quadratic edge nodes at midpoints.
final class BoxMeshTests: XCTestCase {
    let lower = SIMD3(-0.5, 0.0, 1.0)
    let upper = SIMD3(0.5, 2.0, 1.5)

    func testBoxFacesVolumeAndOrientation() throws {
        let domain = MeshDomain.box(lower: lower, upper: upper)
        for order in [1, 2] {
            let mesh = try generateMesh(domain, order: order, meshSize: 0.2)
            print("box h 0.2: \(mesh.summary)")
            XCTAssertEqual(
                mesh.summary,
                "3-D order \(order) mesh: \(mesh.nodeCount) nodes, \(mesh.cellCount) cells, "
                    + "\(mesh.facetCount) boundary facets")
            XCTAssertEqual(mesh.dimension, 3)
            XCTAssertEqual(mesh.nodesPerCell, order == 2 ? 10 : 4)
            XCTAssertEqual(mesh.straightMeasure, 1, accuracy: 1e-12)
            for c in 0..<mesh.cellCount { XCTAssertGreaterThan(mesh.straightCellMeasure(c), 0, "cell \(c)") }
            XCTAssertEqual(
                (0..<6).map(domain.boundaryPartName), ["left", "right", "bottom", "top", "front", "back"])
            XCTAssertEqual(Set(mesh.facetParts), Set(0..<6))

            let centre = (lower + upper) / 2
            for f in 0..<mesh.facetCount {
                let part = mesh.facetParts[f]
                let axis = part / 2
                let bound = part % 2 == 0 ? lower[axis] : upper[axis]
                for node in mesh.facet(f) { XCTAssertEqual(mesh.point(node)[axis], bound, accuracy: 1e-13) }
                // Outward: the normal (v1 − v0) × (v2 − v0) points along ±axis, away from the centre.
                let v = mesh.facet(f).prefix(3).map(mesh.position)
                let normal = cross(v[1] - v[0], v[2] - v[0])
                XCTAssertGreaterThan(normal[axis] * (bound - centre[axis]), 0, "facet \(f) points inward")
            }
            let extent = upper - lower
            for part in 0..<6 {
                let axis = part / 2
                let faceArea = extent[(axis + 1) % 3] * extent[(axis + 2) % 3]
                XCTAssertEqual(mesh.facetMeasure(part: part), faceArea, accuracy: 1e-12, "part \(part)")
            }
            XCTAssertEqual(
                Set(mesh.facets.chunks(of: mesh.nodesPerFacet).map { $0.prefix(3).sorted() }),
                mesh.boundaryFacesOfCells)
            if order == 2 {
                assertEdgeNodesAtMidpoints(mesh, "box")
                XCTAssertEqual(mesh.isoparametricMeasure, 1, accuracy: 1e-12)
            }
        }
    }
}
