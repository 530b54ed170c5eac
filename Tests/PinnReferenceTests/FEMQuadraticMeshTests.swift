import XCTest

@testable import PinnReference

/// Quadratic meshes: the P2 mesh of a P1 mesh, Gmsh's node order, the checks on construction,
/// and the rules P2 adds.
final class FEMQuadraticMeshTests: XCTestCase {
    func testMidpointRefinementAddsOneNodePerEdge() throws {
        let square = try FEMTestMesh.square(n: 3).quadratic()
        XCTAssertEqual(square.order, 2)
        XCTAssertEqual(square.nodeCount, 7 * 7)
        XCTAssertEqual(square.cellCount, 18)
        XCTAssertEqual(square.nodesPerCell, 6)
        XCTAssertEqual(square.facetCount, 12)
        XCTAssertEqual(square.nodesPerFacet, 3)
        let cube = try FEMTestMesh.cube(n: 2).quadratic()
        XCTAssertEqual(cube.nodeCount, 5 * 5 * 5)
        XCTAssertEqual(cube.nodesPerCell, 10)
        XCTAssertEqual(cube.nodesPerFacet, 6)
        // Every edge node is the midpoint of its edge.
        for mesh in [square, cube] {
            let d = mesh.dimension
            for cell in 0..<mesh.cellCount {
                let nodes = Array(mesh.nodes(ofCell: cell))
                for (k, (a, b)) in FEMLagrangeBasis.edges(simplexDimension: d).enumerated() {
                    let pa = mesh.point(nodes[a]), pb = mesh.point(nodes[b]), m = mesh.point(nodes[d + 1 + k])
                    for axis in 0..<d { XCTAssertEqual(m[axis], (pa[axis] + pb[axis]) / 2, accuracy: 1e-15) }
                }
            }
        }
        XCTAssertThrowsError(try square.quadratic())
    }

    func testProjectionPutsBoundaryEdgeNodesOnTheCircle() throws {
        let disk = try FEMTestMesh.quadraticDisk(rings: 3, curved: true)
        for facet in 0..<disk.facetCount {
            let p = disk.point(disk.nodes(ofFacet: facet).last ?? 0)
            XCTAssertEqual((p[0] * p[0] + p[1] * p[1]).squareRoot(), 1, accuracy: 1e-15)
        }
        // The curved cells' area is the disk's up to O(h⁴) per boundary cell (π − the polygon's
        // 9 sin(π/9) ≈ 0.063 with straight edges).
        for (curved, tolerance) in [(true, 2e-4), (false, 0.07)] {
            let mesh = try FEMTestMesh.quadraticDisk(rings: 3, curved: curved)
            let solution = FEMSolution(
                mesh: mesh, values: [Double](repeating: 1, count: mesh.nodeCount), unknownCount: 0, nonzeroCount: 0,
                reciprocalConditionEstimate: .nan)
            let area = solution.errorNorms(against: { _ in 0 }).l2
            XCTAssertEqual(area * area, .pi, accuracy: tolerance, "curved \(curved)")
            if !curved { XCTAssertEqual(area * area, 9 * sin(.pi / 9), accuracy: 1e-12) }
        }
    }

    /// Gmsh's 10-node tetrahedron: vertices, then edges (0,1), (1,2), (2,0), (3,0), (3,2), (3,1).
    /// Its volume by the isoparametric map is the reference volume 1/6; with the nodes of
    /// edges (3,2) and (3,1) swapped the cell folds and the mesh is refused.
    func testGmshNodeOrderOfTheTenNodeTetrahedron() throws {
        let vertices: [[Double]] = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]]
        let edges = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
        let points = vertices + edges.map { a, b in (0..<3).map { (vertices[a][$0] + vertices[b][$0]) / 2 } }
        let faces = [[0, 2, 1, 6, 5, 4], [0, 1, 3, 4, 9, 7], [0, 3, 2, 7, 8, 6], [1, 2, 3, 5, 8, 9]]
        let tetrahedron = try FEMMesh(
            dimension: 3, order: 2, coordinates: points.flatMap { $0 }, cells: Array(0..<10),
            facets: faces.flatMap { $0 }, facetConditions: [0, 0, 0, 0])
        let solution = FEMSolution(
            mesh: tetrahedron, values: [Double](repeating: 1, count: 10), unknownCount: 0, nonzeroCount: 0,
            reciprocalConditionEstimate: .nan)
        let volume = solution.errorNorms(against: { _ in 0 }).l2
        XCTAssertEqual(volume * volume, 1.0 / 6, accuracy: 1e-15)

        var swapped = points
        swapped.swapAt(8, 9)
        XCTAssertThrowsError(
            try FEMMesh(
                dimension: 3, order: 2, coordinates: swapped.flatMap { $0 }, cells: Array(0..<10),
                facets: faces.flatMap { $0 }, facetConditions: [0, 0, 0, 0])
        ) { error in
            guard case .invertedCell(let cell, _, _, _) = error as? FEMError else {
                return XCTFail("expected invertedCell, got \(error)")
            }
            XCTAssertEqual(cell, 0)
        }
    }

    func testMeshesWithInconsistentEdgeNodesAreRefused() throws {
        let mesh = try FEMTestMesh.square(n: 2).quadratic()
        // Two cells naming different nodes for their shared edge.
        var cells = mesh.cells
        let interiorEdge = (0..<mesh.cellCount).lazy.flatMap { c in (3..<6).map { (c, $0) } }.first { c, k in
            !mesh.facets.contains(mesh.cells[6 * c + k])
        }
        let (cell, k) = try XCTUnwrap(interiorEdge)
        cells[6 * cell + k] = mesh.facets[2]
        XCTAssertThrowsError(
            try FEMMesh(
                dimension: 2, order: 2, coordinates: mesh.coordinates, cells: cells, facets: mesh.facets,
                facetConditions: mesh.facetConditions)
        ) { error in
            guard case .invalidMesh(let reason) = error as? FEMError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("share the edge"), reason)
        }
        // A facet naming a node its cell does not have for that edge.
        var facets = mesh.facets
        facets[2] = mesh.facets[5]
        XCTAssertThrowsError(
            try FEMMesh(
                dimension: 2, order: 2, coordinates: mesh.coordinates, cells: mesh.cells, facets: facets,
                facetConditions: mesh.facetConditions)
        ) { error in
            guard case .invalidMesh(let reason) = error as? FEMError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("facet 0 names node"), reason)
        }
        // The wrong node count per cell.
        XCTAssertThrowsError(
            try FEMMesh(
                dimension: 2, order: 2, coordinates: mesh.coordinates, cells: Array(mesh.cells.dropLast()),
                facets: mesh.facets, facetConditions: mesh.facetConditions))
    }

    /// Pushing boundary edge nodes inwards by more than half the cell folds it.
    func testFoldedCurvedCellIsRefused() throws {
        let mesh = try FEMTestMesh.square(n: 2)
        XCTAssertNoThrow(try mesh.quadratic(projectingBoundaryMidpoints: { p, _ in [p[0], p[1] == 0 ? 0.1 : p[1]] }))
        XCTAssertThrowsError(
            try mesh.quadratic(projectingBoundaryMidpoints: { p, _ in [p[0], p[1] == 0 ? 0.45 : p[1]] })
        ) { error in
            guard case .invertedCell = error as? FEMError else { return XCTFail("expected invertedCell, got \(error)") }
            XCTAssertTrue("\(error)".contains("is inverted or folded"), "\(error)")
        }
    }

    /// The Dirichlet value fixes edge nodes too, and the solution has a value at every node.
    func testSolutionHasAValueAtEveryNode() throws {
        let mesh = try FEMTestMesh.quadraticDisk(rings: 2, curved: true)
        let solution = try solveFiniteElement(
            FEMProblem(
                mesh: mesh, equation: .poisson, source: { _ in 4 },
                boundaryConditions: [.dirichlet(value: { _ in 0 })]))
        XCTAssertEqual(solution.values.count, mesh.nodeCount)
        XCTAssertEqual(solution.unknownCount, mesh.nodeCount - 2 * mesh.facetCount)
        // u = 1 − r² solves −Δu = 4 with u = 0 on the circle: at the centre, to O(h³).
        XCTAssertEqual(solution.values[0], 1, accuracy: 1e-2)
        for node in 0..<mesh.nodeCount {
            let p = mesh.point(node)
            XCTAssertEqual(solution.values[node], 1 - p[0] * p[0] - p[1] * p[1], accuracy: 1e-2)
        }
    }
}

extension FEMQuadratureTests {
    func testQuadraticAssemblyRules() {
        assertExact(.segmentGauss3, simplexDimension: 1, pointCount: 3, degree: 5)
    }

    func testConicalProductRules() {
        assertExact(.triangleConicalProduct6, simplexDimension: 2, pointCount: 36, degree: 10)
        assertExact(.tetrahedronConicalProduct5, simplexDimension: 3, pointCount: 125, degree: 7)
        assertExact(
            .conicalProduct(simplexDimension: 2, pointsPerDirection: 2), simplexDimension: 2, pointCount: 4, degree: 2)
    }
}
