import Foundation
import PinnReference
import XCTest

extension FEMConvergenceStudy {
    /// Prints the study and asserts that every observed L2 order lies in `range` (P2: third order).
    func assertThirdOrderInL2(
        _ name: String, range: ClosedRange<Double> = 2.8...3.3,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        assertSecondOrderInL2(name, range: range, file: file, line: line)
    }
}

/// Third-order L2 convergence of isoparametric P2 elements under refinement: smoothly distorted
/// structured meshes of the unit square and cube (h = 1/n, straight edges), and ring meshes of
/// the unit disk (h ≈ 1/rings) whose boundary edge nodes lie on the circle. With those nodes on
/// the chords instead (straight P2 on the polygon), the disk problems with Neumann or Robin
/// data stop at second order: the tests measure that too.
final class FEMQuadraticConvergenceTests: XCTestCase {
    /// u = e^{x/2} sin(y + 0.3) + x² y on the disk.
    static let diskSolution = ManufacturedSolution(
        u: { exp(0.5 * $0[0]) * sin($0[1] + 0.3) + $0[0] * $0[0] * $0[1] },
        gradient: { x in
            let e = exp(0.5 * x[0])
            return [0.5 * e * sin(x[1] + 0.3) + 2 * x[0] * x[1], e * cos(x[1] + 0.3) + x[0] * x[0]]
        },
        laplacian: { -0.75 * exp(0.5 * $0[0]) * sin($0[1] + 0.3) + 2 * $0[1] })

    func squareStudy(
        _ exact: ManufacturedSolution, sides: [Int], equation: FDEquation,
        source: @escaping @Sendable ([Double]) -> Double, conditions: [FEMBoundaryCondition],
        n: [Int] = [4, 8, 16, 32]
    ) throws -> FEMConvergenceStudy {
        try FEMConvergenceStudy(
            n.map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.square(n: n, sideConditions: sides, distortion: .smooth).quadratic(),
                        equation: equation, source: source, boundaryConditions: conditions)
                )
            }, exact: exact.u)
    }

    func testPoissonWithDirichletConvergesAtThirdOrderIn2D() throws {
        let exact = FEMConvergenceTests.sinCos
        let study = try squareStudy(
            exact, sides: [0, 0, 0, 0], equation: .poisson, source: exact.poissonSource,
            conditions: [exact.dirichlet])
        study.assertThirdOrderInL2("P2 2-D Poisson, Dirichlet")
    }

    /// Dirichlet on x = 0, Neumann on x = 1 and y = 0, Robin u + ½ ∂u/∂n on y = 1.
    func testPoissonWithNeumannAndRobinConvergesAtThirdOrderIn2D() throws {
        let exact = FEMConvergenceTests.expCos
        let study = try squareStudy(
            exact, sides: [0, 1, 1, 2], equation: .poisson, source: exact.poissonSource,
            conditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 0.5)])
        study.assertThirdOrderInL2("P2 2-D Poisson, Dirichlet + Neumann + Robin")
    }

    /// k² = 10 + 5x; Dirichlet on x = 0 and y = 0, Neumann on x = 1, Robin 2u + ∂u/∂n on y = 1.
    func testHelmholtzWithVariableWaveNumberConvergesAtThirdOrderIn2D() throws {
        let exact = FEMConvergenceTests.sinSin
        let kSquared: @Sendable ([Double]) -> Double = { 10 + 5 * $0[0] }
        let study = try squareStudy(
            exact, sides: [0, 1, 0, 2], equation: .helmholtz(kSquared: kSquared),
            source: exact.helmholtzSource(kSquared: kSquared),
            conditions: [exact.dirichlet, exact.neumann, exact.robin(alpha: 2, beta: 1)])
        study.assertThirdOrderInL2("P2 2-D Helmholtz, k² = 10 + 5x, Dirichlet + Neumann + Robin")
    }

    /// Dirichlet on x = 0, y = 0, z = 0; Neumann on x = 1 and z = 1; Robin u + ∂u/∂n on y = 1.
    func testPoissonWithMixedConditionsConvergesAtThirdOrderIn3D() throws {
        let exact = FEMConvergenceTests.sinSinExp
        let conditions = [exact.dirichlet, exact.neumann, exact.robin(alpha: 1, beta: 1)]
        let study = try FEMConvergenceStudy(
            [4, 6, 8].map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.cube(n: n, faceConditions: [0, 1, 0, 2, 0, 1], distortion: .smooth)
                            .quadratic(),
                        equation: .poisson, source: exact.poissonSource, boundaryConditions: conditions)
                )
            }, exact: exact.u)
        study.assertThirdOrderInL2("P2 3-D Poisson, Dirichlet + Neumann + Robin")
    }

    // MARK: The disk

    /// The data of the disk tests as a user gives it: functions of the point on the circle,
    /// with the circle's normal x/|x| (not the mesh's).
    static func circleNormal(_ x: [Double]) -> [Double] {
        let r = (x[0] * x[0] + x[1] * x[1]).squareRoot()
        return [x[0] / r, x[1] / r]
    }

    func diskStudy(
        curved: Bool, condition: @escaping (Double) -> Int, conditions: [FEMBoundaryCondition],
        equation: FDEquation = .poisson, source: @escaping @Sendable ([Double]) -> Double,
        rings: [Int] = [4, 8, 16, 32]
    ) throws -> FEMConvergenceStudy {
        try FEMConvergenceStudy(
            rings.map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.quadraticDisk(rings: n, curved: curved, condition: condition),
                        equation: equation, source: source, boundaryConditions: conditions)
                )
            }, exact: Self.diskSolution.u)
    }

    /// Robin u + ∂u/∂n = g on the whole circle, g(x) = u + ∇u · x/|x|.
    static func robinOnCircle() -> FEMBoundaryCondition {
        let exact = Self.diskSolution
        return .robin(
            alpha: 1, beta: 1,
            value: { x, _ in exact.u(x) + exact.normalDerivative(x, Self.circleNormal(x)) })
    }

    func testPoissonWithRobinOnDiskConvergesAtThirdOrderWithCurvedEdges() throws {
        let exact = Self.diskSolution
        let study = try diskStudy(
            curved: true, condition: { _ in 0 }, conditions: [Self.robinOnCircle()], source: exact.poissonSource)
        study.assertThirdOrderInL2("P2 disk, Robin, isoparametric")
    }

    /// The same problem with straight boundary edges: the polygon's O(h²) gap to the circle
    /// bounds the error.
    func testPoissonWithRobinOnDiskStaysSecondOrderWithStraightEdges() throws {
        let exact = Self.diskSolution
        let study = try diskStudy(
            curved: false, condition: { _ in 0 }, conditions: [Self.robinOnCircle()], source: exact.poissonSource)
        study.assertSecondOrderInL2("P2 disk, Robin, straight boundary edges", range: 1.7...2.3)
    }

    /// Neumann ∂u/∂n = ∇u · x/|x| on the upper half circle, Dirichlet on the lower half.
    func neumannAndDirichlet() -> [FEMBoundaryCondition] {
        let exact = Self.diskSolution
        return [exact.dirichlet, .neumann(value: { x, _ in exact.normalDerivative(x, Self.circleNormal(x)) })]
    }

    func upperHalfIsNeumann(_ angle: Double) -> Int { angle < .pi ? 1 : 0 }

    func testPoissonWithNeumannAndDirichletOnDiskConvergesAtThirdOrderWithCurvedEdges() throws {
        let study = try diskStudy(
            curved: true, condition: upperHalfIsNeumann, conditions: neumannAndDirichlet(),
            source: Self.diskSolution.poissonSource)
        study.assertThirdOrderInL2("P2 disk, Neumann + Dirichlet, isoparametric")
    }

    func testPoissonWithNeumannAndDirichletOnDiskStaysSecondOrderWithStraightEdges() throws {
        let study = try diskStudy(
            curved: false, condition: upperHalfIsNeumann, conditions: neumannAndDirichlet(),
            source: Self.diskSolution.poissonSource)
        study.assertSecondOrderInL2("P2 disk, Neumann + Dirichlet, straight boundary edges", range: 1.7...2.3)
    }

    /// Helmholtz with k² = 4 + x on the disk, Robin on the whole circle, isoparametric.
    func testHelmholtzWithRobinOnDiskConvergesAtThirdOrderWithCurvedEdges() throws {
        let exact = Self.diskSolution
        let kSquared: @Sendable ([Double]) -> Double = { 4 + $0[0] }
        let study = try diskStudy(
            curved: true, condition: { _ in 0 }, conditions: [Self.robinOnCircle()],
            equation: .helmholtz(kSquared: kSquared), source: exact.helmholtzSource(kSquared: kSquared))
        study.assertThirdOrderInL2("P2 disk, Helmholtz k² = 4 + x, Robin, isoparametric")
    }

    // MARK: The ball

    /// u = e^{x/2} sin(y + 0.3) + x z² on the ball.
    static let ballSolution = ManufacturedSolution(
        u: { exp(0.5 * $0[0]) * sin($0[1] + 0.3) + $0[0] * $0[2] * $0[2] },
        gradient: { x in
            let e = exp(0.5 * x[0])
            return [0.5 * e * sin(x[1] + 0.3) + x[2] * x[2], e * cos(x[1] + 0.3), 2 * x[0] * x[2]]
        },
        laplacian: { -0.75 * exp(0.5 * $0[0]) * sin($0[1] + 0.3) + 2 * $0[0] })

    /// Robin u + ∂u/∂n = g on the upper half sphere (z > 0), Dirichlet on the lower half, with
    /// the sphere's normal x/|x| in g.
    func ballStudy(curved: Bool) throws -> FEMConvergenceStudy {
        let exact = Self.ballSolution
        let robin = FEMBoundaryCondition.robin(
            alpha: 1, beta: 1,
            value: { x, _ in
                let r = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return exact.u(x) + exact.normalDerivative(x, x.map { $0 / r })
            })
        return try FEMConvergenceStudy(
            [2, 3, 4].map { n in
                (
                    1 / Double(n),
                    FEMProblem(
                        mesh: try FEMTestMesh.quadraticBall(n: n, curved: curved, condition: { $0[2] > 0 ? 1 : 0 }),
                        equation: .poisson, source: exact.poissonSource,
                        boundaryConditions: [exact.dirichlet, robin])
                )
            }, exact: exact.u)
    }

    func testPoissonWithRobinAndDirichletOnBallConvergesAtThirdOrderWithCurvedFaces() throws {
        try ballStudy(curved: true).assertThirdOrderInL2("P2 ball, Robin + Dirichlet, isoparametric")
    }

    func testPoissonWithRobinAndDirichletOnBallStaysSecondOrderWithStraightFaces() throws {
        try ballStudy(curved: false).assertSecondOrderInL2(
            "P2 ball, Robin + Dirichlet, straight boundary faces", range: 1.7...2.3)
    }
}
