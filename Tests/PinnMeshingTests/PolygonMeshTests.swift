import PinnMeshing
import XCTest

/// Polygons (either orientation, non-convex, slanted edges) and rectangles: exact areas, every
/// facet on the edge its part names, facets covering the boundary, orientation, quadratic edge
/// nodes at edge midpoints.
final class PolygonMeshTests: XCTestCase {
    let lShape: [SIMD2<Double>] = [
        SIMD2(0, 0), SIMD2(2, 0), SIMD2(2, 1), SIMD2(1, 1), SIMD2(1, 2), SIMD2(0, 2)
    ]
    /// A triangle with a slanted edge (vertex 1 → 2) and a slanted closing edge (2 → 0).
    let slantedTriangle: [SIMD2<Double>] = [SIMD2(-0.5, 0.1), SIMD2(1.2, 0.1), SIMD2(0.3, 0.9)]

    /// Asserts everything a polygon mesh must satisfy, for the given vertex list.
    private func checkPolygonMesh(_ vertices: [SIMD2<Double>], order: Int, h: Double) throws {
        let mesh = try generateMesh(.polygon(vertices: vertices), order: order, meshSize: h)
        let n = vertices.count
        let context = "\(n)-gon, order \(order)"
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.nodesPerCell, order == 2 ? 6 : 3)

        // Area: exact for straight edges (shoelace, the orientation's sign dropped).
        var signedArea = 0.0
        for i in 0..<n {
            signedArea += (vertices[i].x * vertices[(i + 1) % n].y - vertices[(i + 1) % n].x * vertices[i].y) / 2
        }
        XCTAssertEqual(mesh.straightMeasure, abs(signedArea), accuracy: 1e-12 * abs(signedArea), context)
        for c in 0..<mesh.cellCount {
            XCTAssertGreaterThan(mesh.straightCellMeasure(c), 0, "\(context): cell \(c) is not counter-clockwise")
        }

        // Every facet lies on its edge, points outward, and the facets of edge i add up to its length.
        XCTAssertEqual(Set(mesh.facetParts), Set(0..<n), context)
        let ccw = signedArea > 0
        var lengthOfPart = [Double](repeating: 0, count: n)
        for f in 0..<mesh.facetCount {
            let edge = mesh.facetParts[f]
            let a = vertices[edge]
            let b = vertices[(edge + 1) % n]
            let along = b - a
            let edgeLength = (along * along).sum().squareRoot()
            for node in mesh.facet(f) {
                let p = SIMD2(mesh.point(node)[0], mesh.point(node)[1])
                let t = ((p - a) * along).sum() / (edgeLength * edgeLength)
                let offLine = abs((p.x - a.x) * along.y - (p.y - a.y) * along.x) / edgeLength
                XCTAssertLessThan(offLine, 1e-12 * edgeLength, "\(context): facet \(f) node \(node) off edge \(edge)")
                XCTAssert((-1e-12...(1 + 1e-12)).contains(t), "\(context): facet \(f) node \(node) beyond edge \(edge)")
            }
            let v = mesh.facet(f).prefix(2).map(mesh.position)
            let normal = SIMD2(v[1].y - v[0].y, -(v[1].x - v[0].x))
            let outward = ccw ? SIMD2(along.y, -along.x) : SIMD2(-along.y, along.x)
            XCTAssertGreaterThan((normal * outward).sum(), 0, "\(context): facet \(f) is not oriented outward")
            lengthOfPart[edge] += DomainMesh.norm(v[1] - v[0])
        }
        for i in 0..<n {
            let along = vertices[(i + 1) % n] - vertices[i]
            XCTAssertEqual(lengthOfPart[i], (along * along).sum().squareRoot(), accuracy: 1e-12, "\(context) edge \(i)")
        }
        XCTAssertEqual(
            Set(mesh.facets.chunks(of: mesh.nodesPerFacet).map { $0.prefix(2).sorted() }),
            mesh.boundaryFacesOfCells, context)

        if order == 2 { assertEdgeNodesAtMidpoints(mesh, context) }
        XCTAssertEqual(mesh.droppedNodeCount, 0, context)
        XCTAssertEqual(Set(mesh.cells), Set(0..<mesh.nodeCount), "\(context): every node is in a cell")
    }

    func testLShapeCounterClockwise() throws {
        try checkPolygonMesh(lShape, order: 1, h: 0.2)
        try checkPolygonMesh(lShape, order: 2, h: 0.2)
    }

    func testLShapeClockwise() throws {
        try checkPolygonMesh(lShape.reversed(), order: 1, h: 0.2)
        try checkPolygonMesh(lShape.reversed(), order: 2, h: 0.2)
    }

    func testSlantedTriangleBothOrientations() throws {
        try checkPolygonMesh(slantedTriangle, order: 2, h: 0.1)
        try checkPolygonMesh(slantedTriangle.reversed(), order: 2, h: 0.1)
    }

    func testMeshSizeIsTheTargetEdgeLength() throws {
        for h in [0.2, 0.05] {
            let mesh = try generateMesh(.polygon(vertices: lShape), order: 1, meshSize: h)
            var lengths: [Double] = []
            for c in 0..<mesh.cellCount {
                let v = mesh.cell(c).map(mesh.position)
                lengths += [DomainMesh.norm(v[1] - v[0]), DomainMesh.norm(v[2] - v[1]), DomainMesh.norm(v[0] - v[2])]
            }
            let mean = lengths.reduce(0, +) / Double(lengths.count)
            print(
                "L-shape h \(h): \(mesh.nodeCount) nodes, \(mesh.cellCount) cells; edge length mean \(mean / h)·h, "
                    + "max \((lengths.max() ?? 0) / h)·h")
            XCTAssertEqual(mean, h, accuracy: 0.25 * h)
            XCTAssertLessThan(lengths.max() ?? .infinity, 1.5 * h)
            // Area 3 with equilateral-ish triangles of side h: about 3 / (√3/4 h²) cells.
            XCTAssertEqual(
                Double(mesh.cellCount), 3 / (3.0.squareRoot() / 4 * h * h), accuracy: 0.3 * 3 / (0.433 * h * h))
        }
    }

    func testRectangleFacesAreLeftRightBottomTop() throws {
        let lower = SIMD2(-1.0, 0.5)
        let upper = SIMD2(2.0, 1.5)
        let domain = MeshDomain.rectangle(lower: lower, upper: upper)
        let mesh = try generateMesh(domain, order: 2, meshSize: 0.15)
        XCTAssertEqual(mesh.straightMeasure, 3, accuracy: 1e-12)
        XCTAssertEqual((0..<4).map(domain.boundaryPartName), ["left", "right", "bottom", "top"])
        // Part 2·axis + side: the facet's nodes all have coordinate `axis` at that side's bound.
        for f in 0..<mesh.facetCount {
            let axis = mesh.facetParts[f] / 2
            let bound = mesh.facetParts[f] % 2 == 0 ? lower[axis] : upper[axis]
            for node in mesh.facet(f) { XCTAssertEqual(mesh.point(node)[axis], bound, accuracy: 1e-13) }
        }
        let lengths = (0..<4).map { mesh.facetMeasure(part: $0) }
        XCTAssertEqual(lengths[0], 1, accuracy: 1e-12)
        XCTAssertEqual(lengths[1], 1, accuracy: 1e-12)
        XCTAssertEqual(lengths[2], 3, accuracy: 1e-12)
        XCTAssertEqual(lengths[3], 3, accuracy: 1e-12)
        XCTAssertEqual(mesh.facetMeasure(), domain.boundaryMeasure, accuracy: 1e-12)
        assertEdgeNodesAtMidpoints(mesh, "rectangle")
    }
}

/// On straight-sided cells, each quadratic edge node is its edge's midpoint, in Gmsh's edge order
/// (triangle e01 e12 e20; tetrahedron e01 e12 e20 e30 e32 e31).
func assertEdgeNodesAtMidpoints(
    _ mesh: DomainMesh, _ context: String, file: StaticString = #filePath, line: UInt = #line
) {
    let edges = mesh.dimension == 2 ? [(0, 1), (1, 2), (2, 0)] : [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    var worst = 0.0
    for c in 0..<mesh.cellCount {
        let x = mesh.cell(c).map(mesh.position)
        for (k, edge) in edges.enumerated() {
            worst = max(worst, DomainMesh.norm(x[mesh.dimension + 1 + k] - (x[edge.0] + x[edge.1]) / 2))
        }
    }
    XCTAssertLessThan(
        worst, 1e-12, "\(context): an edge node is \(worst) from its edge's midpoint", file: file, line: line)
}
