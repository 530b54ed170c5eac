import Foundation
import PinnReference
import XCTest

/// Second-order convergence on masked grids (Shortley–Weller arms, ghost points on
/// axis-aligned polygon edges).
final class FDMaskedGridConvergenceTests: XCTestCase {
    /// u = cos(2x + y) + x², −Δu = 5 cos(2x + y) − 2.
    static let cosine: @Sendable ([Double]) -> Double = { cos(2 * $0[0] + $0[1]) + $0[0] * $0[0] }
    static let cosineSource: @Sendable ([Double]) -> Double = { 5 * cos(2 * $0[0] + $0[1]) - 2 }

    func testPoissonOnDiskWithDirichletConvergesAtSecondOrder() throws {
        let disk = FDDisk(center: [0.1, -0.05], radius: 0.9)
        let study = try ConvergenceStudy(
            gridPoints: [33, 65, 129], spacing: { 1.8 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: disk, equation: .poisson, source: Self.cosineSource,
                    boundaryCondition: { p, _ in .dirichlet(value: Self.cosine(p)) }, gridPoints: [n, n])
            }, exact: Self.cosine)
        study.assertOrders(study.relativeL2Orders, "disk, Dirichlet (Shortley–Weller), relative L2")
        study.assertOrders(study.maxNormOrders, "disk, Dirichlet (Shortley–Weller), max norm")
    }

    /// u = cos(2x + y − z) + x², −Δu = 6 cos(2x + y − z) − 2 on a ball.
    func testPoissonOnBallWithDirichletConvergesAtSecondOrder() throws {
        let exact: @Sendable ([Double]) -> Double = { cos(2 * $0[0] + $0[1] - $0[2]) + $0[0] * $0[0] }
        let ball = FDBall(center: [0.1, -0.05, 0.02], radius: 0.9)
        let study = try ConvergenceStudy(
            gridPoints: [9, 17, 33], spacing: { 1.8 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: ball, equation: .poisson, source: { 6 * cos(2 * $0[0] + $0[1] - $0[2]) - 2 },
                    boundaryCondition: { p, _ in .dirichlet(value: exact(p)) }, gridPoints: [n, n, n])
            }, exact: exact)
        study.assertOrders(study.maxNormOrders, "ball, Dirichlet (Shortley–Weller), max norm")
        study.assertOrders(study.relativeL2Orders, "ball, Dirichlet (Shortley–Weller), relative L2")
    }

    /// u = sin(2x) eʸ, −Δu = 3 sin(2x) eʸ on the L-shape; grid lines pass through all edges.
    func testPoissonOnLShapeWithDirichletConvergesAtSecondOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65, 129], spacing: { 2 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: lShape, equation: .poisson, source: SineExp.source,
                    boundaryCondition: { p, _ in .dirichlet(value: SineExp.u(p)) }, gridPoints: [n, n])
            }, exact: SineExp.u)
        study.assertOrders(study.maxNormOrders, "L-shape, Dirichlet, aligned grid, max norm")
        study.assertOrders(study.relativeL2Orders, "L-shape, Dirichlet, aligned grid, relative L2")
    }

    /// As above, but with an even number of nodes the notch edges x = 0, y = 0 fall midway
    /// between grid lines, so the Shortley–Weller arms do the work.
    func testPoissonOnLShapeBetweenGridLinesConvergesAtSecondOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [32, 64, 128], spacing: { 2 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: lShape, equation: .poisson, source: SineExp.source,
                    boundaryCondition: { p, _ in .dirichlet(value: SineExp.u(p)) }, gridPoints: [n, n])
            }, exact: SineExp.u)
        study.assertOrders(study.relativeL2Orders, "L-shape, Dirichlet, notch between grid lines, relative L2")
        study.assertOrders(study.maxNormOrders, "L-shape, Dirichlet, notch between grid lines, max norm")
    }

    /// Neumann on the two notch edges (meeting at the re-entrant corner), Dirichlet elsewhere.
    func testPoissonOnLShapeWithNeumannNotchConvergesAtSecondOrder() throws {
        let study = try ConvergenceStudy(
            gridPoints: [17, 33, 65, 129], spacing: { 2 / Double($0 - 1) },
            problem: { n in
                FDProblem(
                    domain: lShape, equation: .poisson, source: SineExp.source,
                    boundaryCondition: { p, normal in
                        switch lShape.edgeIndex(containing: p, normal: normal) {
                        case 2, 3: return .neumann(value: SineExp.normalDerivative(p, normal))
                        default: return .dirichlet(value: SineExp.u(p))
                        }
                    }, gridPoints: [n, n])
            }, exact: SineExp.u)
        study.assertOrders(study.maxNormOrders, "L-shape, Neumann notch, max norm")
        study.assertOrders(study.relativeL2Orders, "L-shape, Neumann notch, relative L2")
    }
}

/// u = sin(2x) eʸ, with −Δu = 3 sin(2x) eʸ.
enum SineExp {
    static let u: @Sendable ([Double]) -> Double = { sin(2 * $0[0]) * exp($0[1]) }
    static let source: @Sendable ([Double]) -> Double = { 3 * sin(2 * $0[0]) * exp($0[1]) }
    static func normalDerivative(_ p: [Double], _ n: [Double]) -> Double {
        (2 * cos(2 * p[0]) * n[0] + sin(2 * p[0]) * n[1]) * exp(p[1])
    }
}
