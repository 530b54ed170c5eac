import Foundation
import PinnReference
import XCTest

/// Second-order convergence on boxes (uniform grids, ghost points for Neumann/Robin faces).
final class FDBoxConvergenceTests: XCTestCase {
    func testPoissonOnIntervalWithDirichletConvergesAtSecondOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin(3 * $0[0]) + $0[0] * $0[0] }
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65, 129], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0], upper: [1]), equation: .poisson,
                    source: { 9 * sin(3 * $0[0]) - 2 },
                    boundaryCondition: { p, _ in .dirichlet(value: exact(p)) }, gridPoints: [n])
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, "1-D Poisson, Dirichlet")
    }

    func testPoissonOnSquareConvergesAtSecondOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin(.pi * $0[0]) * sin(.pi * $0[1]) }
        let study = try ConvergenceStudy(
            gridPoints: [33, 65, 129], spacing: { 2 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [-1, -1], upper: [1, 1]), equation: .poisson,
                    source: { 2 * .pi * .pi * exact($0) },
                    boundaryCondition: { p, _ in .dirichlet(value: exact(p)) }, gridPoints: [n, n])
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, "2-D Poisson sin(πx)sin(πy), max norm")
        study.assertOrders(study.relativeL2Orders, "2-D Poisson sin(πx)sin(πy), relative L2")
    }

    /// Wang, Teng & Perdikaris' Helmholtz benchmark: u = sin(πx) sin(4πy), k = 1 on [−1, 1]².
    func testHelmholtzBenchmarkOnSquareConvergesAtSecondOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin(.pi * $0[0]) * sin(4 * .pi * $0[1]) }
        let k = 1.0
        let study = try ConvergenceStudy(
            gridPoints: [33, 65, 129], spacing: { 2 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [-1, -1], upper: [1, 1]), equation: .helmholtz(k: k),
                    source: { (k * k - 17 * .pi * .pi) * exact($0) },
                    boundaryCondition: { p, _ in .dirichlet(value: exact(p)) }, gridPoints: [n, n])
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, "Helmholtz sin(πx)sin(4πy), max norm")
        study.assertOrders(study.relativeL2Orders, "Helmholtz sin(πx)sin(4πy), relative L2")
    }

    /// u = sin 2x on [0, 1] with k(x)² = 1 + x; Dirichlet at 0, Robin u + ∂u/∂n at 1.
    func testHelmholtzWithVariableWaveNumberAndRobinEndConvergesAtSecondOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin(2 * $0[0]) }
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65, 129], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0], upper: [1]), equation: .helmholtz(kSquared: { 1 + $0[0] }),
                    source: { (-3 + $0[0]) * sin(2 * $0[0]) },
                    boundaryCondition: { p, normal in
                        normal[0] > 0
                            ? .robin(alpha: 1, beta: 1, value: sin(2.0) + 2 * cos(2.0))
                            : .dirichlet(value: exact(p))
                    }, gridPoints: [n])
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, "1-D Helmholtz, k² = 1 + x, Robin end")
    }

    /// u = eˣ cos 2y + xy on [0, 1]²: Dirichlet left and bottom, Neumann right, Robin
    /// (u + ½ ∂u/∂n) top, so the corner (1, 1) joins two ghost conditions.
    func testPoissonWithNeumannAndRobinFacesConvergesAtSecondOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65, 129], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson,
                    source: ExpCos.source,
                    boundaryCondition: { p, normal in
                        switch FDBox.face(ofNormal: normal)! {
                        case (0, 1): return .neumann(value: ExpCos.normalDerivative(p, normal))
                        case (1, 1):
                            return .robin(
                                alpha: 1, beta: 0.5,
                                value: ExpCos.u(p) + 0.5 * ExpCos.normalDerivative(p, normal))
                        default: return .dirichlet(value: ExpCos.u(p))
                        }
                    }, gridPoints: [n, n])
            }, exact: ExpCos.u)
        study.assertOrders(study.maxNormOrders, "2-D Poisson, Neumann + Robin faces, max norm")
        study.assertOrders(study.relativeL2Orders, "2-D Poisson, Neumann + Robin faces, relative L2")
    }

    /// Robin (u + ∂u/∂n) on all four faces: no Dirichlet node, ghost corners everywhere.
    func testPoissonWithRobinOnAllFacesConvergesAtSecondOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65, 129], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson,
                    source: ExpCos.source,
                    boundaryCondition: { p, normal in
                        .robin(alpha: 1, beta: 1, value: ExpCos.u(p) + ExpCos.normalDerivative(p, normal))
                    }, gridPoints: [n, n])
            }, exact: ExpCos.u)
        study.assertOrders(study.maxNormOrders, "2-D Poisson, Robin on all faces, max norm")
    }

    /// u = e^(x+2y) sin z on [0, 1]³, −Δu = −4u; Neumann on the face z = 1, Dirichlet elsewhere.
    func testPoissonOnCubeConvergesAtSecondOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { exp($0[0] + 2 * $0[1]) * sin($0[2]) }
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0, 0], upper: [1, 1, 1]), equation: .poisson,
                    source: { -4 * exact($0) },
                    boundaryCondition: { p, normal in
                        if FDBox.face(ofNormal: normal)! == (2, 1) {
                            return .neumann(value: exp(p[0] + 2 * p[1]) * cos(p[2]))
                        }
                        return .dirichlet(value: exact(p))
                    }, gridPoints: [n, n, n])
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, "3-D Poisson on a cube, Neumann top, max norm")
        study.assertOrders(study.relativeL2Orders, "3-D Poisson on a cube, Neumann top, relative L2")
    }
}

/// u = eˣ cos 2y + xy, with −Δu = 3eˣ cos 2y.
enum ExpCos {
    static let u: @Sendable ([Double]) -> Double = { exp($0[0]) * cos(2 * $0[1]) + $0[0] * $0[1] }
    static let source: @Sendable ([Double]) -> Double = { 3 * exp($0[0]) * cos(2 * $0[1]) }
    static func normalDerivative(_ p: [Double], _ n: [Double]) -> Double {
        let ux = exp(p[0]) * cos(2 * p[1]) + p[1]
        let uy = -2 * exp(p[0]) * sin(2 * p[1]) + p[0]
        return ux * n[0] + uy * n[1]
    }
}
