import Foundation
import PinnReference
import XCTest

/// Fourth-order convergence of the compact (Mehrstellen) scheme on boxes, measured on refinement
/// sequences against exact solutions: every observed order must lie in 3.8...4.2.
final class FDCompactConvergenceTests: XCTestCase {
    private let fourth: ClosedRange<Double> = 3.8...4.2

    // MARK: 1-D

    func testPoissonOnIntervalWithDirichletConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin(3 * $0[0]) + $0[0] * $0[0] }
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33, 65], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0], upper: [1]), equation: .poisson,
                    source: { 9 * sin(3 * $0[0]) - 2 },
                    boundaryCondition: { p, _ in .dirichlet(value: exact(p)) }, gridPoints: [n],
                    scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 1-D Poisson, Dirichlet")
    }

    /// Neumann at x = 0, Robin (u + 2 ∂u/∂n) at x = 1.
    func testPoissonOnIntervalWithNeumannAndRobinEndsConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { exp($0[0]) * cos(2 * $0[0]) }
        let derivative: @Sendable (Double) -> Double = { x in exp(x) * (cos(2 * x) - 2 * sin(2 * x)) }
        let study = try ConvergenceStudy(
            gridPoints: [65, 129, 257], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0], upper: [1]), equation: .poisson,
                    // u'' = eˣ(−3 cos 2x − 4 sin 2x).
                    source: { x in exp(x[0]) * (3 * cos(2 * x[0]) + 4 * sin(2 * x[0])) },
                    boundaryCondition: { p, normal in
                        normal[0] < 0
                            ? .neumann(value: -derivative(p[0]))
                            : .robin(alpha: 1, beta: 2, value: exact(p) + 2 * derivative(p[0]))
                    }, gridPoints: [n], scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 1-D Poisson, Neumann + Robin ends")
    }

    /// u = sin 2x on [0, 1] with k(x)² = 1 + x; Dirichlet at 0, Robin u + ∂u/∂n at 1.
    func testHelmholtzWithVariableWaveNumberAndRobinEndConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin(2 * $0[0]) }
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33, 65], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0], upper: [1]), equation: .helmholtz(kSquared: { 1 + $0[0] }),
                    source: { (-3 + $0[0]) * sin(2 * $0[0]) },
                    boundaryCondition: { p, normal in
                        normal[0] > 0
                            ? .robin(alpha: 1, beta: 1, value: sin(2.0) + 2 * cos(2.0))
                            : .dirichlet(value: exact(p))
                    }, gridPoints: [n], scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 1-D Helmholtz, k² = 1 + x, Robin end")
    }

    // MARK: 2-D

    /// Problems/poisson.json: −Δu = 2π² sin πx sin πy on [−1, 1]², u = 0.
    func testPoissonExampleConvergesAtFourthOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65], spacing: { 2 / Double($0 - 1) },
            problem: { CompactExamples.poisson($0) }, exact: CompactExamples.poissonExact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact poisson.json, max norm")
        study.assertOrders(study.relativeL2Orders, in: fourth, "compact poisson.json, relative L2")
    }

    /// Problems/helmholtz.json: Δu + u = f on [−1, 1]², u = sin πx sin 4πy, u = 0.
    func testHelmholtzExampleConvergesAtFourthOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [33, 65, 129], spacing: { 2 / Double($0 - 1) },
            problem: { CompactExamples.helmholtz($0) }, exact: CompactExamples.helmholtzExact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact helmholtz.json, max norm")
        study.assertOrders(study.relativeL2Orders, in: fourth, "compact helmholtz.json, relative L2")
    }

    /// u = eˣ cos 2y + xy on [0, 1]²: Dirichlet left and bottom, Neumann right, Robin
    /// (u + ½ ∂u/∂n) top, so the corner (1, 1) joins two ghost conditions.
    func testPoissonWithNeumannAndRobinFacesConvergesAtFourthOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33, 65], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson,
                    source: ExpCos.source, boundaryCondition: ExpCos.mixedFaces, gridPoints: [n, n],
                    scheme: .fourthOrderCompact)
            }, exact: ExpCos.u)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 2-D Poisson, Neumann + Robin faces, max norm")
        study.assertOrders(
            study.relativeL2Orders, in: fourth, "compact 2-D Poisson, Neumann + Robin faces, relative L2")
    }

    /// Robin (u + ∂u/∂n) on all four faces: no Dirichlet node, two-face ghosts at every corner.
    func testPoissonWithRobinOnAllFacesConvergesAtFourthOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [33, 65, 129], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson,
                    source: ExpCos.source,
                    boundaryCondition: { p, normal in
                        .robin(alpha: 1, beta: 1, value: ExpCos.u(p) + ExpCos.normalDerivative(p, normal))
                    }, gridPoints: [n, n], scheme: .fourthOrderCompact)
            }, exact: ExpCos.u)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 2-D Poisson, Robin on all faces, max norm")
    }

    /// h_x = 3 h_y: [0, 3] × [0, 1] on n × n nodes, Neumann on x = 3, Dirichlet elsewhere;
    /// u = sin(x) cosh(y/2) + x y², −Δu = ¾ sin x cosh(y/2) − 2x.
    func testPoissonWithUnequalSpacingsConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { sin($0[0]) * cosh($0[1] / 2) + $0[0] * $0[1] * $0[1] }
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0], upper: [3, 1]), equation: .poisson,
                    source: { 0.75 * sin($0[0]) * cosh($0[1] / 2) - 2 * $0[0] },
                    boundaryCondition: { p, normal in
                        normal[0] > 0.5
                            ? .neumann(value: cos(p[0]) * cosh(p[1] / 2) + p[1] * p[1])
                            : .dirichlet(value: exact(p))
                    }, gridPoints: [n, n], scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 2-D Poisson, h_x = 3 h_y, Neumann face")
    }

    /// Δu + k²u = f with k(x, y)² = 4 + x y, u = cos(x + 2y): Neumann on x = 0 and y = 0 (meeting at
    /// the corner), Robin (2u + ∂u/∂n) on x = 1, Dirichlet on y = 1.
    func testHelmholtzWithVariableWaveNumberAndNeumannCornerConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { cos($0[0] + 2 * $0[1]) }
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33, 65], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0], upper: [1, 1]),
                    equation: .helmholtz(kSquared: { 4 + $0[0] * $0[1] }),
                    source: { p in (-1 + p[0] * p[1]) * exact(p) },
                    boundaryCondition: { p, normal in
                        let gradient = [-sin(p[0] + 2 * p[1]), -2 * sin(p[0] + 2 * p[1])]
                        let flux = gradient[0] * normal[0] + gradient[1] * normal[1]
                        switch FDBox.face(ofNormal: normal) {
                        case (0, 1)?: return .robin(alpha: 2, beta: 1, value: 2 * exact(p) + flux)
                        case (1, 1)?: return .dirichlet(value: exact(p))
                        default: return .neumann(value: flux)
                        }
                    }, gridPoints: [n, n], scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 2-D Helmholtz, k² = 4 + xy, Neumann corner")
    }

    // MARK: 3-D

    /// u = e^(x+2y) sin z on [0, 1]³, −Δu = −4u; Neumann on z = 1, Dirichlet elsewhere.
    func testPoissonOnCubeConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { exp($0[0] + 2 * $0[1]) * sin($0[2]) }
        let study = try ConvergenceStudy(
            gridPoints: [7, 13, 25], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0, 0], upper: [1, 1, 1]), equation: .poisson,
                    source: { -4 * exact($0) },
                    boundaryCondition: { p, normal in
                        if FDBox.face(ofNormal: normal)! == (2, 1) {
                            return .neumann(value: exp(p[0] + 2 * p[1]) * cos(p[2]))
                        }
                        return .dirichlet(value: exact(p))
                    }, gridPoints: [n, n, n], scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 3-D Poisson, Neumann top, max norm")
    }

    /// Δu + 2u = f on [0, 1] × [0, 2] × [0, 1] (h_y = 2 h_x), u = sin(x + y/2) e^(z/2) + x²y z³:
    /// Robin (u + ∂u/∂n) on x = 1 and y = 2 (meeting along an edge), Neumann on z = 0,
    /// Dirichlet elsewhere.
    func testHelmholtzOnBoxWithRobinEdgeConvergesAtFourthOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { p in
            sin(p[0] + p[1] / 2) * exp(p[2] / 2) + p[0] * p[0] * p[1] * pow(p[2], 3)
        }
        let study = try ConvergenceStudy(
            gridPoints: [7, 13, 25], spacing: { 1 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: FDBox(lower: [0, 0, 0], upper: [1, 2, 1]), equation: .helmholtz(k: 2.0.squareRoot()),
                    // Δ[sin(x + y/2) e^(z/2)] = −sin(x + y/2) e^(z/2); Δ[x²y z³] = 2y z³ + 6x²y z.
                    source: { p in
                        sin(p[0] + p[1] / 2) * exp(p[2] / 2) + 2 * p[1] * pow(p[2], 3) + 6 * p[0] * p[0] * p[1] * p[2]
                            + 2 * p[0] * p[0] * p[1] * pow(p[2], 3)
                    },
                    boundaryCondition: { p, normal in
                        let c = cos(p[0] + p[1] / 2) * exp(p[2] / 2), e = sin(p[0] + p[1] / 2) * exp(p[2] / 2)
                        let gradient = [
                            c + 2 * p[0] * p[1] * pow(p[2], 3), c / 2 + p[0] * p[0] * pow(p[2], 3),
                            e / 2 + 3 * p[0] * p[0] * p[1] * p[2] * p[2]
                        ]
                        let flux = zip(gradient, normal).map { $0 * $1 }.reduce(0, +)
                        switch FDBox.face(ofNormal: normal) {
                        case (0, 1)?, (1, 1)?: return .robin(alpha: 1, beta: 1, value: exact(p) + flux)
                        case (2, -1)?: return .neumann(value: flux)
                        default: return .dirichlet(value: exact(p))
                        }
                    }, gridPoints: [n, n, n], scheme: .fourthOrderCompact)
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, in: fourth, "compact 3-D Helmholtz, Robin edge, max norm")
    }
}

/// The example problems of Problems/poisson.json and Problems/helmholtz.json on n × n nodes.
enum CompactExamples {
    static let poissonExact: @Sendable ([Double]) -> Double = { sin(.pi * $0[0]) * sin(.pi * $0[1]) }
    static let helmholtzExact: @Sendable ([Double]) -> Double = { sin(.pi * $0[0]) * sin(4 * .pi * $0[1]) }

    static func poisson(_ n: Int, scheme: FDScheme = .fourthOrderCompact) -> FDProblem {
        FDProblem(
            domain: FDBox(lower: [-1, -1], upper: [1, 1]), equation: .poisson,
            source: { 2 * .pi * .pi * sin(.pi * $0[0]) * sin(.pi * $0[1]) },
            boundaryCondition: { _, _ in .dirichlet(value: 0) }, gridPoints: [n, n], scheme: scheme)
    }

    static func helmholtz(_ n: Int, scheme: FDScheme = .fourthOrderCompact) -> FDProblem {
        FDProblem(
            domain: FDBox(lower: [-1, -1], upper: [1, 1]), equation: .helmholtz(k: 1),
            source: { (1 - 17 * .pi * .pi) * sin(.pi * $0[0]) * sin(4 * .pi * $0[1]) },
            boundaryCondition: { _, _ in .dirichlet(value: 0) }, gridPoints: [n, n], scheme: scheme)
    }
}

extension ExpCos {
    /// Dirichlet on x = 0 and y = 0, Neumann on x = 1, Robin u + ½ ∂u/∂n on y = 1.
    static let mixedFaces: @Sendable ([Double], [Double]) -> FDBoundaryCondition = { p, normal in
        switch FDBox.face(ofNormal: normal) {
        case (0, 1)?: return .neumann(value: normalDerivative(p, normal))
        case (1, 1)?: return .robin(alpha: 1, beta: 0.5, value: u(p) + 0.5 * normalDerivative(p, normal))
        default: return .dirichlet(value: u(p))
        }
    }
}
