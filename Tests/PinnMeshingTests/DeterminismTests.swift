import Foundation
import Synchronization
import XCTest

@testable import PinnMeshing

/// The same call gives the same mesh, also from several threads at once (calls are serialised),
/// and the orientation flip keeps every quadratic edge node on its edge.
final class DeterminismTests: XCTestCase {
    func testSameCallGivesTheSameMesh() throws {
        let domains: [MeshDomain] = [
            .ball(center: SIMD3(0, 0, 0), radius: 1),
            .box(lower: SIMD3(0, 0, 0), upper: SIMD3(1, 2, 1)),
            .disk(center: SIMD2(0, 0), radius: 1),
            .polygon(vertices: [SIMD2(0, 0), SIMD2(2, 0), SIMD2(2, 1), SIMD2(1, 1), SIMD2(1, 2), SIMD2(0, 2)])
        ]
        for domain in domains {
            let first = try generateMesh(domain, order: 2, meshSize: 0.2)
            let second = try generateMesh(domain, order: 2, meshSize: 0.2)
            XCTAssertEqual(first, second, "\(domain)")
            XCTAssertGreaterThan(first.cellCount, 0)
        }
    }

    func testConcurrentCallsAreSerialisedAndAgree() throws {
        let domain = MeshDomain.ball(center: SIMD3(0, 0, 0), radius: 1)
        let reference = try generateMesh(domain, order: 2, meshSize: 0.3)
        let results = Mutex<[Result<DomainMesh, MeshingError>]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let result = Result { () throws(MeshingError) -> DomainMesh in
                try generateMesh(domain, order: 2, meshSize: 0.3)
            }
            results.withLock { $0.append(result) }
        }
        let all = results.withLock { $0 }
        XCTAssertEqual(all.count, 4)
        for result in all { XCTAssertEqual(try result.get(), reference) }
    }

    /// Flipping a straight P2 simplex whose edge nodes are its edge midpoints gives a simplex of
    /// opposite sign whose edge nodes are again the midpoints of its edges, in Gmsh's order.
    func testOrientationFlipKeepsEdgeNodesOnTheirEdges() {
        let vertices: [SIMD3<Double>] = [
            SIMD3(0.1, 0.2, 0.3), SIMD3(1.3, 0.1, 0.2), SIMD3(0.2, 1.1, 0.4), SIMD3(0.3, 0.2, 1.7)
        ]
        let edgesOf: [Int: [(Int, Int)]] = [
            1: [(0, 1)], 2: [(0, 1), (1, 2), (2, 0)], 3: [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        ]
        for dimension in 1...3 {
            let v = Array(vertices.prefix(dimension + 1))
            let edges = edgesOf[dimension] ?? []
            let p1 = GmshElementType.orientationFlip(dimension: dimension, order: 1)
            let p2 = GmshElementType.orientationFlip(dimension: dimension, order: 2)
            XCTAssertEqual(Array(p2.prefix(dimension + 1)), p1, "dimension \(dimension)")
            XCTAssertEqual(p2.sorted(), Array(0..<(dimension + 1 + edges.count)), "a permutation")
            let nodes = v + edges.map { (v[$0.0] + v[$0.1]) / 2 }
            let flipped = p2.map { nodes[$0] }
            for (k, edge) in edges.enumerated() {
                XCTAssertEqual(
                    flipped[dimension + 1 + k], (flipped[edge.0] + flipped[edge.1]) / 2,
                    "dimension \(dimension) edge \(k)")
            }
            if dimension >= 2 {
                let before = DomainMesh.signedMeasure(v, dimension: dimension)
                let after = DomainMesh.signedMeasure(Array(flipped.prefix(dimension + 1)), dimension: dimension)
                XCTAssertEqual(after, -before, accuracy: 1e-15)
                XCTAssertNotEqual(before, 0)
            }
        }
    }
}
