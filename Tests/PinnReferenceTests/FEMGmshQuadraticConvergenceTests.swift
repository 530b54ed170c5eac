import Foundation
import PinnIO
import PinnReference
import XCTest

/// Third-order L2 convergence of P2 elements on quadratic Gmsh meshes of the unit disk read as
/// they are (Meshes/disk_p2.msh and its refinements in Meshes/refinement: `gmsh -2 -order 2`,
/// lc = 0.2, 0.1, 0.05), whose 6-node triangles have their boundary edge nodes on the circle. The
/// meshes are not nested; h is taken as 1/√(number of nodes). With those edge nodes moved to their
/// chords' midpoints the same problems stop at second order: the curved boundary comes from the
/// file.
final class FEMGmshQuadraticConvergenceTests: XCTestCase {
    static let meshes = ["disk_p2.msh", "refinement/disk_p2_h2.msh", "refinement/disk_p2_h4.msh"]

    /// The problem on each disk mesh, its boundary edge nodes on the circle (`curved`) or on the
    /// chords.
    func diskStudy(
        curved: Bool, equation: FDEquation, source: @escaping @Sendable ([Double]) -> Double,
        condition: FEMBoundaryCondition
    ) throws -> FEMConvergenceStudy {
        try FEMConvergenceStudy(
            Self.meshes.map { name in
                let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("Meshes/" + name).path
                let gmsh = try SimplexMesh.readGmsh(at: path)
                XCTAssertEqual(gmsh.order, 2)
                // The boundary lines' edge nodes, and the midpoints of their chords.
                var chordMidpoints: [Int: SIMD3<Double>] = [:]
                for facet in 0..<gmsh.facets.count {
                    let nodes = Array(gmsh.facets.nodes(of: facet))
                    chordMidpoints[nodes[2]] = (gmsh.nodes[nodes[0]] + gmsh.nodes[nodes[1]]) / 2
                }
                let mesh = try FEMMesh(
                    gmsh, conditionIndices: ["boundary": 0], moving: { curved ? $1 : chordMidpoints[$0] ?? $1 })
                return (
                    1 / Double(mesh.nodeCount).squareRoot(),
                    FEMProblem(mesh: mesh, equation: equation, source: source, boundaryConditions: [condition])
                )
            }, exact: FEMQuadraticConvergenceTests.diskSolution.u)
    }

    /// Robin u + ∂u/∂n = g on the circle (g from the circle's normal).
    func testPoissonWithRobinOnTheGmshDiskConvergesAtThirdOrder() throws {
        let exact = FEMQuadraticConvergenceTests.diskSolution
        let study = try diskStudy(
            curved: true, equation: .poisson, source: exact.poissonSource,
            condition: FEMQuadraticConvergenceTests.robinOnCircle())
        study.assertThirdOrderInL2("P2 Gmsh disk (-order 2), Poisson, Robin", range: 2.7...3.4)
        let straight = try diskStudy(
            curved: false, equation: .poisson, source: exact.poissonSource,
            condition: FEMQuadraticConvergenceTests.robinOnCircle())
        straight.assertSecondOrderInL2("P2 Gmsh disk, edge nodes on the chords, Poisson, Robin", range: 1.7...2.4)
        XCTAssertLessThan(study.errors[2].l2, straight.errors[2].l2 / 10)
    }

    func testHelmholtzWithDirichletOnTheGmshDiskConvergesAtThirdOrder() throws {
        let exact = FEMQuadraticConvergenceTests.diskSolution
        let kSquared: @Sendable ([Double]) -> Double = { 4 + $0[0] }
        let study = try diskStudy(
            curved: true, equation: .helmholtz(kSquared: kSquared), source: exact.helmholtzSource(kSquared: kSquared),
            condition: exact.dirichlet)
        study.assertThirdOrderInL2("P2 Gmsh disk (-order 2), Helmholtz k² = 4 + x, Dirichlet", range: 2.7...3.4)
    }
}
