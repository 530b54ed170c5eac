import Foundation
import PinnReference
import XCTest

/// Second-order L2 convergence on Gmsh meshes of the annulus 0.4 ≤ r ≤ 1 (Meshes/disk_with_hole.msh
/// and its refinements in Meshes/refinement, made with `-clscale`). The meshes are not nested;
/// h is taken as 1/√(number of nodes).
///
/// The discrete domain is the polygon Ω_h inscribed in the annulus. Neumann and Robin data are
/// computed with the facet's own normal, so the exact solution (defined on all of R²) solves the
/// problem posed on Ω_h, and the errors measure the discretisation alone.
final class FEMGmshConvergenceTests: XCTestCase {
    static let meshes = ["disk_with_hole.msh", "refinement/disk_with_hole_h2.msh", "refinement/disk_with_hole_h4.msh"]
    static let groups = ["outer": 0, "inner": 1]

    func annulusStudy(
        _ exact: ManufacturedSolution, equation: FDEquation,
        source: @escaping @Sendable ([Double]) -> Double,
        outer: FEMBoundaryCondition, inner: FEMBoundaryCondition
    ) throws -> FEMConvergenceStudy {
        try FEMConvergenceStudy(
            Self.meshes.map { name in
                let mesh = try FEMMesh.repositoryMesh(name, conditionIndices: Self.groups)
                return (
                    1 / Double(mesh.nodeCount).squareRoot(),
                    FEMProblem(mesh: mesh, equation: equation, source: source, boundaryConditions: [outer, inner])
                )
            }, exact: exact.u)
    }

    /// u = sin(πx) cos(πy) + x y; Dirichlet on the outer circle, Neumann on the inner one.
    func testPoissonOnAnnulusConvergesAtSecondOrder() throws {
        let exact = FEMConvergenceTests.sinCos
        let study = try annulusStudy(
            exact, equation: .poisson, source: exact.poissonSource,
            outer: exact.dirichlet, inner: exact.neumann)
        study.assertSecondOrderInL2("annulus (Gmsh), Poisson, Dirichlet outer + Neumann inner")
    }

    /// u = cos(2x) eʸ, k = 2; Robin u + ∂u/∂n on the outer circle, Dirichlet on the inner one.
    func testHelmholtzOnAnnulusConvergesAtSecondOrder() throws {
        let exact = ManufacturedSolution(
            u: { cos(2 * $0[0]) * exp($0[1]) },
            gradient: { [-2 * sin(2 * $0[0]) * exp($0[1]), cos(2 * $0[0]) * exp($0[1])] },
            laplacian: { -3 * cos(2 * $0[0]) * exp($0[1]) })
        let kSquared: @Sendable ([Double]) -> Double = { _ in 4 }
        let study = try annulusStudy(
            exact, equation: .helmholtz(k: 2), source: exact.helmholtzSource(kSquared: kSquared),
            outer: exact.robin(alpha: 1, beta: 1), inner: exact.dirichlet)
        study.assertSecondOrderInL2("annulus (Gmsh), Helmholtz k = 2, Robin outer + Dirichlet inner")
    }
}
