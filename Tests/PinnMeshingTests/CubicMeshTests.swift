import PinnMeshing
import XCTest

@testable import PinnMeshing

/// Cubic meshes: every face centre node where the serendipity blend of its face's boundary puts
/// it, on the sphere for a ball's boundary faces, and the orientation flips of order 3 keep every
/// node at its lattice point.
final class CubicMeshTests: XCTestCase {
    func position(_ mesh: DomainMesh, _ node: Int) -> SIMD3<Double> {
        let p = mesh.point(node)
        return SIMD3(p[0], p[1], mesh.dimension == 3 ? p[2] : 0)
    }

    func testFaceCentreNodesAreTheBlendsOfTheirFaces() throws {
        for domain in [MeshDomain.disk(center: SIMD2(0.1, 0), radius: 1), .ball(center: SIMD3(0, 0, 0.2), radius: 1)] {
            let mesh = try generateMesh(domain, order: 3, meshSize: 0.4)
            XCTAssertEqual(mesh.nodesPerCell, mesh.dimension == 2 ? 10 : 20)
            var boundaryCentres = Set<Int>()
            if mesh.dimension == 3 {
                for f in 0..<mesh.facetCount { boundaryCentres.insert(mesh.facet(f).last ?? -1) }
            }
            for c in 0..<mesh.cellCount {
                let nodes = Array(mesh.cell(c))
                for face in DomainMesh.cubicFaceLayout(dimension: mesh.dimension) {
                    XCTAssertEqual(face.edgeNodes.count, 6)
                    let blend =
                        face.edgeNodes.reduce(SIMD3<Double>.zero) { $0 + position(mesh, nodes[$1]) } / 4
                        - face.vertices.reduce(SIMD3<Double>.zero) { $0 + position(mesh, nodes[$1]) } / 6
                    let centre = position(mesh, nodes[face.centre])
                    if boundaryCentres.contains(nodes[face.centre]) {
                        let radial = centre - SIMD3(0, 0, 0.2)
                        XCTAssertEqual((radial * radial).sum().squareRoot(), 1, accuracy: 1e-14)
                        XCTAssertLessThan(((centre - blend) * (centre - blend)).sum().squareRoot(), 0.05)
                    } else {
                        XCTAssertEqual(centre.x, blend.x, accuracy: 1e-14)
                        XCTAssertEqual(centre.y, blend.y, accuracy: 1e-14)
                        XCTAssertEqual(centre.z, blend.z, accuracy: 1e-14)
                    }
                }
            }
        }
    }

    /// Flipping a straight cubic simplex whose nodes sit at their lattice points gives one of
    /// opposite sign whose nodes sit at its own lattice points, in Gmsh's order.
    func testOrderThreeOrientationFlipsKeepNodesAtTheirLatticePoints() {
        let vertices: [SIMD3<Double>] = [
            SIMD3(0.1, 0.2, 0.3), SIMD3(1.3, 0.1, 0.2), SIMD3(0.2, 1.1, 0.4), SIMD3(0.3, 0.2, 1.7)
        ]
        let edgesOf: [Int: [(Int, Int)]] = [
            1: [(0, 1)], 2: [(0, 1), (1, 2), (2, 0)], 3: [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        ]
        let facesOf: [Int: [[Int]]] = [1: [], 2: [[0, 1, 2]], 3: [[0, 2, 1], [0, 1, 3], [0, 3, 2], [3, 1, 2]]]
        func lattice(_ v: [SIMD3<Double>], _ dimension: Int) -> [SIMD3<Double>] {
            let edges = edgesOf[dimension] ?? [], faces = facesOf[dimension] ?? []
            return v + edges.flatMap { i, j in [(2 * v[i] + v[j]) / 3, (v[i] + 2 * v[j]) / 3] }
                + faces.map { ($0.reduce(SIMD3<Double>.zero) { $0 + v[$1] }) / 3 }
        }
        for dimension in 1...3 {
            let v = Array(vertices.prefix(dimension + 1))
            let flip = GmshElementType.orientationFlip(dimension: dimension, order: 3)
            let nodes = lattice(v, dimension)
            XCTAssertEqual(flip.sorted(), Array(nodes.indices), "a permutation")
            let flipped = flip.map { nodes[$0] }
            let expected = lattice(Array(flipped.prefix(dimension + 1)), dimension)
            for k in nodes.indices {
                let difference = flipped[k] - expected[k]
                XCTAssertLessThan((difference * difference).sum(), 1e-28, "dimension \(dimension) node \(k)")
            }
        }
    }
}
