import Foundation
import PinnIO
import XCTest

final class GmshReaderTests: XCTestCase {
    func testReadsTheHandWrittenSquare() throws {
        let mesh = try SimplexMesh.parseGmsh(MeshFixtures.square, file: "square.msh")
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.nodes, [SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(0, 1, 0)])
        XCTAssertEqual(mesh.nodeTags, [1, 2, 3, 4])
        XCTAssertEqual(mesh.cells.count, 2)
        XCTAssertEqual(mesh.cells.connectivity, [0, 1, 2, 0, 2, 3])
        XCTAssertEqual(mesh.cells.elementTags, [5, 6])
        XCTAssertEqual(mesh.facets.count, 4)
        XCTAssertEqual(Array(mesh.facets.nodes(of: 3)), [3, 0])
        XCTAssertEqual(
            mesh.physicalGroups,
            [
                PhysicalGroup(dimension: 1, tag: 1, name: "boundary"),
                PhysicalGroup(dimension: 2, tag: 2, name: "the domain")
            ])
        XCTAssertEqual(mesh.cellGroupNames(1), ["the domain"])
        XCTAssertEqual(mesh.facetGroupNames(0), ["boundary"])
        XCTAssertEqual(mesh.facetIndices(inGroup: "boundary"), [0, 1, 2, 3])
        XCTAssertEqual(mesh.cellIndices(inGroup: "the domain"), [0, 1])
        XCTAssertEqual(mesh.facetIndices(inGroup: "nowhere"), [])
        XCTAssertEqual(mesh.points.count, 0)
    }

    func testReadsTheLShape() throws {
        let mesh = try MeshFixtures.load("lshape.msh")
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.nodes.count, 406)
        XCTAssertGreaterThan(mesh.cells.count, 500)
        XCTAssertEqual(Set(mesh.physicalGroups.map(\.name)), ["outer", "reentrant", "corner", "domain"])
        XCTAssertEqual(mesh.cellIndices(inGroup: "domain").count, mesh.cells.count)
        XCTAssertEqual(
            mesh.facetIndices(inGroup: "outer").count + mesh.facetIndices(inGroup: "reentrant").count,
            mesh.facets.count)
        XCTAssertEqual(mesh.points.count, 1, "the physical point 'corner'")
        XCTAssertEqual(mesh.nodes[mesh.points.connectivity[0]], SIMD3(0, 0, 0))
        XCTAssertEqual(mesh.groups(ofElement: 0, dimension: 0).map(\.name), ["corner"])
        // Every facet and point refers to a node of the cells.
        let cellNodes = Set(mesh.cells.connectivity)
        XCTAssertTrue(mesh.facets.connectivity.allSatisfy(cellNodes.contains))
    }

    func testReadsTheDiskWithHole() throws {
        let mesh = try MeshFixtures.load("disk_with_hole.msh")
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.facetIndices(inGroup: "outer").count, 64)
        XCTAssertEqual(mesh.facetIndices(inGroup: "inner").count, 28)
        for facet in mesh.facetIndices(inGroup: "inner") {
            for node in mesh.facets.nodes(of: facet) {
                let p = mesh.nodes[node]
                XCTAssertEqual((p.x * p.x + p.y * p.y).squareRoot(), 0.4, accuracy: 1e-12)
            }
        }
    }

    func testReadsTheCube() throws {
        let mesh = try MeshFixtures.load("cube.msh")
        XCTAssertEqual(mesh.dimension, 3)
        XCTAssertEqual(mesh.cells.nodesPerElement, 4)
        XCTAssertEqual(mesh.facets.nodesPerElement, 3)
        XCTAssertGreaterThan(mesh.cells.count, 300)
        XCTAssertEqual(Set(mesh.physicalGroups.map(\.name)), ["bottom", "top", "sides", "domain"])
        for facet in mesh.facetIndices(inGroup: "top") {
            XCTAssertTrue(mesh.facets.nodes(of: facet).allSatisfy { mesh.nodes[$0].z == 1 })
        }
        XCTAssertEqual(mesh.elements[1].count, 0, "edges are not saved without a physical curve")
    }

    // MARK: malformed files

    private func assertFails(
        _ text: String, line: Int, _ reason: GmshError.Reason,
        file: StaticString = #filePath, testLine: UInt = #line
    ) {
        XCTAssertThrowsError(try SimplexMesh.parseGmsh(text, file: "bad.msh"), file: file, line: testLine) { error in
            guard let error = error as? GmshError else { return XCTFail("\(error)", file: file, line: testLine) }
            XCTAssertEqual(error.file, "bad.msh", file: file, line: testLine)
            XCTAssertEqual(error.line, line, "\(error)", file: file, line: testLine)
            XCTAssertEqual(error.reason, reason, "\(error)", file: file, line: testLine)
        }
    }

    func testWrongVersionIsRejectedAtItsLine() {
        assertFails(MeshFixtures.square(replacingLine: 2, with: "2.2 0 8"), line: 2, .unsupportedVersion("2.2"))
        assertFails(MeshFixtures.square(replacingLine: 2, with: "4 0 8"), line: 2, .unsupportedVersion("4"))
        assertFails(
            MeshFixtures.square(replacingLine: 2, with: "4.1 1 8"), line: 2,
            .unsupportedEncoding("file type 1 (binary)"))
    }

    func testUnsupportedElementTypeNamesTypeAndLine() {
        // A quadrangle block in place of the triangles.
        let text = MeshFixtures.square(replacingLine: 33, with: "2 1 3 1")
            .replacingOccurrences(of: "5 1 2 3\n6 1 3 4\n", with: "5 1 2 3 4\n")
        assertFails(text, line: 33, .unsupportedElementType(3, name: "4-node quadrangle"))
        XCTAssertThrowsError(try SimplexMesh.parseGmsh(text, file: "bad.msh")) { error in
            XCTAssertEqual(
                "\(error)",
                "bad.msh:33: element type 3 (4-node quadrangle) is not supported "
                    + "(expected 1 line, 2 triangle, 4 tetrahedron, their quadratic forms 8, 9, 11, or 15 point)")
        }
    }

    /// A cubic mesh (`gmsh -order 3`) is refused with what to do instead.
    func testCubicTrianglesAskForAQuadraticMesh() {
        let text = MeshFixtures.square(replacingLine: 33, with: "2 1 21 2")
        XCTAssertThrowsError(try SimplexMesh.parseGmsh(text, file: "cubic.msh")) { error in
            XCTAssertTrue(
                "\(error)".hasPrefix(
                    "cubic.msh:33: element type 21 (10-node third-order triangle; pinn reads linear and quadratic "
                        + "meshes: gmsh -order 2) is not supported"), "\(error)")
        }
    }

    func testUndefinedNodeTagIsReportedAtTheElement() {
        assertFails(MeshFixtures.square(replacingLine: 35, with: "6 1 3 9"), line: 35, .undefinedNode(9))
    }

    func testTruncatedFilesReportTheLastLine() {
        assertFails(MeshFixtures.square(firstLines: 34), line: 34, .truncated(expected: "an element tag"))
        assertFails(MeshFixtures.square(firstLines: 22), line: 22, .truncated(expected: "a node's x"))
        assertFails(MeshFixtures.square(firstLines: 35), line: 35, .truncated(expected: "$EndElements"))
        assertFails(MeshFixtures.square(firstLines: 2), line: 2, .truncated(expected: "$EndMeshFormat"))
        // A whole section missing.
        assertFails(MeshFixtures.square(firstLines: 25), line: 25, .missingSection("Elements"))
    }

    func testSectionsWithTheWrongLayoutAreRejected() {
        // An extra coordinate shifts the node block: $EndNodes is expected where a coordinate stands.
        assertFails(
            MeshFixtures.square(replacingLine: 21, with: "0 0 0 0"), line: 24,
            .malformed("expected $EndNodes, found '0': the $Nodes section does not have the MSH 4.1 layout"))
        assertFails(
            MeshFixtures.square(replacingLine: 23, with: "1 one 0"), line: 23,
            .malformed("expected a node's y (a number), found 'one'"))
        assertFails(
            MeshFixtures.square(replacingLine: 33, with: "1 1 2 2"), line: 33,
            .malformed("element type 2 (3-node triangle) has dimension 2, but the block's entity has dimension 1"))
        assertFails(
            MeshFixtures.square(replacingLine: 18, with: "1"), line: 18, .malformed("node tag 1 is defined twice"))
        assertFails("4.1 0 8\n", line: 1, .malformed("expected a section such as $Nodes, found '4.1'"))
        assertFails(MeshFixtures.square(replacingLine: 1, with: "$Nodes"), line: 1, .missingSection("MeshFormat"))
    }

    func testUnknownSectionsAreSkipped() throws {
        let text =
            MeshFixtures.square + "$NodeData\n1\n\"u\"\n1\n0.0\n3\n0\n1\n4\n1 0.5\n2 0.5\n3 0.5\n4 0.5\n$EndNodeData\n"
        XCTAssertEqual(try SimplexMesh.parseGmsh(text).cells.count, 2)
        assertFails(MeshFixtures.square + "$Comments\nhello\n", line: 38, .truncated(expected: "$EndComments"))
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try SimplexMesh.readGmsh(at: "/nonexistent/mesh.msh")) { error in
            guard let error = error as? GmshError, case .unreadable = error.reason else { return XCTFail("\(error)") }
            XCTAssertEqual(error.file, "/nonexistent/mesh.msh")
        }
    }
}
