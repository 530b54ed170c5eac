import Foundation
import PinnIO
import PinnTestSupport
import XCTest

/// Quadratic Gmsh meshes (`gmsh -order 2`: 3-node lines, 6-node triangles, 10-node tetrahedra):
/// read with Gmsh's node order, their edge nodes where the geometry puts them, and written as
/// linear pieces on all of their nodes.
final class GmshQuadraticTests: XCTestCase {
    /// The edges of the cells (vertex pairs, sorted) with the node on each; fails on a cell edge
    /// whose node disagrees with another cell's.
    private func edgeNodes(_ mesh: SimplexMesh) -> [[Int]: Int] {
        var nodes: [[Int]: Int] = [:]
        let cells = mesh.cells
        for cell in 0..<cells.count {
            let vertices = Array(cells.vertices(of: cell))
            for (i, j) in SimplexElements.edges(dimension: mesh.dimension) {
                let key = [vertices[i], vertices[j]].sorted()
                let node = cells.edgeNode(of: cell, between: vertices[i], vertices[j])
                XCTAssertNotNil(node)
                if let known = nodes[key] { XCTAssertEqual(known, node, "edge \(key)") } else { nodes[key] = node }
            }
        }
        return nodes
    }

    private func distance(_ p: SIMD3<Double>, _ q: SIMD3<Double>) -> Double { ((p - q) * (p - q)).sum().squareRoot() }

    /// Meshes/disk_p2.msh (the unit disk, lc = 0.2): every node is a vertex or the node of one
    /// edge (V + E nodes, V − E + F = 1 for a disk), edge nodes of boundary edges lie on the circle
    /// and the others at their edges' midpoints, and the file's 3-node boundary lines carry the
    /// same edge nodes as the cells.
    func testReadsTheQuadraticDisk() throws {
        let mesh = try MeshFixtures.load("disk_p2.msh")
        XCTAssertEqual(mesh.dimension, 2)
        XCTAssertEqual(mesh.order, 2)
        XCTAssertEqual(mesh.cells.nodesPerElement, 6)
        XCTAssertEqual(mesh.facets.order, 2)
        XCTAssertEqual(mesh.facets.nodesPerElement, 3)
        XCTAssertEqual(mesh.facetIndices(inGroup: "boundary").count, mesh.facets.count)
        let edges = edgeNodes(mesh)
        let vertices = Set((0..<mesh.cells.count).flatMap { mesh.cells.vertices(of: $0) })
        XCTAssertEqual(vertices.count + edges.count, mesh.nodes.count)
        XCTAssertEqual(Set(edges.values).count, edges.count)
        XCTAssertTrue(Set(edges.values).isDisjoint(with: vertices))
        XCTAssertEqual(vertices.count - edges.count + mesh.cells.count, 1, "Euler characteristic of a disk")

        var boundaryEdges = Set<[Int]>()
        for facet in 0..<mesh.facets.count {
            let nodes = Array(mesh.facets.nodes(of: facet))
            XCTAssertEqual(edges[[nodes[0], nodes[1]].sorted()], nodes[2], "facet \(facet)")
            boundaryEdges.insert([nodes[0], nodes[1]].sorted())
            for node in nodes {
                XCTAssertEqual(distance(mesh.nodes[node], .zero), 1, accuracy: 1e-12, "node \(node) on the circle")
            }
        }
        XCTAssertGreaterThan(boundaryEdges.count, 20)
        var interior = 0
        for (edge, node) in edges where !boundaryEdges.contains(edge) {
            let midpoint = (mesh.nodes[edge[0]] + mesh.nodes[edge[1]]) / 2
            XCTAssertEqual(distance(mesh.nodes[node], midpoint), 0, accuracy: 1e-12)
            interior += 1
        }
        XCTAssertGreaterThan(interior, 100)
        // The boundary found from the cells gives each face the file's line.
        let boundary = mesh.boundary()
        XCTAssertEqual(boundary.count, mesh.facets.count)
        for face in 0..<boundary.count {
            let facet = try XCTUnwrap(boundary.facets[face])
            XCTAssertEqual(Set(boundary.allNodes(of: face)), Set(mesh.facets.nodes(of: facet)))
            XCTAssertEqual(boundary.allNodes(of: face).count, 3)
        }
    }

    /// Meshes/cube_p2.msh (cube.geo with `-order 2`, 10-node tetrahedra): straight geometry, so
    /// every edge node is its edge's midpoint; the 6-node boundary triangles are the cells' faces
    /// with their edge nodes in Gmsh's order (edges (0,1), (1,2), (2,0)); the volume is 1; the
    /// vertices are cube.msh's.
    func testReadsTheQuadraticCube() throws {
        let mesh = try MeshFixtures.load("cube_p2.msh")
        XCTAssertEqual(mesh.dimension, 3)
        XCTAssertEqual(mesh.order, 2)
        XCTAssertEqual(mesh.cells.nodesPerElement, 10)
        XCTAssertEqual(mesh.facets.nodesPerElement, 6)
        let edges = edgeNodes(mesh)
        for (edge, node) in edges {
            let midpoint = (mesh.nodes[edge[0]] + mesh.nodes[edge[1]]) / 2
            XCTAssertEqual(distance(mesh.nodes[node], midpoint), 0, accuracy: 1e-12)
        }
        XCTAssertEqual(mesh.totalMeasure, 1, accuracy: 1e-12)
        let boundary = mesh.boundary()
        XCTAssertEqual(boundary.count, mesh.facets.count)
        for face in 0..<boundary.count {
            let nodes = boundary.allNodes(of: face)
            XCTAssertEqual(nodes.count, 6)
            for (k, (i, j)) in [(0, 1), (1, 2), (2, 0)].enumerated() {
                XCTAssertEqual(nodes[3 + k], edges[[nodes[i], nodes[j]].sorted()])
            }
            let facet = try XCTUnwrap(boundary.facets[face])
            XCTAssertEqual(Set(nodes), Set(mesh.facets.nodes(of: facet)))
        }
        // The same Gmsh meshed cube.geo for cube.msh: the same cells, with edge nodes added.
        let linear = try MeshFixtures.load("cube.msh")
        XCTAssertEqual(mesh.cells.count, linear.cells.count)
        XCTAssertEqual(mesh.facetIndices(inGroup: "top").count, linear.facetIndices(inGroup: "top").count)
        for cell in 0..<mesh.cells.count {
            XCTAssertEqual(
                mesh.cells.vertices(of: cell).map { mesh.nodes[$0] },
                linear.cells.vertices(of: cell).map { linear.nodes[$0] }, "cell \(cell)")
        }
    }

    /// The fuzzing seed tet10.msh: one 10-node tetrahedron whose nodes 5…10 sit on edges
    /// (0,1), (1,2), (2,0), (3,0), (3,2), (3,1), one node block of them in parametric form.
    func testReadsTheHandWrittenTenNodeTetrahedron() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/Seeds/gmsh/tet10.msh").path
        let mesh = try SimplexMesh.readGmsh(at: path)
        XCTAssertEqual(mesh.cells.count, 1)
        XCTAssertEqual(mesh.cells.nodesPerElement, 10)
        XCTAssertEqual(mesh.facets.count, 4)
        _ = edgeNodes(mesh)
        let cell = Array(mesh.cells.nodes(of: 0))
        for (k, (i, j)) in SimplexElements.edges(dimension: 3).enumerated() {
            let midpoint = (mesh.nodes[cell[i]] + mesh.nodes[cell[j]]) / 2
            XCTAssertEqual(mesh.nodes[cell[4 + k]], midpoint, "edge (\(i), \(j))")
        }
        XCTAssertEqual(mesh.totalMeasure, 1.0 / 6, accuracy: 1e-15)
    }

    /// A dimension that mixes 3-node and 6-node triangles is refused at the second block.
    func testLinearAndQuadraticCellsInOneMeshAreRejected() {
        let text = MeshFixtures.square
            .replacingOccurrences(of: "2 6 1 6\n", with: "3 6 1 6\n")
            .replacingOccurrences(of: "2 1 2 2\n5 1 2 3\n6 1 3 4\n", with: "2 1 2 1\n5 1 2 3\n2 1 9 1\n6 1 3 4 1 2 3\n")
        XCTAssertThrowsError(try SimplexMesh.parseGmsh(text, file: "mixed.msh")) { error in
            guard let error = error as? GmshError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 35)
            XCTAssertEqual(
                error.reason,
                .malformed(
                    "element type 9 (6-node second-order triangle) is of order 2, but earlier elements of dimension 2 "
                        + "are of order 1; a mesh is linear or quadratic throughout"))
        }
    }

    /// The linear pieces: 4 per triangle, 8 per tetrahedron, each oriented as its cell, on the same
    /// nodes; they cover the cube exactly, and on the disk their curved boundary halves the chords,
    /// so the area error against π falls about 4-fold from the straight cells'.
    func testLinearSubdivisionKeepsTheNodesAndOrientation() throws {
        let cube = try MeshFixtures.load("cube_p2.msh"), disk = try MeshFixtures.load("disk_p2.msh")
        for (mesh, pieces) in [(cube, 8), (disk, 4)] {
            let linear = mesh.linearSubdivision()
            XCTAssertEqual(linear.order, 1)
            XCTAssertEqual(linear.nodes, mesh.nodes)
            XCTAssertEqual(linear.cells.count, pieces * mesh.cells.count)
            XCTAssertEqual(linear.facets.count, (mesh.dimension == 3 ? 4 : 2) * mesh.facets.count)
            XCTAssertEqual(Set(linear.cells.connectivity), Set(mesh.cells.connectivity), "every node is used")
            XCTAssertEqual(linear.cellIndices(inGroup: "domain").count, linear.cells.count)
            for cell in 0..<linear.cells.count {
                let parent = cell / pieces
                XCTAssertEqual(linear.cells.elementTags[cell], mesh.cells.elementTags[parent])
                XCTAssertEqual(orientation(linear, cell).sign, orientation(mesh, parent).sign, "piece \(cell)")
            }
        }
        XCTAssertEqual(cube.linearSubdivision().totalMeasure, 1, accuracy: 1e-12)
        let straight = Double.pi - disk.totalMeasure, pieces = Double.pi - disk.linearSubdivision().totalMeasure
        XCTAssertGreaterThan(straight, 0)
        XCTAssertEqual(straight / pieces, 4, accuracy: 0.3, "area errors \(straight), \(pieces)")
    }

    /// The signed measure of cell `cell`'s straight simplex (2-D: (v1 − v0) × (v2 − v0); 3-D: the
    /// determinant).
    private func orientation(_ mesh: SimplexMesh, _ cell: Int) -> Double {
        let p = mesh.cells.vertices(of: cell).map { mesh.nodes[$0] }
        let (a, b) = (p[1] - p[0], p[2] - p[0])
        guard mesh.dimension == 3 else { return a.x * b.y - a.y * b.x }
        let c = p[3] - p[0]
        return a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)
    }

    /// Boundary samples on a quadratic mesh lie on its curved faces: on the disk, within a small
    /// fraction of the chords' distance from the circle, with normals far closer to the radial one
    /// than the chords'; on the cube's flat faces, on the face with the face's normal.
    func testBoundarySamplesFollowTheCurvedFaces() throws {
        let disk = try MeshFixtures.load("disk_p2.msh")
        let boundary = disk.boundary()
        var chordGap = 0.0, curvedGap = 0.0, chordAngle = 0.0, curvedAngle = 0.0
        for face in 0..<boundary.count {
            for u in [0.1, 0.37, 0.5, 0.8] {
                let (p, n) = disk.boundarySample(boundary, face: face, at: [u])
                let straight = disk.point(inSimplex: boundary.nodes(of: face), at: [u])
                let r = (p * p).sum().squareRoot(), rStraight = (straight * straight).sum().squareRoot()
                curvedGap = max(curvedGap, abs(1 - r))
                chordGap = max(chordGap, abs(1 - rStraight))
                XCTAssertEqual((n * n).sum(), 1, accuracy: 1e-14)
                curvedAngle = max(curvedAngle, 1 - (n * p).sum() / r)
                chordAngle = max(chordAngle, 1 - (boundary.normals[face] * straight).sum() / rStraight)
            }
        }
        print(
            "disk_p2 boundary samples: |r − 1| \(curvedGap) (chords \(chordGap)), 1 − n·r̂ \(curvedAngle) (\(chordAngle))"
        )
        XCTAssertLessThan(curvedGap, chordGap / 20)
        XCTAssertLessThan(curvedAngle, chordAngle / 20)

        let cube = try MeshFixtures.load("cube_p2.msh")
        let faces = cube.boundary()
        for face in 0..<faces.count {
            let (p, n) = cube.boundarySample(faces, face: face, at: [0.2, 0.7])
            let straight = cube.point(inSimplex: faces.nodes(of: face), at: [0.2, 0.7])
            XCTAssertEqual(((p - straight) * (p - straight)).sum().squareRoot(), 0, accuracy: 1e-13)
            XCTAssertEqual(
                ((n - faces.normals[face]) * (n - faces.normals[face])).sum().squareRoot(), 0, accuracy: 1e-12)
        }
    }

    /// A quadratic mesh is written as its linear pieces, the XDMF sidecar describes exactly those,
    /// and /mesh says element_order = 2.
    func testQuadraticMeshIsWrittenAsItsLinearPieces() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let mesh = try MeshFixtures.load("disk_p2.msh")
        let h5 = directory.file("disk.h5")
        try HDF5File.writeAtomically(to: h5) { file in
            try file.writeMesh(mesh)
            try file.writeDataset("/fields/u", values: mesh.nodes.map { $0.x })
        }
        let file = try HDF5File.openReadOnly(at: h5)
        XCTAssertEqual(try file.shape(of: "/mesh/cells"), [4 * mesh.cells.count, 3])
        XCTAssertEqual(try file.shape(of: "/mesh/nodes"), [mesh.nodes.count, 2])
        XCTAssertEqual(try file.shape(of: "/mesh/cell_group"), [4 * mesh.cells.count])
        XCTAssertEqual(try file.int64Attribute("element_order", of: "/mesh"), 2)
        XCTAssertEqual(
            try file.readDataset("/mesh/cells", as: Int64.self).values.map(Int.init),
            mesh.linearSubdivision().cells.connectivity)
        let xml = try XDMFWriter(grids: [
            XDMFGrid(name: "disk", file: "disk.h5", mesh: mesh, nodeFields: [(name: "u", path: "/fields/u")])
        ]).document()
        XCTAssertTrue(xml.contains("NumberOfElements=\"\(4 * mesh.cells.count)\""), xml)
        XCTAssertTrue(xml.contains("Dimensions=\"\(4 * mesh.cells.count) 3\""), xml)
    }
}
