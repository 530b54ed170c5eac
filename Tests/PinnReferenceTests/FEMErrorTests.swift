import PinnReference
import XCTest

/// Bad meshes and problems throw a `FEMError` that names the cell, facet or face.
final class FEMErrorTests: XCTestCase {
    /// The unit square as two triangles, its four edges as facets with conditions `conditions`.
    let squareCoordinates: [Double] = [0, 0, 1, 0, 1, 1, 0, 1]
    let squareCells = [0, 1, 2, 0, 2, 3]
    let squareFacets = [0, 1, 1, 2, 2, 3, 3, 0]

    func square(conditions: [Int] = [0, 0, 0, 0]) throws -> FEMMesh {
        try FEMMesh(
            dimension: 2, coordinates: squareCoordinates, cells: squareCells, facets: squareFacets,
            facetConditions: conditions)
    }

    /// The square split into four triangles around its centre (node 4): one interior node.
    func squareWithCentre(conditions: [Int] = [0, 0, 0, 0]) throws -> FEMMesh {
        try FEMMesh(
            dimension: 2, coordinates: squareCoordinates + [0.5, 0.5],
            cells: [0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4], facets: squareFacets, facetConditions: conditions)
    }

    func assertThrows<T>(
        _ expected: FEMError, _ body: () throws -> T,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            _ = try body()
            XCTFail("expected \(expected)", file: file, line: line)
        } catch let error as FEMError {
            XCTAssertEqual(error, expected, file: file, line: line)
            XCTAssertFalse(error.description.isEmpty, file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testMeshArraysAreChecked() {
        assertThrows(.invalidMesh(reason: "dimension 1; expected 2 (triangles) or 3 (tetrahedra)")) {
            try FEMMesh(dimension: 1, coordinates: [0, 1], cells: [0, 1], facets: [0, 1], facetConditions: [0, 0])
        }
        assertThrows(.invalidMesh(reason: "7 coordinates is not a positive multiple of the dimension 2")) {
            try FEMMesh(
                dimension: 2, coordinates: Array(squareCoordinates.dropLast()), cells: squareCells,
                facets: squareFacets, facetConditions: [0, 0, 0, 0])
        }
        assertThrows(.invalidMesh(reason: "coordinate 1 of node 2 is nan, not finite")) {
            var coordinates = squareCoordinates
            coordinates[5] = .nan
            return try FEMMesh(
                dimension: 2, coordinates: coordinates, cells: squareCells, facets: squareFacets,
                facetConditions: [0, 0, 0, 0])
        }
        assertThrows(.invalidMesh(reason: "cell 1 refers to node 4; the mesh has 4 nodes")) {
            try FEMMesh(
                dimension: 2, coordinates: squareCoordinates, cells: [0, 1, 2, 0, 2, 4],
                facets: squareFacets, facetConditions: [0, 0, 0, 0])
        }
        assertThrows(.invalidMesh(reason: "3 facet conditions for 4 facets")) {
            try FEMMesh(
                dimension: 2, coordinates: squareCoordinates, cells: squareCells, facets: squareFacets,
                facetConditions: [0, 0, 0])
        }
        assertThrows(.invalidMesh(reason: "facet 2 has the negative condition index -1")) {
            try square(conditions: [0, 0, -1, 0])
        }
    }

    func testDegenerateCellIsNamed() {
        // Node 3 moved onto the line through nodes 0 and 2: cell 1 (0, 2, 3) has zero area.
        assertThrows(.degenerateCell(cell: 1, nodes: [0, 2, 3], measure: 0)) {
            try FEMMesh(
                dimension: 2, coordinates: [0, 0, 1, 0, 1, 1, 0.5, 0.5], cells: squareCells,
                facets: squareFacets, facetConditions: [0, 0, 0, 0])
        }
    }

    func testFacetsMustCoverTheBoundaryExactlyOnce() {
        assertThrows(
            .invalidMesh(
                reason: "facet 1 (nodes [0, 2]) lies inside the mesh, between two cells; "
                    + "conditions hold only on the boundary")
        ) {
            try FEMMesh(
                dimension: 2, coordinates: squareCoordinates, cells: squareCells,
                facets: [0, 1, 0, 2, 1, 2, 2, 3, 3, 0], facetConditions: [0, 0, 0, 0, 0])
        }
        assertThrows(.invalidMesh(reason: "facet 4 (nodes [1, 3]) is not a face of any cell")) {
            try FEMMesh(
                dimension: 2, coordinates: squareCoordinates, cells: squareCells,
                facets: squareFacets + [1, 3], facetConditions: [0, 0, 0, 0, 0])
        }
        assertThrows(.invalidMesh(reason: "facet 4 (nodes [1, 0]) repeats facet 0")) {
            try FEMMesh(
                dimension: 2, coordinates: squareCoordinates, cells: squareCells,
                facets: squareFacets + [1, 0], facetConditions: [0, 0, 0, 0, 1])
        }
        // Without the edge y = 1 (nodes 2, 3), no condition holds there.
        assertThrows(.uncoveredBoundary(nodes: [2, 3], point: [0.5, 1])) {
            try FEMMesh(
                dimension: 2, coordinates: squareCoordinates, cells: squareCells,
                facets: [0, 1, 1, 2, 3, 0], facetConditions: [0, 0, 0])
        }
    }

    func testUncoveredFaceOfATetrahedronIsNamed() {
        // One tetrahedron with three of its four faces given.
        assertThrows(.uncoveredBoundary(nodes: [1, 2, 3], point: [1.0 / 3, 1.0 / 3, 1.0 / 3])) {
            try FEMMesh(
                dimension: 3, coordinates: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1], cells: [0, 1, 2, 3],
                facets: [0, 1, 2, 0, 1, 3, 0, 2, 3], facetConditions: [0, 0, 0])
        }
    }

    func testConditionIndexOutOfRangeIsNamed() throws {
        let mesh = try square(conditions: [0, 1, 0, 2])
        let problem = FEMProblem(
            mesh: mesh, equation: .poisson, source: { _ in 1 },
            boundaryConditions: [.dirichlet(value: { _ in 0 }), .neumann(value: { _, _ in 0 })])
        assertThrows(.unknownBoundaryCondition(facet: 3, index: 2, conditionCount: 2)) {
            try solveFiniteElement(problem)
        }
    }

    func testPureNeumannPoissonThrows() throws {
        let problem = FEMProblem(
            mesh: try square(), equation: .poisson, source: { _ in 0 },
            boundaryConditions: [.neumann(value: { _, _ in 0 })])
        assertThrows(.pureNeumannPoisson) { try solveFiniteElement(problem) }
        // A Robin term α u anchors it.
        let anchored = FEMProblem(
            mesh: try square(), equation: .poisson, source: { _ in 0 },
            boundaryConditions: [.robin(alpha: 1, beta: 1, value: { _, _ in 2 })])
        let solution = try solveFiniteElement(anchored)
        // u = 2 satisfies −Δu = 0 and u + ∂u/∂n = 2 exactly.
        for value in solution.values { XCTAssertEqual(value, 2, accuracy: 1e-13) }
    }

    func testRobinWithZeroBetaIsNamed() throws {
        let problem = FEMProblem(
            mesh: try squareWithCentre(conditions: [0, 0, 1, 0]), equation: .poisson, source: { _ in 0 },
            boundaryConditions: [
                .dirichlet(value: { _ in 0 }),
                .robin(
                    alpha: { _ in 1 }, beta: { $0[0] < 0.5 ? 1 : 0 },
                    value: { _, _ in 0 })
            ])
        // Facet 2 runs from (1, 1) to (0, 1); the 2-point Gauss rule's first point is at x ≈ 0.789.
        do {
            _ = try solveFiniteElement(problem)
            XCTFail("expected an invalid boundary condition")
        } catch {
            guard case .invalidBoundaryCondition(let facet, let point, _) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(facet, 2)
            XCTAssertEqual(point[1], 1)
            XCTAssertGreaterThan(point[0], 0.5)
        }
    }

    /// With one interior node and Dirichlet all round, the system is the 1×1 matrix K − k² M,
    /// singular at the discrete eigenvalue k² = K/M.
    func testHelmholtzAtADiscreteEigenvalueThrowsSingularMatrix() throws {
        let mesh = try squareWithCentre()
        // For the centre node: K = Σ |T| |∇λ|² = 4 · (1/4) · 4 = 4, M = Σ |T|/6 = 1/6, so k² = 24.
        let problem = FEMProblem(
            mesh: mesh, equation: .helmholtz(kSquared: { _ in 24 }), source: { _ in 1 },
            boundaryConditions: [.dirichlet(value: { _ in 0 })])
        assertThrows(.singularMatrix(call: "umfpack_dl_numeric")) { try solveFiniteElement(problem) }
    }

    func testNodesOutsideEveryCellAreNaNAndIgnored() throws {
        // The two-triangle square plus a stray node 4 (like the centre point Gmsh keeps for a circle).
        let mesh = try FEMMesh(
            dimension: 2, coordinates: squareCoordinates + [5, 5], cells: squareCells,
            facets: squareFacets, facetConditions: [0, 0, 0, 0])
        let solution = try solveFiniteElement(
            FEMProblem(
                mesh: mesh, equation: .poisson, source: { _ in 0 },
                boundaryConditions: [.dirichlet(value: { $0[0] + $0[1] })]))
        XCTAssertTrue(solution.values[4].isNaN)
        XCTAssertEqual(solution.unknownCount, 0)
        let norms = solution.errorNorms(against: { $0[0] + $0[1] })
        XCTAssertEqual(norms.maxAbsolute, 0)
        XCTAssertEqual(norms.l2, 0)
    }
}
