import Foundation
import PinnNumerics
import XCTest

@testable import PinnReference

/// The compact scheme's exactness, the matrix it hands to a solver, and what the result reports.
final class FDCompactSchemeTests: XCTestCase {
    // MARK: Exactness

    /// Every relation of the compact scheme (the stencils, the ghost relations on faces, edges
    /// and corners, the one-sided differences of the data) is exact for quartic polynomials, so
    /// the discrete solution of a quartic matches it to rounding on any grid and for any mix of
    /// conditions. u = x⁴ + x³y − 2x²y² + y⁴/2 + xy³ − xy + 3y, Δu = 8x² + 12xy + 2y².
    func testSquareWithRobinAndNeumannFacesIsExactForQuartics() throws {
        let u: @Sendable ([Double]) -> Double = { p in
            let x = p[0], y = p[1]
            return x * x * x * x + x * x * x * y - 2 * x * x * y * y + y * y * y * y / 2 + x * y * y * y - x * y + 3 * y
        }
        let gradient: @Sendable ([Double]) -> [Double] = { p in
            let x = p[0], y = p[1]
            return [
                4 * x * x * x + 3 * x * x * y - 4 * x * y * y + y * y * y - y,
                x * x * x - 4 * x * x * y + 2 * y * y * y + 3 * x * y * y - x + 3
            ]
        }
        let problem = FDProblem(
            domain: FDBox(lower: [-0.5, 0], upper: [1, 2]), equation: .poisson,
            source: { p in -(8 * p[0] * p[0] + 12 * p[0] * p[1] + 2 * p[1] * p[1]) },
            boundaryCondition: { p, n in
                let flux = gradient(p)[0] * n[0] + gradient(p)[1] * n[1]
                switch FDBox.face(ofNormal: n)! {
                case (0, -1), (1, 1): return .neumann(value: flux)
                default: return .robin(alpha: 2, beta: 1, value: 2 * u(p) + flux)
                }
            }, gridPoints: [9, 13], scheme: .fourthOrderCompact)
        let solution = try solveFiniteDifference(problem)
        XCTAssertEqual(solution.scheme, .fourthOrderCompact)
        XCTAssertLessThan(solution.errorNorms(against: u).maxAbsolute, 1e-10)
    }

    /// u = x⁴ + y³z − 2x²z² + xyz + z⁴/3 on a box, Δu = 8x² + 6yz: Neumann on x = 1, y = 0 and
    /// z = 1 (three edges and a corner of Neumann faces), Robin on x = 0, Dirichlet elsewhere.
    func testBoxWithNeumannEdgesIsExactForQuartics() throws {
        let u: @Sendable ([Double]) -> Double = { p in
            let x = p[0], y = p[1], z = p[2]
            return x * x * x * x + y * y * y * z - 2 * x * x * z * z + x * y * z + z * z * z * z / 3
        }
        let gradient: @Sendable ([Double]) -> [Double] = { p in
            let x = p[0], y = p[1], z = p[2]
            return [
                4 * x * x * x - 4 * x * z * z + y * z, 3 * y * y * z + x * z,
                y * y * y - 4 * x * x * z + x * y + 4 * z * z * z / 3
            ]
        }
        let problem = FDProblem(
            domain: FDBox(lower: [0, 0, 0], upper: [1, 0.8, 1.2]), equation: .poisson,
            source: { p in -(8 * p[0] * p[0] + 6 * p[1] * p[2]) },
            boundaryCondition: { p, n in
                let g = gradient(p)
                let flux = g[0] * n[0] + g[1] * n[1] + g[2] * n[2]
                switch FDBox.face(ofNormal: n)! {
                case (0, 1), (1, -1), (2, 1): return .neumann(value: flux)
                case (0, -1): return .robin(alpha: 1, beta: 3, value: u(p) + 3 * flux)
                default: return .dirichlet(value: u(p))
                }
            }, gridPoints: [6, 5, 7], scheme: .fourthOrderCompact)
        XCTAssertLessThan(try solveFiniteDifference(problem).errorNorms(against: u).maxAbsolute, 1e-10)
    }

    // MARK: The matrix

    /// −L_h with Dirichlet nodes eliminated and rows with ghosts on m faces scaled by 2^−m is
    /// symmetric positive definite with Neumann faces anywhere (edges and corners included) and
    /// Robin faces of constant α/β that meet no other Neumann/Robin face.
    func testPoissonMatrixIsSymmetricPositiveDefinite() throws {
        for (name, condition) in [
            ("Dirichlet", { @Sendable (_: [Double], _: [Double]) in FDBoundaryCondition.dirichlet(value: 1) }),
            (
                "Neumann and Robin faces",
                { @Sendable (_: [Double], n: [Double]) -> FDBoundaryCondition in
                    switch FDBox.face(ofNormal: n)! {
                    case (0, -1): return .neumann(value: 1)
                    case (0, 1): return .robin(alpha: 2, beta: 0.5, value: 1)
                    default: return .dirichlet(value: 0)
                    }
                }
            ),
            (
                "Neumann faces meeting at edges and corners",
                { @Sendable (_: [Double], n: [Double]) -> FDBoundaryCondition in
                    FDBox.face(ofNormal: n)! == (1, -1) ? .dirichlet(value: 0) : .neumann(value: 1)
                }
            )
        ] {
            for gridPoints in [[9, 7], [5, 6, 7]] {
                let dense = try compactMatrix(
                    FDProblem(
                        domain: FDBox(
                            lower: gridPoints.map { _ in 0 }, upper: [1, 3, 2].prefix(gridPoints.count).map { $0 }),
                        equation: .poisson, source: { _ in 1 }, boundaryCondition: condition, gridPoints: gridPoints,
                        scheme: .fourthOrderCompact))
                XCTAssertLessThan(asymmetry(dense), 1e-14, "\(name), \(gridPoints)")
                XCTAssertTrue(isPositiveDefinite(dense), "\(name), \(gridPoints)")
            }
        }
    }

    // MARK: Metadata and fallbacks

    func testResultReportsSchemeAndOrder() throws {
        var problem = CompactExamples.poisson(9)
        let compact = try solveFiniteDifference(problem)
        XCTAssertEqual(compact.scheme, .fourthOrderCompact)
        XCTAssertEqual(compact.order, 4)
        XCTAssertEqual(compact.notes, [])
        problem.scheme = .secondOrder
        let second = try solveFiniteDifference(problem)
        XCTAssertEqual(second.scheme, .secondOrder)
        XCTAssertEqual(second.order, 2)
        XCTAssertEqual(
            FDProblem(
                domain: FDBox(lower: [0], upper: [1]), equation: .poisson, source: { _ in 0 },
                boundaryCondition: { _, _ in .dirichlet(value: 0) }, gridPoints: [5]
            ).scheme, .secondOrder)
    }

    /// Off boxes the compact scheme does not apply: the solver falls back to the second-order
    /// scheme (same values) and says so.
    func testFourthOrderOnDiskFallsBackToSecondOrderWithNote() throws {
        var problem = FDProblem(
            domain: FDDisk(center: [0, 0], radius: 1), equation: .poisson, source: { _ in 4 },
            boundaryCondition: { _, _ in .dirichlet(value: 0) }, gridPoints: [17, 17], scheme: .fourthOrderCompact)
        let fallback = try solveFiniteDifference(problem)
        XCTAssertEqual(fallback.scheme, .secondOrder)
        XCTAssertEqual(fallback.order, 2)
        XCTAssertEqual(fallback.notes.count, 1)
        XCTAssertTrue(fallback.notes[0].contains("FDBox"), fallback.notes[0])
        problem.scheme = .secondOrder
        let second = try solveFiniteDifference(problem)
        XCTAssertEqual(second.notes, [])
        XCTAssertEqual(fallback.values.filter { !$0.isNaN }, second.values.filter { !$0.isNaN })
    }

    /// A face that is Dirichlet on part and Neumann elsewhere: second order, with a note naming it.
    func testFaceMixingDirichletAndNeumannFallsBackToSecondOrder() throws {
        let problem = FDProblem(
            domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson, source: { _ in 1 },
            boundaryCondition: { p, n in
                FDBox.face(ofNormal: n)! == (1, 1) && p[0] > 0.5 ? .neumann(value: 0) : .dirichlet(value: 0)
            }, gridPoints: [9, 9], scheme: .fourthOrderCompact)
        let solution = try solveFiniteDifference(problem)
        XCTAssertEqual(solution.scheme, .secondOrder)
        XCTAssertTrue(solution.notes.first?.contains("face y = 1.0") ?? false, "\(solution.notes)")
    }

    /// With only 3 nodes along an axis the one-sided differences at the edges of a Neumann face
    /// lose an order; the result says so.
    func testThreeNodesAlongAnAxisWithNeumannFaceIsNoted() throws {
        let problem = FDProblem(
            domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson, source: { _ in 1 },
            boundaryCondition: { _, n in n[0] > 0.5 ? .neumann(value: 0) : .dirichlet(value: 0) },
            gridPoints: [9, 3], scheme: .fourthOrderCompact)
        let solution = try solveFiniteDifference(problem)
        XCTAssertEqual(solution.scheme, .fourthOrderCompact)
        XCTAssertTrue(solution.notes.first?.contains("only 3 nodes along y") ?? false, "\(solution.notes)")
    }

    func testPureNeumannPoissonThrowsWithCompactScheme() {
        let problem = FDProblem(
            domain: FDBox(lower: [0, 0], upper: [1, 1]), equation: .poisson, source: { _ in 0 },
            boundaryCondition: { _, _ in .neumann(value: 0) }, gridPoints: [9, 9], scheme: .fourthOrderCompact)
        XCTAssertThrowsError(try solveFiniteDifference(problem)) { XCTAssertEqual($0 as? FDError, .pureNeumannPoisson) }
    }

    // MARK: Helpers

    /// The assembled compact matrix as a dense row-major array.
    private func compactMatrix(_ problem: FDProblem) throws -> [[Double]] {
        let grid = RectilinearGrid.uniform(
            lower: problem.domain.lowerCorner, upper: problem.domain.upperCorner, counts: problem.gridPoints)
        let boundary = try FDCompactBoxBoundary(grid: grid, boundaryCondition: problem.boundaryCondition)
        let discretisation = FDCompactDiscretisation(problem, grid: grid, boundary: boundary)
        let count = discretisation.unknownCount
        let system = try XCTUnwrap(discretisation.system)
        var dense = [[Double]](repeating: [Double](repeating: 0, count: count), count: count)
        for k in 0..<system.matrix.entryCount {
            dense[system.matrix.rows[k]][system.matrix.columns[k]] += system.matrix.values[k]
        }
        return dense
    }

    /// max |A − Aᵀ| / max |A|.
    private func asymmetry(_ a: [[Double]]) -> Double {
        var difference = 0.0, size = 0.0
        for i in a.indices {
            for j in a.indices {
                difference = max(difference, abs(a[i][j] - a[j][i]))
                size = max(size, abs(a[i][j]))
            }
        }
        return difference / size
    }

    /// Whether a symmetric matrix has a Cholesky factorisation (all pivots positive).
    private func isPositiveDefinite(_ a: [[Double]]) -> Bool {
        var l = a
        let n = a.count
        for j in 0..<n {
            var pivot = l[j][j]
            for k in 0..<j { pivot -= l[j][k] * l[j][k] }
            guard pivot > 0 else { return false }
            l[j][j] = pivot.squareRoot()
            for i in (j + 1)..<max(n, j + 1) {
                var s = l[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / l[j][j]
            }
        }
        return true
    }
}
