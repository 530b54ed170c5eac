import Foundation
import PinnReference
import XCTest

/// Second-order L2 convergence of P1 elements under uniform refinement of smoothly distorted
/// structured meshes of the unit square and cube (h = 1/n).
final class FEMConvergenceTests: XCTestCase {
    /// u = sin(πx) cos(πy) + x y.
    static let sinCos = ManufacturedSolution(
        u: { sin(.pi * $0[0]) * cos(.pi * $0[1]) + $0[0] * $0[1] },
        gradient: {
            [.pi * cos(.pi * $0[0]) * cos(.pi * $0[1]) + $0[1], -.pi * sin(.pi * $0[0]) * sin(.pi * $0[1]) + $0[0]]
        },
        laplacian: { -2 * .pi * .pi * sin(.pi * $0[0]) * cos(.pi * $0[1]) })

    /// u = eˣ cos 2y + x y.
    static let expCos = ManufacturedSolution(
        u: { exp($0[0]) * cos(2 * $0[1]) + $0[0] * $0[1] },
        gradient: { [exp($0[0]) * cos(2 * $0[1]) + $0[1], -2 * exp($0[0]) * sin(2 * $0[1]) + $0[0]] },
        laplacian: { -3 * exp($0[0]) * cos(2 * $0[1]) })

    /// u = sin(πx) sin(2πy) (Helmholtz).
    static let sinSin = ManufacturedSolution(
        u: { sin(.pi * $0[0]) * sin(2 * .pi * $0[1]) },
        gradient: {
            [.pi * cos(.pi * $0[0]) * sin(2 * .pi * $0[1]), 2 * .pi * sin(.pi * $0[0]) * cos(2 * .pi * $0[1])]
        },
        laplacian: { -5 * .pi * .pi * sin(.pi * $0[0]) * sin(2 * .pi * $0[1]) })

    /// u = sin(πx) sin(πy) eᶻ + x z.
    static let sinSinExp = ManufacturedSolution(
        u: { sin(.pi * $0[0]) * sin(.pi * $0[1]) * exp($0[2]) + $0[0] * $0[2] },
        gradient: { x in
            let e = exp(x[2])
            return [
                .pi * cos(.pi * x[0]) * sin(.pi * x[1]) * e + x[2],
                .pi * sin(.pi * x[0]) * cos(.pi * x[1]) * e,
                sin(.pi * x[0]) * sin(.pi * x[1]) * e + x[0]
            ]
        },
        laplacian: { (1 - 2 * .pi * .pi) * sin(.pi * $0[0]) * sin(.pi * $0[1]) * exp($0[2]) })

    func squareStudy(
        _ exact: ManufacturedSolution, sides: [Int], equation: FDEquation,
        source: @escaping @Sendable ([Double]) -> Double, conditions: [FEMBoundaryCondition],
        n: [Int] = [8, 16, 32, 64]
    ) throws -> FEMConvergenceStudy {
        try FEMConvergenceStudy(
            n.map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.square(n: n, sideConditions: sides, distortion: .smooth),
                        equation: equation, source: source, boundaryConditions: conditions)
                )
            }, exact: exact.u)
    }

    func testPoissonWithDirichletConvergesAtSecondOrderIn2D() throws {
        let exact = Self.sinCos
        let study = try squareStudy(
            exact, sides: [0, 0, 0, 0], equation: .poisson, source: exact.poissonSource,
            conditions: [exact.dirichlet])
        study.assertSecondOrderInL2("2-D Poisson, Dirichlet")
    }

    /// Dirichlet on x = 0, Neumann on x = 1 and y = 0, Robin u + ½ ∂u/∂n on y = 1.
    func testPoissonWithMixedConditionsConvergesAtSecondOrderIn2D() throws {
        let exact = Self.expCos
        let study = try squareStudy(
            exact, sides: [0, 1, 1, 2], equation: .poisson, source: exact.poissonSource,
            conditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 0.5)])
        study.assertSecondOrderInL2("2-D Poisson, Dirichlet + Neumann + Robin")
    }

    /// k² = 10 + 5x (not an eigenvalue); Dirichlet on x = 0 and y = 0, Neumann on x = 1,
    /// Robin 2u + ∂u/∂n on y = 1.
    func testHelmholtzWithVariableWaveNumberAndMixedConditionsConvergesAtSecondOrderIn2D() throws {
        let exact = Self.sinSin
        let kSquared: @Sendable ([Double]) -> Double = { 10 + 5 * $0[0] }
        let study = try squareStudy(
            exact, sides: [0, 1, 0, 2], equation: .helmholtz(kSquared: kSquared),
            source: exact.helmholtzSource(kSquared: kSquared),
            conditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 1)])
        study.assertSecondOrderInL2("2-D Helmholtz, k² = 10 + 5x, Dirichlet + Neumann + Robin")
    }

    func testPoissonWithDirichletConvergesAtSecondOrderIn3D() throws {
        let exact = Self.sinSinExp
        let study = try FEMConvergenceStudy(
            [4, 8, 16].map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.cube(n: n, distortion: .smooth), equation: .poisson,
                        source: exact.poissonSource, boundaryConditions: [exact.dirichlet])
                )
            }, exact: exact.u)
        study.assertSecondOrderInL2("3-D Poisson, Dirichlet")
    }

    /// Dirichlet on x = 0, y = 0, z = 0; Neumann on x = 1 and z = 1; Robin u + ∂u/∂n on y = 1.
    func testPoissonWithMixedConditionsConvergesAtSecondOrderIn3D() throws {
        let exact = Self.sinSinExp
        let conditions = [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 1)]
        let study = try FEMConvergenceStudy(
            [8, 12, 16].map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.cube(
                            n: n, faceConditions: [0, 1, 0, 2, 0, 1],
                            distortion: .smooth),
                        equation: .poisson, source: exact.poissonSource, boundaryConditions: conditions)
                )
            }, exact: exact.u)
        study.assertSecondOrderInL2("3-D Poisson, Dirichlet + Neumann + Robin")
    }
}
