import Foundation
import PinnReference
import XCTest

/// Patch tests for P2 elements. On straight-edged cells the P2 space contains every quadratic,
/// and the degree-5 rules integrate the weak form of a quadratic solution exactly, so a
/// quadratic is reproduced to rounding on any mesh with any conditions whose data is exact.
/// On curved (isoparametric) cells the space contains the linear functions, and the weak form
/// of a linear solution is integrated exactly (det J · J⁻ᵀ∇N and the facet's n ds N are
/// polynomials of degree ≤ 4 in the reference coordinates; the Robin and k² terms use the same
/// points on both sides), so a linear solution is reproduced on curved cells, curved boundary
/// facets included.
final class FEMQuadraticPatchTests: XCTestCase {
    static let quadratic2D = ManufacturedSolution(
        u: { 1 + 2 * $0[0] - 3 * $0[1] + $0[0] * $0[0] - $0[0] * $0[1] + 0.5 * $0[1] * $0[1] },
        gradient: { [2 + 2 * $0[0] - $0[1], -3 - $0[0] + $0[1]] },
        laplacian: { _ in 3 })
    static let quadratic3D = ManufacturedSolution(
        u: { x in
            1 + 2 * x[0] - 3 * x[1] + 0.5 * x[2] + x[0] * x[0] - x[0] * x[1] + 0.5 * x[1] * x[1] + 2 * x[1] * x[2]
                - x[2] * x[2]
        },
        gradient: { x in [2 + 2 * x[0] - x[1], -3 - x[0] + x[1] + 2 * x[2], 0.5 + 2 * x[1] - 2 * x[2]] },
        laplacian: { _ in 1 })

    /// Solves and asserts that the solution matches `exact` at every node and in L2 to 10⁻¹²
    /// (rounding; an unreproduced quadratic errs by 10⁻⁶ or more on these meshes).
    func assertReproduced(
        _ problem: FEMProblem, _ exact: ManufacturedSolution, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let solution = try solveFiniteElement(problem)
        XCTAssertEqual(solution.order, 2, file: file, line: line)
        let norms = solution.errorNorms(against: exact.u)
        print("FEM P2 patch test \(name): max nodal error \(norms.maxAbsolute), L2 error \(norms.l2)")
        XCTAssertLessThan(norms.maxAbsolute, 1e-12, name, file: file, line: line)
        XCTAssertLessThan(norms.l2, 1e-12, name, file: file, line: line)
    }

    /// A 6 × 6 square with random diagonals and interior vertices moved by up to 0.3 h; straight
    /// edges with their midpoints.
    func irregularSquare(sideConditions: [Int]) throws -> FEMMesh {
        try FEMTestMesh.square(
            n: 6, sideConditions: sideConditions, distortion: .random(fraction: 0.3, seed: 7),
            randomDiagonals: 11
        ).quadratic()
    }

    /// A 3³ cube with interior vertices moved by up to 0.1 h; straight edges.
    func irregularCube(faceConditions: [Int]) throws -> FEMMesh {
        try FEMTestMesh.cube(n: 3, faceConditions: faceConditions, distortion: .random(fraction: 0.1, seed: 5))
            .quadratic()
    }

    func testQuadraticSolutionIsReproducedWithDirichletIn2D() throws {
        let exact = Self.quadratic2D
        let problem = FEMProblem(
            mesh: try irregularSquare(sideConditions: [0, 0, 0, 0]), equation: .poisson,
            source: exact.poissonSource, boundaryConditions: [exact.dirichlet])
        try assertReproduced(problem, exact, "2-D Dirichlet")
    }

    func testQuadraticSolutionIsReproducedWithMixedConditionsIn2D() throws {
        let exact = Self.quadratic2D
        let problem = FEMProblem(
            mesh: try irregularSquare(sideConditions: [0, 1, 2, 1]), equation: .poisson,
            source: exact.poissonSource,
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 0.5)])
        try assertReproduced(problem, exact, "2-D Dirichlet + Neumann + Robin")
    }

    /// Helmholtz with k² = 2 + x: the mass term and the load k²u·v use the same rule on the same
    /// integrand, so they cancel; Δu is constant and its load is exact.
    func testQuadraticSolutionIsReproducedForHelmholtzIn2D() throws {
        let exact = Self.quadratic2D
        let kSquared: @Sendable ([Double]) -> Double = { 2 + $0[0] }
        let problem = FEMProblem(
            mesh: try irregularSquare(sideConditions: [1, 0, 2, 2]), equation: .helmholtz(kSquared: kSquared),
            source: exact.helmholtzSource(kSquared: kSquared),
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 1)])
        try assertReproduced(problem, exact, "2-D Helmholtz, k² = 2 + x, mixed conditions")
    }

    func testQuadraticSolutionIsReproducedWithDirichletIn3D() throws {
        let exact = Self.quadratic3D
        let problem = FEMProblem(
            mesh: try irregularCube(faceConditions: [0, 0, 0, 0, 0, 0]), equation: .poisson,
            source: exact.poissonSource, boundaryConditions: [exact.dirichlet])
        try assertReproduced(problem, exact, "3-D Dirichlet")
    }

    func testQuadraticSolutionIsReproducedWithMixedConditionsForHelmholtzIn3D() throws {
        let exact = Self.quadratic3D
        let kSquared: @Sendable ([Double]) -> Double = { 2 + $0[2] }
        let problem = FEMProblem(
            mesh: try irregularCube(faceConditions: [0, 1, 1, 2, 2, 1]), equation: .helmholtz(kSquared: kSquared),
            source: exact.helmholtzSource(kSquared: kSquared),
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 3, beta: 1)])
        try assertReproduced(problem, exact, "3-D Helmholtz, k² = 2 + z, mixed conditions")
    }

    func testQuadraticSolutionIsReproducedWithMixedConditionsIn3D() throws {
        let exact = Self.quadratic3D
        let problem = FEMProblem(
            mesh: try irregularCube(faceConditions: [0, 1, 2, 1, 2, 0]), equation: .poisson,
            source: exact.poissonSource,
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 2)])
        try assertReproduced(problem, exact, "3-D Dirichlet + Neumann + Robin")
    }

    // MARK: Curved cells

    static let linear2D = FEMPatchTests.linear2D
    static let linear3D = FEMPatchTests.linear3D

    /// The disk with boundary edge nodes on the circle and interior edge nodes moved by up to
    /// 0.1 of their edge: every cell curved. Robin on the upper half of the circle, Neumann
    /// on the lower half but for one Dirichlet arc, with the mesh's own normals in the data.
    func testLinearSolutionIsReproducedOnCurvedCellsWithCurvedBoundaryIn2D() throws {
        let exact = Self.linear2D
        let mesh = try FEMTestMesh.bendingInteriorEdges(
            of: FEMTestMesh.quadraticDisk(
                rings: 4, curved: true, condition: { $0 < .pi ? 2 : $0 < 1.2 * .pi ? 0 : 1 }),
            fraction: 0.1, seed: 3)
        let kSquared: @Sendable ([Double]) -> Double = { 3 + $0[1] }
        for (equation, source, name) in [
            (FDEquation.poisson, exact.poissonSource, "Poisson"),
            (.helmholtz(kSquared: kSquared), exact.helmholtzSource(kSquared: kSquared), "Helmholtz, k² = 3 + y")
        ] {
            let problem = FEMProblem(
                mesh: mesh, equation: equation, source: source,
                boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 0.5)])
            try assertReproduced(problem, exact, "curved 2-D disk, \(name), Dirichlet + Neumann + Robin")
        }
        // The same data does not reproduce a quadratic on curved cells: the test can fail.
        let quadratic = Self.quadratic2D
        let norms = try solveFiniteElement(
            FEMProblem(
                mesh: mesh, equation: .poisson, source: quadratic.poissonSource,
                boundaryConditions: [quadratic.dirichlet, quadratic.neumann, quadratic.robin(alpha: 2, beta: 0.5)])
        ).errorNorms(against: quadratic.u)
        XCTAssertGreaterThan(norms.maxAbsolute, 1e-6)
    }

    /// The unit cube with its x = 1 and z = 1 faces bulged outwards (their edge nodes pushed by
    /// 0.15 h along the face's normal, alternating in sign with the edge's position) and interior
    /// edge nodes moved by up to 0.05 of their edge.
    func testLinearSolutionIsReproducedOnCurvedCellsWithCurvedBoundaryIn3D() throws {
        let exact = Self.linear3D
        let n = 3
        let straight = try FEMTestMesh.cube(n: n, faceConditions: [0, 1, 2, 1, 2, 2])
        let h = 1 / Double(n)
        let bulged = try straight.quadratic(projectingBoundaryMidpoints: { p, _ in
            var q = p
            let wave = sin(2 * .pi * (p[0] + 2 * p[1] + 3 * p[2]))
            if abs(p[0] - 1) < 1e-12 { q[0] += 0.15 * h * wave }
            if abs(p[2] - 1) < 1e-12 && abs(p[0] - 1) > 1e-12 { q[2] += 0.15 * h * wave }
            return q
        })
        let mesh = try FEMTestMesh.bendingInteriorEdges(of: bulged, fraction: 0.05, seed: 9)
        let kSquared: @Sendable ([Double]) -> Double = { 2 + $0[0] }
        let problem = FEMProblem(
            mesh: mesh, equation: .helmholtz(kSquared: kSquared), source: exact.helmholtzSource(kSquared: kSquared),
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 2)])
        try assertReproduced(problem, exact, "curved 3-D cube, Helmholtz, Dirichlet + Neumann + Robin")
    }
}
