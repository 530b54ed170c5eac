import Foundation
import PinnMeshing
import XCTest

@testable import PinnReference

/// Isoparametric P3 elements on Gmsh's cubic meshes: cubics reproduced on straight meshes, linears
/// on curved ones (patch tests), and fourth-order L2 convergence on the disk and the ball with
/// Robin and Neumann conditions on the curved boundary. The meshes are not nested; h is Gmsh's
/// mesh size (every element's size is capped at it). The number of nodes to the power −1/d, as the P2 Gmsh
/// tests take it, overstates the orders on these coarse meshes, where the boundary holds a large
/// share of the nodes: the node count grows 3.5× and 5× per halving instead of 4× and 8×.
final class FEMCubicConvergenceTests: XCTestCase {
    /// The solution on a Gmsh mesh of `domain` of order 3 and size `meshSize`.
    func solve(
        _ domain: MeshDomain, meshSize: Double, condition: ([Double]) -> Int = { _ in 0 },
        equation: FDEquation = .poisson, source: @escaping @Sendable ([Double]) -> Double,
        conditions: [FEMBoundaryCondition]
    ) throws -> FEMSolution {
        let mesh = try FEMMesh(generateMesh(domain, order: 3, meshSize: meshSize), condition: condition)
        return try solveFiniteElement(
            FEMProblem(mesh: mesh, equation: equation, source: source, boundaryConditions: conditions))
    }

    // MARK: Patch tests

    /// u = x³ − 2xy² + x²y + y − 1 on a rectangle, Dirichlet on x = −1, Neumann on y = 0, Robin
    /// u + ½ ∂u/∂n elsewhere, Poisson and Helmholtz k² = 3 + x: P3 reproduces it to rounding.
    func testCubicSolutionIsReproducedOnStraightMeshesIn2D() throws {
        let exact = ManufacturedSolution(
            u: { x in x[0] * x[0] * x[0] - 2 * x[0] * x[1] * x[1] + x[0] * x[0] * x[1] + x[1] - 1 },
            gradient: { x in [3 * x[0] * x[0] - 2 * x[1] * x[1] + 2 * x[0] * x[1], -4 * x[0] * x[1] + x[0] * x[0] + 1]
            },
            laplacian: { x in 6 * x[0] - 4 * x[0] + 2 * x[1] })
        let side: ([Double]) -> Int = { c in c[0] < -1 + 1e-9 ? 0 : (c[1] < 1e-9 ? 1 : 2) }
        let conditions = [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 0.5)]
        let kSquared: @Sendable ([Double]) -> Double = { 3 + $0[0] }
        for equation in [FDEquation.poisson, .helmholtz(kSquared: kSquared)] {
            let source = {
                if case .poisson = equation { exact.poissonSource } else { exact.helmholtzSource(kSquared: kSquared) }
            }()
            let solution = try solve(
                .rectangle(lower: SIMD2(-1, 0), upper: SIMD2(1, 0.7)), meshSize: 0.4, condition: side,
                equation: equation, source: source, conditions: conditions)
            XCTAssertEqual(solution.order, 3)
            XCTAssertLessThan(solution.errorNorms(against: exact.u).maxAbsolute, 1e-12)
        }
    }

    /// u = xyz + x² − z³ + y on a box, Dirichlet on x = 0, Neumann on y = 0, Robin elsewhere.
    func testCubicSolutionIsReproducedOnStraightMeshesIn3D() throws {
        let exact = ManufacturedSolution(
            u: { x in x[0] * x[1] * x[2] + x[0] * x[0] - x[2] * x[2] * x[2] + x[1] },
            gradient: { x in [x[1] * x[2] + 2 * x[0], x[0] * x[2] + 1, x[0] * x[1] - 3 * x[2] * x[2]] },
            laplacian: { x in 2 - 6 * x[2] })
        let side: ([Double]) -> Int = { c in c[0] < 1e-9 ? 0 : (c[1] < 1e-9 ? 1 : 2) }
        let solution = try solve(
            .box(lower: SIMD3(0, 0, 0), upper: SIMD3(1, 0.8, 0.6)), meshSize: 0.4, condition: side,
            source: exact.poissonSource,
            conditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 1)])
        XCTAssertLessThan(solution.errorNorms(against: exact.u).maxAbsolute, 1e-12)
    }

    /// u = 1 + 2x − y + 0.5z on the curved ball with Robin u + ∂u/∂n on the sphere (the data from
    /// the facet's normal): u ∘ x is cubic in ξ on every cell, so P3 reproduces it.
    func testLinearSolutionIsReproducedOnCurvedCellsIn3D() throws {
        let exact = ManufacturedSolution(
            u: { x in 1 + 2 * x[0] - x[1] + 0.5 * x[2] }, gradient: { _ in [2, -1, 0.5] }, laplacian: { _ in 0 })
        let solution = try solve(
            .ball(center: SIMD3(0, 0, 0), radius: 1), meshSize: 0.5, source: exact.poissonSource,
            conditions: [exact.robin(alpha: 1, beta: 1)])
        XCTAssertLessThan(solution.errorNorms(against: exact.u).maxAbsolute, 1e-12)
    }

    // MARK: Convergence

    func study(
        _ domain: MeshDomain, sizes: [Double], condition: @escaping ([Double]) -> Int = { _ in 0 },
        equation: FDEquation = .poisson, exact: ManufacturedSolution, conditions: [FEMBoundaryCondition]
    ) throws -> FEMConvergenceStudy {
        let source: @Sendable ([Double]) -> Double
        switch equation {
        case .poisson: source = exact.poissonSource
        case .helmholtz(let kSquared): source = exact.helmholtzSource(kSquared: kSquared)
        }
        return try FEMConvergenceStudy(
            sizes.map { h in
                let mesh = try FEMMesh(generateMesh(domain, order: 3, meshSize: h), condition: condition)
                return (
                    h,
                    FEMProblem(mesh: mesh, equation: equation, source: source, boundaryConditions: conditions)
                )
            }, exact: exact.u)
    }

    static let disk = MeshDomain.disk(center: SIMD2(0, 0), radius: 1)
    static let ball = MeshDomain.ball(center: SIMD3(0, 0, 0), radius: 1)

    /// ∂u/∂n with the exact outward normal x/|x| of the unit circle or sphere.
    static func radialDerivative(_ exact: ManufacturedSolution) -> @Sendable ([Double]) -> Double {
        { x in
            let r = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return exact.normalDerivative(x, x.map { $0 / r })
        }
    }

    static func robin(_ exact: ManufacturedSolution) -> FEMBoundaryCondition {
        let derivative = radialDerivative(exact)
        return .robin(alpha: 1, beta: 1, value: { x, _ in exact.u(x) + derivative(x) })
    }

    static func neumann(_ exact: ManufacturedSolution) -> FEMBoundaryCondition {
        let derivative = radialDerivative(exact)
        return .neumann(value: { x, _ in derivative(x) })
    }

    func testPoissonWithRobinOnDiskConvergesAtFourthOrder() throws {
        let exact = FEMQuadraticConvergenceTests.diskSolution
        try study(Self.disk, sizes: [0.2, 0.1, 0.05], exact: exact, conditions: [Self.robin(exact)])
            .assertFourthOrderInL2("P3 Gmsh disk, Poisson, Robin")
    }

    /// Neumann on the upper half circle, Dirichlet on the lower half.
    func testPoissonWithNeumannAndDirichletOnDiskConvergesAtFourthOrder() throws {
        let exact = FEMQuadraticConvergenceTests.diskSolution
        try study(
            Self.disk, sizes: [0.2, 0.1, 0.05], condition: { $0[1] > 0 ? 1 : 0 }, exact: exact,
            conditions: [exact.dirichlet, Self.neumann(exact)]
        ).assertFourthOrderInL2("P3 Gmsh disk, Poisson, Neumann + Dirichlet")
    }

    func testPoissonWithRobinOnBallConvergesAtFourthOrder() throws {
        let exact = FEMQuadraticConvergenceTests.ballSolution
        try study(Self.ball, sizes: [0.5, 0.25, 0.125], exact: exact, conditions: [Self.robin(exact)])
            .assertFourthOrderInL2("P3 Gmsh ball, Poisson, Robin")
    }

    /// Helmholtz Δu + 4u = f with Neumann data on the whole sphere (nonsingular: 4 is no
    /// Neumann eigenvalue of the ball), as Problems/helmholtz_ball_neumann.json.
    func testHelmholtzWithNeumannOnBallConvergesAtFourthOrder() throws {
        let exact = FEMQuadraticConvergenceTests.ballSolution
        try study(
            Self.ball, sizes: [0.5, 0.25, 0.125], equation: .helmholtz(kSquared: { _ in 4 }), exact: exact,
            conditions: [Self.neumann(exact)]
        ).assertFourthOrderInL2("P3 Gmsh ball, Helmholtz k² = 4, Neumann")
    }
}

extension FEMConvergenceStudy {
    /// Prints the study and asserts that every observed L2 order lies in `range` (P3: fourth order).
    func assertFourthOrderInL2(
        _ name: String, range: ClosedRange<Double> = 3.8...4.6, file: StaticString = #filePath, line: UInt = #line
    ) {
        assertSecondOrderInL2(name, range: range, file: file, line: line)
    }
}
