import Foundation
import PinnReference
import XCTest

/// The patch test: P1 elements contain the linear functions, so an exactly linear solution is
/// reproduced to rounding on any mesh, with any mix of conditions whose data is exact.
final class FEMPatchTests: XCTestCase {
    static let linear2D = ManufacturedSolution(
        u: { 1 + 2 * $0[0] - 3 * $0[1] }, gradient: { _ in [2, -3] },
        laplacian: { _ in 0 })
    static let linear3D = ManufacturedSolution(
        u: { 1 + 2 * $0[0] - 3 * $0[1] + 0.5 * $0[2] },
        gradient: { _ in [2, -3, 0.5] }, laplacian: { _ in 0 })

    func assertReproduced(
        _ problem: FEMProblem, _ exact: ManufacturedSolution, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let norms = try solveFiniteElement(problem).errorNorms(against: exact.u)
        print("FEM patch test \(name): max nodal error \(norms.maxAbsolute), L2 error \(norms.l2)")
        XCTAssertLessThan(norms.maxAbsolute, 1e-12, name, file: file, line: line)
        XCTAssertLessThan(norms.l2, 1e-12, name, file: file, line: line)
    }

    /// A 6 × 6 square with random diagonals and interior nodes moved by up to 0.3 h.
    func irregularSquare(sideConditions: [Int]) throws -> FEMMesh {
        try FEMTestMesh.square(
            n: 6, sideConditions: sideConditions, distortion: .random(fraction: 0.3, seed: 7),
            randomDiagonals: 11)
    }

    /// A 4³ cube with interior nodes moved by up to 0.1 h.
    func irregularCube(faceConditions: [Int]) throws -> FEMMesh {
        try FEMTestMesh.cube(n: 4, faceConditions: faceConditions, distortion: .random(fraction: 0.1, seed: 5))
    }

    func testLinearSolutionIsReproducedWithDirichletIn2D() throws {
        let exact = Self.linear2D
        let problem = FEMProblem(
            mesh: try irregularSquare(sideConditions: [0, 0, 0, 0]), equation: .poisson,
            source: exact.poissonSource, boundaryConditions: [exact.dirichlet])
        try assertReproduced(problem, exact, "2-D Dirichlet")
    }

    func testLinearSolutionIsReproducedWithMixedConditionsIn2D() throws {
        let exact = Self.linear2D
        let problem = FEMProblem(
            mesh: try irregularSquare(sideConditions: [0, 1, 2, 1]), equation: .poisson,
            source: exact.poissonSource,
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 0.5)])
        try assertReproduced(problem, exact, "2-D Dirichlet + Neumann + Robin")
    }

    /// Helmholtz too: with Δu = 0 the source k²u is linear and the degree-2 rule integrates f·v
    /// exactly, as it does the mass matrix.
    func testLinearSolutionIsReproducedForHelmholtzIn2D() throws {
        let exact = Self.linear2D
        let kSquared: @Sendable ([Double]) -> Double = { _ in 3 }
        let problem = FEMProblem(
            mesh: try irregularSquare(sideConditions: [1, 0, 2, 2]), equation: .helmholtz(k: 3.0.squareRoot()),
            source: exact.helmholtzSource(kSquared: kSquared),
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 1)])
        try assertReproduced(problem, exact, "2-D Helmholtz, mixed conditions")
    }

    func testLinearSolutionIsReproducedWithDirichletIn3D() throws {
        let exact = Self.linear3D
        let problem = FEMProblem(
            mesh: try irregularCube(faceConditions: [0, 0, 0, 0, 0, 0]), equation: .poisson,
            source: exact.poissonSource, boundaryConditions: [exact.dirichlet])
        try assertReproduced(problem, exact, "3-D Dirichlet")
    }

    func testLinearSolutionIsReproducedWithMixedConditionsIn3D() throws {
        let exact = Self.linear3D
        let problem = FEMProblem(
            mesh: try irregularCube(faceConditions: [0, 1, 2, 1, 2, 0]), equation: .poisson,
            source: exact.poissonSource,
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 2)])
        try assertReproduced(problem, exact, "3-D Dirichlet + Neumann + Robin")
    }

    /// Only the x = 0 face is Dirichlet, so most of the boundary nodes are unknowns. With a
    /// variable k² the mass term and the load k²u·v use the same rule on the same integrand
    /// (u is in the P1 space), so they cancel exactly and the patch test still holds.
    func testLinearSolutionIsReproducedForHelmholtzIn3D() throws {
        let exact = Self.linear3D
        let kSquared: @Sendable ([Double]) -> Double = { 2 + $0[0] }
        let problem = FEMProblem(
            mesh: try irregularCube(faceConditions: [0, 1, 1, 2, 2, 1]),
            equation: .helmholtz(kSquared: kSquared),
            source: exact.helmholtzSource(kSquared: kSquared),
            boundaryConditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 3, beta: 1)])
        try assertReproduced(problem, exact, "3-D Helmholtz, k² = 2 + x, mixed conditions")
    }
}
