import Foundation
import PinnMeshing
import XCTest

@testable import PinnReference

/// The p-multigrid solves of the finite-element systems (Krylov iterations preconditioned by a
/// two-level V-cycle to P1 on the vertices): the prolongation interpolates linear functions
/// exactly, the iterative solutions agree with the direct ones, and the iteration count does not
/// grow with refinement.
final class FEMPMultigridTests: XCTestCase {
    /// u = 1 + x² − yz + 0.3 x y z on the unit ball, Robin u + ∂u/∂n on the sphere.
    static let exact = ManufacturedSolution(
        u: { x in 1 + x[0] * x[0] - x[1] * x[2] + 0.3 * x[0] * x[1] * x[2] },
        gradient: { x in [2 * x[0] + 0.3 * x[1] * x[2], -x[2] + 0.3 * x[0] * x[2], -x[1] + 0.3 * x[0] * x[1]] },
        laplacian: { _ in 2 })

    func ballProblem(order: Int, meshSize: Double, equation: FDEquation = .poisson) throws -> FEMProblem {
        let mesh = try FEMMesh(
            generateMesh(.ball(center: SIMD3(0, 0, 0), radius: 1), order: order, meshSize: meshSize),
            condition: { _ in 0 })
        let source: @Sendable ([Double]) -> Double =
            switch equation {
            case .poisson: Self.exact.poissonSource
            case .helmholtz(let kSquared): Self.exact.helmholtzSource(kSquared: kSquared)
            }
        let condition: FEMBoundaryCondition =
            switch equation {
            case .poisson: Self.exact.robin(alpha: 1, beta: 1)
            case .helmholtz: Self.exact.neumann
            }
        return FEMProblem(mesh: mesh, equation: equation, source: source, boundaryConditions: [condition])
    }

    /// On straight cells every Lagrange node is the barycentric combination α/p of its cell's
    /// vertices, so P applied to a linear function's vertex values gives its values at the nodes.
    func testProlongationInterpolatesLinearFunctionsExactly() throws {
        for order in [2, 3] {
            let mesh = try FEMMesh(
                generateMesh(.box(lower: SIMD3(0, 0, 0), upper: SIMD3(1, 0.7, 0.5)), order: order, meshSize: 0.3),
                condition: { _ in 0 })
            let unknownIndex = Array(0..<mesh.nodeCount)
            let p = try XCTUnwrap(mesh.vertexProlongation(unknownIndex: unknownIndex, unknownCount: mesh.nodeCount))
            // The coarse unknowns are the vertices in order of first appearance.
            var vertexOfColumn: [Int] = []
            var seen = Set<Int>()
            for cell in 0..<mesh.cellCount {
                for vertex in mesh.nodes(ofCell: cell).prefix(4) where seen.insert(vertex).inserted {
                    vertexOfColumn.append(vertex)
                }
            }
            XCTAssertEqual(p.columnCount, vertexOfColumn.count)
            let g = { (x: [Double]) in 0.5 - 2 * x[0] + 3 * x[1] + 0.25 * x[2] }
            let coarse = vertexOfColumn.map { g(mesh.point($0)) }
            var fine = [Double](repeating: .nan, count: mesh.nodeCount)
            p.multiply(coarse, into: &fine)
            let worst = (0..<mesh.nodeCount).map { abs(fine[$0] - g(mesh.point($0))) }.max() ?? .nan
            XCTAssertLessThan(worst, 1e-13, "order \(order)")
            XCTAssertGreaterThan(mesh.nodeCount, 2 * vertexOfColumn.count)
        }
    }

    /// Poisson (conjugate gradients) and Helmholtz (BiCGStab on the shifted operator) on curved P2
    /// and P3 balls: the p-multigrid solution is the direct one to 1e-11 relative.
    func testPMultigridSolutionsMatchDirectSolutions() throws {
        let kSquared: @Sendable ([Double]) -> Double = { 6 + $0[0] }
        for (order, equation) in [(3, FDEquation.poisson), (2, .poisson), (3, .helmholtz(kSquared: kSquared))] {
            let problem = try ballProblem(order: order, meshSize: 0.45, equation: equation)
            let direct = try solveFiniteElement(problem, solver: .direct)
            let iterative = try solveFiniteElement(problem, solver: .pMultigrid)
            XCTAssertTrue(iterative.solver.contains("multigrid"), iterative.solver)
            let scale = direct.values.map(abs).max() ?? 0
            let difference = zip(direct.values, iterative.values).map { abs($0 - $1) }.max() ?? .nan
            XCTAssertLessThan(difference, 1e-11 * scale, "order \(order), \(equation): \(iterative.solver)")
            // And both are the reference the direct solve was: close to the exact solution.
            XCTAssertLessThan(iterative.errorNorms(against: Self.exact.u).relativeL2, 1e-3)
        }
    }

    /// The iterations stay about level while the mesh is refined (a two-level method with a
    /// direct coarse solve converges at a rate independent of h).
    func testIterationsDoNotGrowWithRefinement() throws {
        var counts: [Int] = []
        for h in [0.6, 0.3] {
            let solution = try solveFiniteElement(ballProblem(order: 3, meshSize: h), solver: .pMultigrid)
            let digits = solution.solver.split(separator: "(").last?.prefix { $0.isNumber } ?? ""
            counts.append(try XCTUnwrap(Int(digits), solution.solver))
        }
        XCTAssertLessThanOrEqual(counts[1], counts[0] + counts[0] / 2 + 3, "iterations \(counts)")
    }
}
