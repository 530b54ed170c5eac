import Foundation
import PinnMeshing
import XCTest

/// Disk and ball: measures converge at the expected orders, quadratic boundary nodes lie on the
/// circle or sphere, and the boundary is one part covered by the facets.
final class CurvedDomainTests: XCTestCase {
    let diskCenter = SIMD2(0.3, -0.2)
    let ballCenter = SIMD3(0.1, -0.2, 0.3)

    /// log2 of successive error ratios on a halving sequence of h.
    private func observedOrders(_ errors: [Double]) -> [Double] {
        zip(errors, errors.dropFirst()).map { log2(abs($0.0) / abs($0.1)) }
    }

    func testDiskAreaOfStraightCellsConvergesAtSecondOrder() throws {
        let r = 1.3
        var errors: [Double] = []
        for h in [0.2, 0.1, 0.05] {
            let mesh = try generateMesh(.disk(center: diskCenter, radius: r), order: 1, meshSize: h)
            errors.append(mesh.straightMeasure - Double.pi * r * r)
        }
        let orders = observedOrders(errors)
        print("disk P1 area errors \(errors), orders \(orders)")
        XCTAssert(errors.allSatisfy { $0 < 0 }, "an inscribed polygon has less area than the disk: \(errors)")
        for order in orders { XCTAssertEqual(order, 2, accuracy: 0.25) }
    }

    func testDiskAreaOfQuadraticCellsConvergesAtFourthOrder() throws {
        let r = 1.3
        var errors: [Double] = []
        for h in [0.4, 0.2, 0.1] {
            let mesh = try generateMesh(.disk(center: diskCenter, radius: r), order: 2, meshSize: h)
            errors.append(mesh.isoparametricMeasure - Double.pi * r * r)
            let minimum = mesh.isoparametricJacobians.map(\.det).min() ?? 0
            XCTAssertGreaterThan(minimum, 0, "h \(h): a curved cell's map folds over")
        }
        let orders = observedOrders(errors)
        print("disk P2 isoparametric area errors \(errors), orders \(orders)")
        for order in orders { XCTAssertEqual(order, 4, accuracy: 0.3) }
        XCTAssertLessThan(abs(errors.last ?? 1), 1e-6)
    }

    func testDiskQuadraticBoundaryNodesLieOnTheCircle() throws {
        let r = 1.3
        let mesh = try generateMesh(.disk(center: diskCenter, radius: r), order: 2, meshSize: 0.15)
        XCTAssertEqual(mesh.nodesPerFacet, 3)
        var worst = 0.0
        for f in 0..<mesh.facetCount {
            for node in mesh.facet(f) {
                let p = mesh.point(node)
                let distance =
                    ((p[0] - diskCenter.x) * (p[0] - diskCenter.x) + (p[1] - diskCenter.y) * (p[1] - diskCenter.y))
                    .squareRoot()
                worst = max(worst, abs(distance - r) / r)
            }
        }
        XCTAssertLessThan(worst, 1e-12, "the farthest boundary node is \(worst)·r off the circle")
        // The edge node is not the chord's midpoint (which lies inside the circle).
        let f = mesh.facet(0)
        let mid = (mesh.position(f[f.startIndex]) + mesh.position(f[f.startIndex + 1])) / 2
        XCTAssertGreaterThan(DomainMesh.norm(mesh.position(f[f.startIndex + 2]) - mid), 1e-5)
    }

    func testDiskBoundaryIsOnePartWhoseFacetsTraceTheCircle() throws {
        let r = 1.3
        let h = 0.1
        let mesh = try generateMesh(.disk(center: diskCenter, radius: r), order: 1, meshSize: h)
        XCTAssertEqual(Set(mesh.facetParts), [0])
        XCTAssertEqual(mesh.droppedNodeCount, 0, "OpenCASCADE's disk has its one point on the circle")
        // Chord lengths: perimeter of an inscribed polygon, short of 2πr by O(h²).
        let perimeter = mesh.facetMeasure()
        XCTAssertLessThan(perimeter, 2 * Double.pi * r)
        XCTAssertEqual(perimeter, 2 * Double.pi * r, accuracy: 2 * Double.pi * r * h * h / (24 * r * r) * 1.5)
        XCTAssertEqual(Set(mesh.facets.chunks(of: 2).map { $0.sorted() }), mesh.boundaryFacesOfCells)
    }

    func testBallVolumeOfStraightCellsConvergesAtSecondOrder() throws {
        let r = 0.9
        var errors: [Double] = []
        for h in [0.36, 0.18, 0.09] {
            let mesh = try generateMesh(.ball(center: ballCenter, radius: r), order: 1, meshSize: h)
            errors.append(mesh.straightMeasure - 4 / 3 * Double.pi * r * r * r)
        }
        let orders = observedOrders(errors)
        print("ball P1 volume errors \(errors), orders \(orders)")
        XCTAssert(errors.allSatisfy { $0 < 0 }, "an inscribed polyhedron has less volume than the ball: \(errors)")
        for order in orders { XCTAssertEqual(order, 2, accuracy: 0.3) }
    }

    func testBallQuadraticVolumeAndBoundaryNodesOnTheSphere() throws {
        let r = 0.9
        var errors: [Double] = []
        for h in [0.36, 0.18, 0.09] {
            let mesh = try generateMesh(.ball(center: ballCenter, radius: r), order: 2, meshSize: h)
            XCTAssertEqual(mesh.nodesPerCell, 10)
            XCTAssertEqual(mesh.nodesPerFacet, 6)
            var worst = 0.0
            for node in Set(mesh.facets) {
                worst = max(worst, abs(DomainMesh.norm(mesh.position(node) - ballCenter) - r) / r)
            }
            XCTAssertLessThan(worst, 1e-12, "h \(h): the farthest boundary node is \(worst)·r off the sphere")
            errors.append(mesh.isoparametricMeasure - 4 / 3 * Double.pi * r * r * r)
            let minimum = mesh.isoparametricJacobians.map(\.det).min() ?? 0
            XCTAssertGreaterThan(minimum, 0, "h \(h): a curved cell's map folds over")
        }
        let orders = observedOrders(errors)
        print("ball P2 isoparametric volume errors \(errors), orders \(orders)")
        for order in orders { XCTAssertEqual(order, 4, accuracy: 0.5) }
    }

    func testBallBoundaryIsOnePartWhoseFacetsCoverTheSphere() throws {
        let r = 0.9
        let mesh = try generateMesh(.ball(center: ballCenter, radius: r), order: 1, meshSize: 0.15)
        print("ball h 0.15: \(mesh.summary)")
        XCTAssertEqual(Set(mesh.facetParts), [0])
        XCTAssertEqual(Set(mesh.cells), Set(0..<mesh.nodeCount), "every node is in a cell")
        XCTAssertEqual(Set(mesh.facets.chunks(of: 3).map { $0.sorted() }), mesh.boundaryFacesOfCells)
        let area = mesh.facetMeasure()
        XCTAssertLessThan(area, 4 * Double.pi * r * r)
        XCTAssertEqual(area, 4 * Double.pi * r * r, accuracy: 0.01 * 4 * Double.pi * r * r)
        for node in Set(mesh.facets) {
            XCTAssertEqual(DomainMesh.norm(mesh.position(node) - ballCenter), r, accuracy: 1e-12 * r)
        }
    }
}

extension Array {
    /// Consecutive slices of `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
