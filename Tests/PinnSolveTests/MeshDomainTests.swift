import Foundation
import PinnBinding
import PinnIO
import PinnNumerics
import PinnProblems
import PinnSolve
import XCTest

/// Collocation points on the example meshes: uniform over the cells and the boundary faces (checked
/// against closed-form areas, lengths and centroids of the L-shape, annulus and cube), on the right
/// physical group with its outward normal; and the degree-2 quadrature that measures errors.
final class MeshDomainTests: XCTestCase {
    func domain(_ name: String) throws -> MeshDomain {
        try MeshDomain.read(
            at: URL(fileURLWithPath: ExampleProblems.directory.path).deletingLastPathComponent()
                .appendingPathComponent("Meshes").appendingPathComponent(name).path)
    }

    func halton(_ seed: UInt64 = 1) -> PointSource { .halton(HaltonSequence(dimension: 4, shiftSeed: seed)) }

    func testLShapeInteriorPointsAreInsideAndCentredOnTheLsCentroid() throws {
        let lshape = try domain("lshape.msh")
        XCTAssertEqual(lshape.measure, 3, accuracy: 1e-12)
        let l = Domain.polygon(vertices: [[-1, -1], [1, -1], [1, 0], [0, 0], [0, 1], [-1, 1]])
        var source = halton()
        let n = 6000
        let points = lshape.interiorPoints(count: n, using: &source)
        XCTAssertEqual(points.count, 2 * n)
        var mean = [0.0, 0.0]
        for j in 0..<n {
            let p = [points[2 * j], points[2 * j + 1]]
            XCTAssertTrue(l.contains(p), "\(p)")
            mean[0] += p[0] / Double(n)
            mean[1] += p[1] / Double(n)
        }
        // Centroid: (4·(0, 0) − 1·(½, ½)) / 3 = (−1/6, −1/6).
        XCTAssertEqual(mean[0], -1.0 / 6, accuracy: 5e-3)
        XCTAssertEqual(mean[1], -1.0 / 6, accuracy: 5e-3)
        XCTAssertEqual(lshape.nodeMask.filter { $0 }.count, lshape.mesh.nodes.count, "every node is a cell vertex")
    }

    func testAnnulusPointsSpreadByAreaAndBoundaryPointsByLength() throws {
        let annulus = try domain("disk_with_hole.msh")
        var source = halton(2)
        let n = 8000
        let points = annulus.interiorPoints(count: n, using: &source)
        var inner = 0
        for j in 0..<n {
            let r = (points[2 * j] * points[2 * j] + points[2 * j + 1] * points[2 * j + 1]).squareRoot()
            XCTAssertTrue(r >= 0.4 * cos(Double.pi / 16) && r <= 1 + 1e-12, "r = \(r)")
            if r < 0.7 { inner += 1 }
        }
        // Share of the area within r < 0.7: (0.7² − 0.4²)/(1 − 0.4²) for the round annulus; the
        // polygonal mesh differs from it by under 0.1 % of its area.
        XCTAssertEqual(Double(inner) / Double(n), (0.49 - 0.16) / 0.84, accuracy: 0.01)

        let samples = annulus.boundaryPoints(count: 4000, using: &source)
        var onInner = 0
        for s in samples {
            let r = (s.point[0] * s.point[0] + s.point[1] * s.point[1]).squareRoot()
            let radial = [s.point[0] / r, s.point[1] / r]
            let outward = zip(radial, s.normal).map { $0 * $1 }.reduce(0, +)
            switch s.parts {
            case [.group("outer")]:
                XCTAssertTrue(r > cos(Double.pi / 32) - 1e-12 && r <= 1 + 1e-12, "outer r = \(r)")
                XCTAssertGreaterThan(
                    outward, cos(Double.pi / 32) - 1e-9, "the outer normal points away from the centre")
            case [.group("inner")]:
                onInner += 1
                XCTAssertTrue(r > 0.4 * cos(Double.pi / 14) - 1e-12 && r <= 0.4 + 1e-12, "inner r = \(r)")
                XCTAssertLessThan(outward, -cos(Double.pi / 14) + 1e-9, "the inner normal points into the hole")
            default: XCTFail("parts \(s.parts)")
            }
            XCTAssertEqual(hypot(s.normal[0], s.normal[1]), 1, accuracy: 1e-14)
        }
        XCTAssertEqual(
            Double(onInner) / Double(samples.count), 0.4 / 1.4, accuracy: 0.01, "inner share of the perimeter")
    }

    func testCubeBoundaryPointsLieOnTheirFacesWithAxisNormals() throws {
        let cube = try domain("cube.msh")
        XCTAssertEqual(cube.measure, 1, accuracy: 1e-12)
        var source = halton(3)
        var counts = [String: Int]()
        let samples = cube.boundaryPoints(count: 3000, using: &source)
        for s in samples {
            guard case .group(let name) = s.parts.first, s.parts.count == 1 else {
                XCTFail("parts \(s.parts)"); continue
            }
            counts[name, default: 0] += 1
            let p = s.point, n = s.normal
            switch name {
            case "bottom": XCTAssertEqual(p[2], 0, accuracy: 1e-14); XCTAssertEqual(n, [0, 0, -1])
            case "top": XCTAssertEqual(p[2], 1, accuracy: 1e-14); XCTAssertEqual(n, [0, 0, 1])
            default:
                let axis = abs(n[0]) > 0.5 ? 0 : 1
                XCTAssertEqual(abs(n[axis]), 1, accuracy: 1e-14)
                XCTAssertEqual(p[axis], n[axis] > 0 ? 1 : 0, accuracy: 1e-14, "\(p) \(n)")
            }
        }
        XCTAssertEqual(Double(counts["bottom"] ?? 0) / 3000, 1.0 / 6, accuracy: 0.01)
        XCTAssertEqual(Double(counts["sides"] ?? 0) / 3000, 4.0 / 6, accuracy: 0.01)
        let points = cube.interiorPoints(count: 4000, using: &source)
        XCTAssertTrue(points.allSatisfy { $0 >= 0 && $0 <= 1 })
        let meanSquare = stride(from: 0, to: points.count, by: 3).map { points[$0] * points[$0] }.reduce(0, +) / 4000
        XCTAssertEqual(meanSquare, 1.0 / 3, accuracy: 5e-3)
    }

    /// The rule integrates polynomials of degree 2 exactly: ∫_L x² = 4/3 − 1/3 = 1, ∫_L xy = 0 − 1/4,
    /// ∫_cube x² = 1/3, ∫_cube yz = 1/4, and the weights add up to the measure.
    func testQuadratureIsExactForQuadratics() throws {
        func integrate(_ domain: MeshDomain, _ f: ([Double]) -> Double) -> Double {
            let rule = domain.quadrature(), d = domain.dimension
            return rule.weights.enumerated().reduce(0) {
                $0 + $1.element * f(Array(rule.points[$1.offset * d..<($1.offset + 1) * d]))
            }
        }
        let lshape = try domain("lshape.msh"), cube = try domain("cube.msh"), annulus = try domain("disk_with_hole.msh")
        XCTAssertEqual(integrate(lshape) { $0[0] * $0[0] }, 1, accuracy: 1e-12)
        XCTAssertEqual(integrate(lshape) { $0[0] * $0[1] }, -0.25, accuracy: 1e-12)
        XCTAssertEqual(integrate(lshape) { _ in 1 }, 3, accuracy: 1e-12)
        XCTAssertEqual(integrate(cube) { $0[0] * $0[0] }, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(integrate(cube) { $0[1] * $0[2] }, 0.25, accuracy: 1e-12)
        XCTAssertEqual(integrate(annulus) { _ in 1 }, annulus.measure, accuracy: 1e-12)
    }

    func testASubdomainTakesItsCellsAndAnUnknownOneNone() throws {
        let mesh = try domain("lshape.msh").mesh
        XCTAssertEqual(MeshDomain(mesh: mesh, subdomain: "domain").cells, Array(0..<mesh.cells.count))
        let none = MeshDomain(mesh: mesh, subdomain: "nothing")
        XCTAssertTrue(none.cells.isEmpty)
        XCTAssertEqual(none.outline.boundaryGroups, [])
        XCTAssertEqual(MeshDomain(mesh: mesh).outline.boundaryGroups, ["outer", "reentrant"])
        XCTAssertEqual(MeshDomain(mesh: mesh).outline.unnamedBoundaryFaces, 0)
    }

    /// Binding reads the mesh again and refuses one that no longer matches what the file was checked against.
    func testBindingRefusesAMeshThatChangedSinceTheCheck() throws {
        let json = #"{"kind": "poisson", "source": "1", "domain": {"type": "mesh", "file": "../Meshes/lshape.msh"}}"#
        let problemPath = ExampleProblems.path("bind.json")
        XCTAssertNoThrow(try BoundProblem(ProblemFile.decode(json, file: problemPath, readMesh: readMeshOutline)))
        var stale = try readMeshOutline(
            ExampleProblems.directory.deletingLastPathComponent()
                .appendingPathComponent("Meshes/lshape.msh").path, nil)
        stale.unnamedBoundaryFaces = 0
        stale.groups.append(.init(name: "gone", dimension: 1))
        let file = try ProblemFile.decode(json, file: problemPath, readMesh: { _, _ in stale })
        XCTAssertThrowsError(try BoundProblem(file)) { error in
            XCTAssertEqual((error as? ProblemError)?.path, "domain.file")
            XCTAssertTrue("\(error)".contains("changed after the problem was checked"), "\(error)")
        }
    }
}
