import XCTest

@testable import PinnMeshing

/// Invalid input is refused with a typed error that says what is wrong, before Gmsh runs; a
/// failing Gmsh call is named in the error with Gmsh's own message.
final class MeshingErrorTests: XCTestCase {
    private func error(
        _ domain: MeshDomain, order: Int = 1, meshSize: Double = 0.2
    ) -> MeshingError? {
        do {
            _ = try generateMesh(domain, order: order, meshSize: meshSize)
            return nil
        } catch {
            return error
        }
    }

    let square: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(1, 0), SIMD2(1, 1), SIMD2(0, 1)]

    func testTooFewPolygonVertices() {
        XCTAssertEqual(error(.polygon(vertices: [SIMD2(0, 0), SIMD2(1, 0)])), .tooFewPolygonVertices(count: 2))
        XCTAssertEqual(error(.polygon(vertices: [])), .tooFewPolygonVertices(count: 0))
        XCTAssertEqual(
            MeshingError.tooFewPolygonVertices(count: 2).description,
            "a polygon needs at least 3 vertices; this one has 2")
    }

    func testSelfIntersectingPolygonNamesTheCrossingEdges() {
        // A bow tie: edge 0 (0,0)→(1,1) crosses edge 2 (1,0)→(0,1).
        let bowTie: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(1, 1), SIMD2(1, 0), SIMD2(0, 1)]
        XCTAssertEqual(error(.polygon(vertices: bowTie)), .selfIntersectingPolygon(first: 0, second: 2))
        XCTAssert(
            MeshingError.selfIntersectingPolygon(first: 0, second: 2).description.contains("edges 0 and 2 intersect"))
        // A vertex touching a non-adjacent edge: vertex 4 = (1, 0) lies on edge 0.
        let touching: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(2, 0), SIMD2(2, 2), SIMD2(1, 1), SIMD2(1, 0), SIMD2(0, 1)]
        XCTAssertEqual(error(.polygon(vertices: touching)), .selfIntersectingPolygon(first: 0, second: 3))
        // Folding back: edge 1 runs back along edge 0.
        let folded: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(2, 0), SIMD2(1, 0), SIMD2(1, 1)]
        XCTAssertEqual(error(.polygon(vertices: folded)), .selfIntersectingPolygon(first: 0, second: 1))
    }

    func testDegeneratePolygons() {
        let repeated: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(1, 0), SIMD2(1, 0), SIMD2(0, 1)]
        XCTAssertEqual(error(.polygon(vertices: repeated)), .degeneratePolygonEdge(edge: 1))
        let collinear: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(1, 0), SIMD2(3, 0)]
        XCTAssertEqual(error(.polygon(vertices: collinear)), .zeroAreaPolygon)
        XCTAssertEqual(
            error(.polygon(vertices: [SIMD2(0, 0), SIMD2(.nan, 0), SIMD2(0, 1)])),
            .invalidDomain(reason: "polygon vertex 1 coordinate nan is not finite"))
        // Collinear consecutive vertices on a simple polygon are fine (an edge split in two).
        XCTAssertNil(error(.polygon(vertices: [SIMD2(0, 0), SIMD2(0.5, 0), SIMD2(1, 0), SIMD2(0, 1)])))
    }

    func testInvalidOrderSizeAndParameters() {
        XCTAssertEqual(error(.polygon(vertices: square), order: 4), .unsupportedOrder(4))
        XCTAssertEqual(error(.polygon(vertices: square), order: 0), .unsupportedOrder(0))
        XCTAssertEqual(error(.polygon(vertices: square), meshSize: 0), .invalidMeshSize(0))
        XCTAssertEqual(error(.polygon(vertices: square), meshSize: -0.1), .invalidMeshSize(-0.1))
        XCTAssertEqual(error(.polygon(vertices: square), meshSize: .infinity), .invalidMeshSize(.infinity))
        XCTAssertEqual(
            error(.disk(center: SIMD2(0, 0), radius: -1)),
            .invalidDomain(reason: "radius -1.0 must be positive and finite"))
        XCTAssertEqual(
            error(.ball(center: SIMD3(0, 0, 0), radius: 0)),
            .invalidDomain(reason: "radius 0.0 must be positive and finite"))
        XCTAssertEqual(
            error(.box(lower: SIMD3(0, 0, 0), upper: SIMD3(1, 0, 1))),
            .invalidDomain(reason: "upper bound 0.0 is not above lower bound 0.0 on axis 1"))
        XCTAssertEqual(
            error(.rectangle(lower: SIMD2(2, 0), upper: SIMD2(1, 1))),
            .invalidDomain(reason: "upper bound 1.0 is not above lower bound 2.0 on axis 0"))
    }

    func testFailingGmshCallIsNamedWithGmshsMessage() {
        do {
            _ = try Gmsh.withSession { session throws(MeshingError) -> Int in
                try session.geoAddLine(from: 1, to: 2)
            }
            XCTFail("a line between points that do not exist was accepted")
        } catch {
            guard case .gmsh(let call, let code, let message) = error else {
                return XCTFail("expected a Gmsh error, got \(error)")
            }
            XCTAssertEqual(call, "gmshModelGeoAddLine(1, 2)")
            XCTAssertNotEqual(code, 0)
            XCTAssert(message.contains("Unknown control point 1"), message)
            XCTAssert(error.description.hasPrefix("Gmsh call gmshModelGeoAddLine(1, 2) failed with error code"))
        }
        // Gmsh is finalised after the failure: the next call works.
        XCTAssertNil(error(.polygon(vertices: square)))
    }
}
