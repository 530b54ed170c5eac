import Foundation
import PinnBinding
import PinnIO
import XCTest

/// Which points a mesh domain holds (the check on measurement points): inside its cells yes, in a
/// hole or beyond the mesh no, and on a quadratic mesh also the slivers between a straight cell's
/// chord and the curved boundary its edge nodes describe.
final class MeshContainmentTests: XCTestCase {
    static func mesh(_ name: String) throws -> MeshDomain {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Meshes").appendingPathComponent(name).path
        return try MeshDomain.read(at: path)
    }

    /// The annulus 0.4 ≤ r ≤ 1 (linear cells): the ring yes; the hole and the outside no.
    func testHoleAndOutsideAreRefusedOnALinearMesh() throws {
        let contains = try Self.mesh("disk_with_hole.msh").containment()
        XCTAssertTrue(contains([0.7, 0]))
        XCTAssertTrue(contains([0, -0.55]))
        XCTAssertFalse(contains([0, 0]), "the hole's centre")
        XCTAssertFalse(contains([0.2, 0.1]), "in the hole")
        XCTAssertFalse(contains([1.2, 0]), "outside the disk")
    }

    /// The quadratic unit disk: a point just inside the circle halfway along a boundary edge lies
    /// outside the straight cell (beyond the chord) and still counts; points well outside do not.
    func testCurvedSliversCountOnAQuadraticMesh() throws {
        let domain = try Self.mesh("disk_p2.msh")
        let contains = domain.containment()
        let boundary = domain.boundary
        var sliverPoints = 0
        for face in 0..<boundary.count {
            let nodes = boundary.allNodes(of: face)
            let a = domain.mesh.nodes[nodes[0]], b = domain.mesh.nodes[nodes[1]]
            let mid = (a + b) / 2
            let midLength = (mid.x * mid.x + mid.y * mid.y).squareRoot()
            // On the circle r = 1, a hair inside, at the chord's midpoint angle.
            let onArc = [mid.x / midLength * (1 - 1e-6), mid.y / midLength * (1 - 1e-6)]
            XCTAssertTrue(contains(onArc), "face \(face) at \(onArc)")
            if midLength < 1 - 1e-4 { sliverPoints += 1 }
            // Beyond the circle by a chord length: outside.
            let chord = ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
            XCTAssertFalse(contains([onArc[0] * (1 + chord), onArc[1] * (1 + chord)]), "face \(face)")
        }
        XCTAssertGreaterThan(sliverPoints, 10, "the test needs points beyond the chords")
        XCTAssertTrue(contains([0, 0]))
    }
}
