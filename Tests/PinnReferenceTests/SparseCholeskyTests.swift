import XCTest

@testable import PinnReference

/// CHOLMOD's Cholesky against UMFPACK's LU on SPD systems the reference solvers assemble.
final class SparseCholeskyTests: XCTestCase {
    /// How a finite-element Poisson system goes to CHOLMOD: `FEMAssembler` builds the
    /// (symmetric) system exactly as `solveFiniteElement` does; `solve(method: .cholesky)`
    /// replaces `solve()`. A distorted mesh with Dirichlet, Neumann and Robin sides.
    func testCholeskyMatchesLUOnFiniteElementPoisson() throws {
        let exact = ManufacturedSolution(
            u: { x in sin(2 * x[0]) * cos(x[1]) + x[0] * x[1] },
            gradient: { x in [2 * cos(2 * x[0]) * cos(x[1]) + x[1], -sin(2 * x[0]) * sin(x[1]) + x[0]] },
            laplacian: { x in -5 * sin(2 * x[0]) * cos(x[1]) })
        let mesh = try FEMTestMesh.square(
            n: 40, sideConditions: [0, 1, 2, 0], distortion: .random(fraction: 0.2, seed: 7), randomDiagonals: 3)
        let conditions = [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 1)]
        var fixed = [Double?](repeating: nil, count: mesh.nodeCount)
        for facet in 0..<mesh.facetCount where mesh.facetConditions[facet] == 0 {
            for node in mesh.nodes(ofFacet: facet) { fixed[node] = exact.u(mesh.point(node)) }
        }
        var unknownIndex = [Int](repeating: -1, count: mesh.nodeCount)
        var unknownCount = 0
        for node in 0..<mesh.nodeCount where fixed[node] == nil {
            unknownIndex[node] = unknownCount
            unknownCount += 1
        }
        let assembler = FEMAssembler(
            mesh: mesh, equation: .poisson, source: exact.poissonSource, conditions: conditions)
        let system = try assembler.assemble(unknownIndex: unknownIndex, unknownCount: unknownCount, fixedValues: fixed)

        let lu = try system.solve(method: .lu)
        let cholesky = try system.solve(method: .cholesky)
        XCTAssertLessThan(MultigridSolverTests.relativeDifference(cholesky.solution, lu.solution), 1e-12)
        XCTAssertLessThan(cholesky.relativeResidual, 1e-13)
        XCTAssertGreaterThan(cholesky.factorNonzeroCount, system.matrix.dimension)
        // And the discrete solution is the P1 solution: O(h²) away from u at the nodes.
        var maxError = 0.0
        for node in 0..<mesh.nodeCount where unknownIndex[node] >= 0 {
            maxError = max(maxError, abs(cholesky.solution[unknownIndex[node]] - exact.u(mesh.point(node))))
        }
        XCTAssertLessThan(maxError, 1e-2)
    }

    /// The finite-difference system with ghost-point rows is symmetric only after halving the
    /// face rows; Cholesky of the symmetrised matrix gives LU's solution.
    func testCholeskyMatchesLUOnSymmetrisedFiniteDifferenceSystem() throws {
        let box = BoxPoissonTestSystem(
            counts: [30, 27, 12], spacing: [1.0 / 29, 1.1 / 26, 0.5 / 11],
            faces: [.neumann, .dirichlet, .robin(alpha: 1, beta: 2), .neumann, .dirichlet, .neumann])
        let lu = try box.system.solve(method: .lu)
        let cholesky = try box.system.solve(method: .cholesky)
        XCTAssertLessThan(MultigridSolverTests.relativeDifference(cholesky.solution, lu.solution), 1e-12)
    }
}
