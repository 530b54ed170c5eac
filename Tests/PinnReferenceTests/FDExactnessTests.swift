import PinnNumerics
import PinnReference
import XCTest

/// Every stencil used (5-point, Shortley–Weller, ghost points) is exact for quadratics, so the
/// discrete solution of a quadratic exact solution matches it to rounding on any grid.
final class FDExactnessTests: XCTestCase {
    /// u = x² − xy + 2y² + x − 3y + 1, −Δu = −6.
    static let u: @Sendable ([Double]) -> Double = { p in
        p[0] * p[0] - p[0] * p[1] + 2 * p[1] * p[1] + p[0] - 3 * p[1] + 1
    }
    static func normalDerivative(_ p: [Double], _ n: [Double]) -> Double {
        (2 * p[0] - p[1] + 1) * n[0] + (-p[0] + 4 * p[1] - 3) * n[1]
    }

    func solveQuadratic(
        on domain: any FDDomain, gridPoints: [Int],
        condition: @escaping @Sendable ([Double], [Double]) -> FDBoundaryCondition
    ) throws -> Double {
        let problem = FDProblem(
            domain: domain, equation: .poisson, source: { _ in -6 },
            boundaryCondition: condition, gridPoints: gridPoints)
        return try solveFiniteDifference(problem).errorNorms(against: Self.u).maxAbsolute
    }

    func testBoxWithNeumannAndRobinFacesIsExactForQuadratics() throws {
        let error = try solveQuadratic(on: FDBox(lower: [-0.5, 0], upper: [1, 2]), gridPoints: [7, 10]) { p, n in
            switch FDBox.face(ofNormal: n)! {
            case (0, -1): return .dirichlet(value: Self.u(p))
            case (0, 1), (1, -1): return .neumann(value: Self.normalDerivative(p, n))
            default: return .robin(alpha: 2, beta: 1, value: 2 * Self.u(p) + Self.normalDerivative(p, n))
            }
        }
        XCTAssertLessThan(error, 1e-11)
    }

    func testDiskWithDirichletIsExactForQuadratics() throws {
        let error = try solveQuadratic(on: FDDisk(center: [0.3, 0.1], radius: 1.3), gridPoints: [12, 15]) { p, _ in
            .dirichlet(value: Self.u(p))
        }
        XCTAssertLessThan(error, 1e-11)
    }

    func testLShapeWithNeumannNotchIsExactForQuadratics() throws {
        let error = try solveQuadratic(on: lShape, gridPoints: [9, 13]) { p, n in
            switch lShape.edgeIndex(containing: p, normal: n) {
            case 2, 3: return .neumann(value: Self.normalDerivative(p, n))
            default: return .dirichlet(value: Self.u(p))
            }
        }
        XCTAssertLessThan(error, 1e-11)
    }

    func testLShapeBetweenGridLinesIsExactForQuadratics() throws {
        let error = try solveQuadratic(on: lShape, gridPoints: [10, 12]) { p, _ in .dirichlet(value: Self.u(p)) }
        XCTAssertLessThan(error, 1e-11)
    }

    /// The reference lies on the grid every other part of pinn builds for the same box (`eval`,
    /// results, data), node for node: one rule for node coordinates, the upper corner exact.
    func testReferenceNodesAreTheUniformGridOfTheBoundingBox() throws {
        let box = FDBox(lower: [-0.3, 0.1], upper: [0.7, 1.3])
        let problem = FDProblem(
            domain: box, equation: .poisson, source: { _ in -6 },
            boundaryCondition: { p, _ in .dirichlet(value: Self.u(p)) }, gridPoints: [11, 7])
        let solution = try solveFiniteDifference(problem)
        XCTAssertEqual(solution.grid, RectilinearGrid.uniform(lower: [-0.3, 0.1], upper: [0.7, 1.3], counts: [11, 7]))
        XCTAssertEqual(solution.grid.axes.map { $0.coordinates.last }, [0.7, 1.3])
        XCTAssertEqual(solution.grid.axes.map(\.name), ["x", "y"])
    }

    func testSolutionIsNaNExactlyOutsideTheDomain() throws {
        let problem = FDProblem(
            domain: lShape, equation: .poisson, source: { _ in -6 },
            boundaryCondition: { p, _ in .dirichlet(value: Self.u(p)) }, gridPoints: [9, 9])
        let solution = try solveFiniteDifference(problem)
        for linear in solution.values.indices {
            let p = solution.grid.point(solution.grid.index(ofFlat: linear))
            let inside = !(p[0] > 0 && p[1] > 0)
            XCTAssertEqual(solution.mask[linear], inside, "\(p)")
            XCTAssertEqual(solution.values[linear].isNaN, !inside, "\(p)")
        }
        XCTAssertEqual(solution.value(at: [8, 0]), Self.u([1, -1]), accuracy: 1e-14)
    }
}
