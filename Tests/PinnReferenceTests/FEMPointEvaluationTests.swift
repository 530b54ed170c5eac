import Foundation
import PinnNumerics
import XCTest

@testable import PinnReference

/// `FEMPointEvaluator`: u_h at arbitrary points of P1 and isoparametric P2 solutions. Exactness
/// where the elements reproduce the function (quadratics on straight P2 meshes, linears on
/// curved ones, in the isoparametric sense: u ∘ x is quadratic in ξ when u is linear), points on
/// faces and vertices, extrapolation into the gap between a mesh's boundary and the circle, and
/// third-order max-norm convergence of a P2 Poisson solution on a grid laid over the disk.
final class FEMPointEvaluationTests: XCTestCase {
    /// The solution whose nodal values are `u` at the nodes (the P1/P2 interpolant).
    func interpolant(_ mesh: FEMMesh, _ u: ([Double]) -> Double) -> FEMSolution {
        FEMSolution(
            mesh: mesh, values: (0..<mesh.nodeCount).map { u(mesh.point($0)) }, unknownCount: 0, nonzeroCount: 0,
            reciprocalConditionEstimate: .nan)
    }

    /// Uniform barycentric coordinates in the d-simplex (sorted uniforms' gaps).
    func randomBarycentric(_ d: Int, _ generator: inout SeededGenerator) -> [Double] {
        let cuts = ((0..<d).map { _ in generator.uniform(0.0, 1.0) }).sorted()
        let edges = [0.0] + cuts + [1.0]
        return (0...d).map { edges[$0 + 1] - edges[$0] }
    }

    /// x(ξ) = Σ N_k(λ) x_k of a cell (its isoparametric image of λ).
    func image(_ lambda: [Double], cell: Int, of mesh: FEMMesh) -> [Double] {
        let basis = FEMLagrangeBasis(simplexDimension: mesh.dimension, degree: mesh.order)
        let shape = basis.values(lambda)
        var x = [Double](repeating: 0, count: mesh.dimension)
        for (k, node) in mesh.nodes(ofCell: cell).enumerated() {
            for a in 0..<mesh.dimension { x[a] += shape[k] * mesh.coordinates[mesh.dimension * node + a] }
        }
        return x
    }

    /// Checks u_h = u to 1e-12 at `count` images of random reference points of random cells (the
    /// evaluator must also find that cell and those coordinates) and returns the largest error.
    func checkImagesOfReferencePoints(
        _ solution: FEMSolution, _ u: ([Double]) -> Double, count: Int, seed: UInt64,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let mesh = solution.mesh, evaluator = FEMPointEvaluator(solution)
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<count {
            let cell = Int(generator.next() % UInt64(mesh.cellCount))
            let lambda = randomBarycentric(mesh.dimension, &generator)
            let x = image(lambda, cell: cell, of: mesh)
            XCTAssertEqual(evaluator.value(at: x), u(x), accuracy: 1e-12, "at \(x)", file: file, line: line)
            guard let location = evaluator.locate(x) else {
                XCTFail("\(x) (cell \(cell)) not found", file: file, line: line)
                continue
            }
            XCTAssertFalse(location.isExtrapolated, file: file, line: line)
            if lambda.allSatisfy({ $0 > 1e-8 }) {
                XCTAssertEqual(location.cell, cell, "at \(x)", file: file, line: line)
                for (found, expected) in zip(location.barycentric, lambda) {
                    XCTAssertEqual(found, expected, accuracy: 1e-10, file: file, line: line)
                }
            }
        }
    }

    /// Random points of the ball ‖x‖ < radius in d dimensions (rejection from the cube).
    func randomPointsInBall(
        _ d: Int, radius: Double, count: Int, _ generator: inout SeededGenerator
    ) -> [[Double]] {
        var points: [[Double]] = []
        while points.count < count {
            let x = (0..<d).map { _ in generator.uniform(-radius, radius) }
            if x.reduce(0, { $0 + $1 * $1 }) < radius * radius { points.append(x) }
        }
        return points
    }

    static let linear2D: @Sendable ([Double]) -> Double = { 0.3 + 1.7 * $0[0] - 0.9 * $0[1] }
    static let quadratic2D: @Sendable ([Double]) -> Double = { x in
        1 + x[0] - 2 * x[1] + 3 * x[0] * x[0] - x[0] * x[1] + 0.5 * x[1] * x[1]
    }

    // MARK: - Exactness

    /// Linear u on the curved P2 disk: exact at images of reference points (finding the cell and ξ
    /// by Newton) and at random points of the whole unit disk, including the few that fall in the
    /// O(h³) gap between the curved mesh boundary and the circle (extrapolated, still exact).
    func testLinearFunctionIsExactOnCurvedDiskCells() throws {
        let mesh = try FEMTestMesh.quadraticDisk(rings: 5, curved: true)
        let solution = interpolant(mesh, Self.linear2D)
        checkImagesOfReferencePoints(solution, Self.linear2D, count: 2000, seed: 11)
        var generator = SeededGenerator(seed: 12)
        let points = randomPointsInBall(2, radius: 1, count: 4000, &generator)
        let values = solution.values(at: points.flatMap { $0 })
        for (x, value) in zip(points, values) {
            XCTAssertEqual(value, Self.linear2D(x), accuracy: 1e-12, "at \(x)")
        }
    }

    /// Quadratic u on straight P2 meshes of the (randomly distorted) unit square and P1 on linear u:
    /// exact at random points of the square, none of them extrapolated.
    func testPolynomialsOfTheElementDegreeAreExactOnStraightSquareMeshes() throws {
        let square = try FEMTestMesh.square(n: 7, distortion: .random(fraction: 0.2, seed: 3))
        for (mesh, u) in [(try square.quadratic(), Self.quadratic2D), (square, Self.linear2D)] {
            let solution = interpolant(mesh, u)
            checkImagesOfReferencePoints(solution, u, count: 1000, seed: 21)
            let evaluator = FEMPointEvaluator(solution)
            var generator = SeededGenerator(seed: 22)
            for _ in 0..<3000 {
                let x = [generator.uniform(0.0, 1.0), generator.uniform(0.0, 1.0)]
                XCTAssertEqual(evaluator.value(at: x), u(x), accuracy: 1e-12, "order \(mesh.order) at \(x)")
                XCTAssertEqual(evaluator.locate(x)?.isExtrapolated, false, "at \(x)")
            }
        }
    }

    /// Small cells far from the origin: the residual of the quadratic map is known only to
    /// rounding in the coordinates (ε·|x|), which in reference coordinates is ε·|x|/h ≈ 1e-10
    /// here, above a fixed Newton tolerance; every point is still found, and exact to what the
    /// coordinates' own rounding allows.
    func testSmallCellsFarFromTheOriginAreFound() throws {
        let square = try FEMTestMesh.square(n: 8, distortion: .random(fraction: 0.2, seed: 5))
        let (offset, scale) = (1000.0, 1e-3)
        let moved = try FEMMesh(
            dimension: 2, coordinates: square.coordinates.map { offset + scale * $0 }, cells: square.cells,
            facets: square.facets, facetConditions: square.facetConditions
        ).quadratic()
        let u: ([Double]) -> Double = { x in Self.quadratic2D(x.map { ($0 - offset) / scale }) }
        let evaluator = FEMPointEvaluator(interpolant(moved, u))
        var generator = SeededGenerator(seed: 23)
        for _ in 0..<2000 {
            let x = [offset + scale * generator.uniform(0.0, 1.0), offset + scale * generator.uniform(0.0, 1.0)]
            // A point is known to ε·|x| ≈ 1e-13, i.e. 1e-10 of a cell, and u changes by up to
            // about 10 per cell: 1e-9 is what the coordinates themselves allow.
            XCTAssertEqual(evaluator.value(at: x), u(x), accuracy: 1e-8, "at \(x)")
        }
    }

    /// 3-D: quadratic u on a straight P2 mesh of the distorted unit cube; linear u on the curved
    /// P2 ball (random points of the whole ball, extrapolated in the gap at the sphere).
    func testExactnessOnTetrahedra() throws {
        let u3: ([Double]) -> Double = { x in
            0.5 - x[0] + 2 * x[1] + x[2] + x[0] * x[0] - 2 * x[1] * x[2] + 0.7 * x[2] * x[2] + x[0] * x[1]
        }
        let cube = try FEMTestMesh.cube(n: 3, distortion: .random(fraction: 0.15, seed: 5)).quadratic()
        let cubeSolution = interpolant(cube, u3)
        checkImagesOfReferencePoints(cubeSolution, u3, count: 1000, seed: 31)
        var generator = SeededGenerator(seed: 32)
        let inCube = (0..<3000).flatMap { _ in (0..<3).map { _ in generator.uniform(0.0, 1.0) } }
        for (i, value) in cubeSolution.values(at: inCube).enumerated() {
            let x = Array(inCube[(3 * i)..<(3 * i + 3)])
            XCTAssertEqual(value, u3(x), accuracy: 1e-12, "at \(x)")
        }

        let linear3: ([Double]) -> Double = { 1 - 0.4 * $0[0] + 0.8 * $0[1] + 1.3 * $0[2] }
        let ball = try FEMTestMesh.quadraticBall(n: 2, curved: true)
        let ballSolution = interpolant(ball, linear3)
        checkImagesOfReferencePoints(ballSolution, linear3, count: 1000, seed: 33)
        let inBall = randomPointsInBall(3, radius: 1, count: 3000, &generator)
        for (x, value) in zip(inBall, ballSolution.values(at: inBall.flatMap { $0 })) {
            XCTAssertEqual(value, linear3(x), accuracy: 1e-12, "at \(x)")
        }
    }

    // MARK: - Faces and vertices

    /// Every node (vertices and edge nodes: on cell faces, shared by several cells), points on
    /// the edges between vertices, and the square's sides and corners: u_h is u there, found
    /// inside a cell (not extrapolated) despite rounding.
    func testPointsOnFacesAndVerticesAreFound() throws {
        var generator = SeededGenerator(seed: 41)
        let meshes: [(FEMMesh, ([Double]) -> Double)] = [
            (try FEMTestMesh.square(n: 5, distortion: .random(fraction: 0.2, seed: 4)).quadratic(), Self.quadratic2D),
            (try FEMTestMesh.quadraticDisk(rings: 4, curved: true), Self.linear2D),
            (try FEMTestMesh.cube(n: 2).quadratic(), { $0[0] * $0[1] + $0[2] * $0[2] - $0[0] })
        ]
        for (mesh, u) in meshes {
            let evaluator = FEMPointEvaluator(interpolant(mesh, u))
            var points = (0..<mesh.nodeCount).map { mesh.point($0) }
            // Points on cell edges: λ on an edge of each cell (zero except at its two ends).
            for cell in 0..<mesh.cellCount {
                let t = generator.uniform(0.0, 1.0)
                var lambda = [Double](repeating: 0, count: mesh.dimension + 1)
                lambda[0] = t
                lambda[1] = 1 - t
                points.append(image(lambda, cell: cell, of: mesh))
            }
            for x in points {
                XCTAssertEqual(evaluator.value(at: x), u(x), accuracy: 1e-12, "order \(mesh.order) at \(x)")
                XCTAssertEqual(evaluator.locate(x)?.isExtrapolated, false, "at \(x)")
            }
        }
        let square = FEMPointEvaluator(interpolant(try FEMTestMesh.square(n: 4).quadratic(), Self.quadratic2D))
        let boundary = [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.37], [1.0, 0.61], [0.29, 1.0], [0.5, 0.0]]
        for x in boundary {
            XCTAssertEqual(square.value(at: x), Self.quadratic2D(x), accuracy: 1e-12, "at \(x)")
            XCTAssertEqual(square.locate(x)?.isExtrapolated, false, "at \(x)")
        }
    }

    /// A curved edge can bulge past its nodes: the edge (1, 2) of the triangle (0, 0), (1, 0),
    /// (0, 1) with its node at (0.8, 0.6) reaches x = 1 + 1/120 at ξ-parameter 1/12. The cell's
    /// box (vertices and Bézier control points) holds a point just inside there, and the
    /// evaluator finds it in the cell, with linear u exact.
    func testBoxesHoldCurvedEdgesThatBulgePastTheirNodes() throws {
        let nodes: [Double] = [0, 0, 1, 0, 0, 1, 0.5, 0, 0.8, 0.6, 0, 0.5]
        let mesh = try FEMMesh(
            dimension: 2, order: 2, coordinates: nodes, cells: Array(0..<6), facets: [0, 1, 3, 1, 2, 4, 2, 0, 5],
            facetConditions: [0, 0, 0])
        let evaluator = FEMPointEvaluator(interpolant(mesh, Self.linear2D))
        let lambda = [1e-3, 11.0 / 12 - 5e-4, 1.0 / 12 - 5e-4]
        let x = image(lambda, cell: 0, of: mesh)
        XCTAssertGreaterThan(x[0], 1.005)
        XCTAssertTrue(evaluator.boxHolds(0, SIMD3(x[0], x[1], 0)))
        let location = try XCTUnwrap(evaluator.locate(x))
        XCTAssertFalse(location.isExtrapolated)
        for (found, expected) in zip(location.barycentric, lambda) { XCTAssertEqual(found, expected, accuracy: 1e-12) }
        XCTAssertEqual(evaluator.value(at: x), Self.linear2D(x), accuracy: 1e-12)
    }

    // MARK: - Outside the mesh

    /// Points between the mesh boundary and the circle: on the P1 polygon, halfway from each
    /// chord's midpoint to the arc; on the curved P2 mesh, halfway from a point of a boundary
    /// edge (λ = ¼ or ¾ along it) to the circle where that edge runs inside the circle. Both are
    /// in no cell, so extrapolated, and linear u is still exact there. Far points are NaN.
    func testPointsBetweenMeshBoundaryAndCircleAreExtrapolated() throws {
        let rings = 4
        let polygon = try FEMTestMesh.disk(rings: rings)
        let curved = try FEMTestMesh.quadraticDisk(rings: rings, curved: true)
        var gapPoints: [(mesh: FEMMesh, x: [Double])] = []
        for facet in 0..<polygon.facetCount {
            let nodes = polygon.nodes(ofFacet: facet)
            let a = polygon.point(nodes[nodes.startIndex]), b = polygon.point(nodes[nodes.startIndex + 1])
            let mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
            let r = (mid[0] * mid[0] + mid[1] * mid[1]).squareRoot(), target = (r + 1) / 2
            gapPoints.append((polygon, mid.map { $0 * target / r }))
        }
        let segment = FEMLagrangeBasis(simplexDimension: 1, degree: 2)
        for facet in 0..<curved.facetCount {
            let nodes = curved.nodes(ofFacet: facet).map { curved.point($0) }
            for t in [0.25, 0.75] {
                let shape = segment.values([1 - t, t])
                let x = (0..<2).map { a in (0..<3).reduce(0.0) { $0 + shape[$1] * nodes[$1][a] } }
                let r = (x[0] * x[0] + x[1] * x[1]).squareRoot()
                if r < 1 - 1e-9 { gapPoints.append((curved, x.map { $0 * (r + 1) / 2 / r })) }
            }
        }
        XCTAssertGreaterThanOrEqual(gapPoints.count, 6 * rings + 6 * rings / 2, "gap points found")
        let evaluators = [
            polygon.order: FEMPointEvaluator(interpolant(polygon, Self.linear2D)),
            curved.order: FEMPointEvaluator(interpolant(curved, Self.linear2D))
        ]
        for (mesh, x) in gapPoints {
            let evaluator = try XCTUnwrap(evaluators[mesh.order])
            XCTAssertLessThan(x[0] * x[0] + x[1] * x[1], 1)
            let location = try XCTUnwrap(evaluator.locate(x), "order \(mesh.order) at \(x)")
            XCTAssertTrue(location.isExtrapolated, "order \(mesh.order) at \(x)")
            XCTAssertLessThan(location.barycentric.min() ?? 0, -1e-10)
            XCTAssertEqual(evaluator.value(at: x), Self.linear2D(x), accuracy: 1e-12, "order \(mesh.order) at \(x)")
        }
        for evaluator in evaluators.values {
            for x in [[1.5, 0.0], [0.0, -1.3], [5.0, 5.0], [-0.95, 0.95]] {
                XCTAssertTrue(evaluator.value(at: x).isNaN, "at \(x)")
                XCTAssertNil(evaluator.locate(x))
            }
            XCTAssertTrue(evaluator.values(at: [0.1, 0.2, 3, 3])[1].isNaN)
        }
    }

    // MARK: - Convergence on a grid

    /// P2 Poisson with Dirichlet data on curved disks of 4, 8, 16 rings (h ≈ 1/rings), u_h
    /// evaluated at the nodes of a 65 × 65 grid over [−1, 1]² that lie in the closed unit disk:
    /// the max error over them falls at third order.
    func testPoissonSolutionOnDiskConvergesAtThirdOrderOnGrid() throws {
        let exact = FEMQuadraticConvergenceTests.diskSolution
        let n = 65
        var grid: [Double] = []
        for j in 0..<n {
            for i in 0..<n {
                let x = -1 + 2 * Double(i) / Double(n - 1), y = -1 + 2 * Double(j) / Double(n - 1)
                if x * x + y * y <= 1 { grid += [x, y] }
            }
        }
        var errors: [Double] = []
        var extrapolatedCounts: [Int] = []
        for rings in [4, 8, 16] {
            let problem = FEMProblem(
                mesh: try FEMTestMesh.quadraticDisk(rings: rings, curved: true), equation: .poisson,
                source: exact.poissonSource, boundaryConditions: [exact.dirichlet])
            let evaluator = FEMPointEvaluator(try solveFiniteElement(problem))
            let values = evaluator.values(at: grid)
            var error = 0.0
            for i in values.indices {
                let x = [grid[2 * i], grid[2 * i + 1]]
                XCTAssertFalse(values[i].isNaN, "rings \(rings): NaN at \(x) in the disk")
                error = max(error, abs(values[i] - exact.u(x)))
            }
            errors.append(error)
            extrapolatedCounts.append(
                (0..<(grid.count / 2)).filter {
                    evaluator.locate([grid[2 * $0], grid[2 * $0 + 1]])?.isExtrapolated == true
                }
                .count)
        }
        let orders = (1..<errors.count).map { log2(errors[$0 - 1] / errors[$0]) }
        print(
            "P2 disk Poisson on the 65² grid (\(grid.count / 2) nodes in the disk): max errors \(errors), "
                + "orders \(orders), extrapolated nodes \(extrapolatedCounts)")
        for order in orders { XCTAssertTrue((2.7...3.4).contains(order), "order \(order); errors \(errors)") }
    }

    // MARK: - Performance

    /// 129² points over [−1, 1]² on a curved P2 disk of 58 rings (20 184 cells): every point in
    /// the disk gets a value, every point outside the disk beyond reach of the mesh NaN; the time
    /// is printed (debug build; the release figure is in the README of PinnReference).
    func testManyPointsOnALargeMesh() throws {
        let mesh = try FEMTestMesh.quadraticDisk(rings: 58, curved: true)
        XCTAssertEqual(mesh.cellCount, 6 * 58 * 58)
        let solution = interpolant(mesh, Self.linear2D)
        let n = 129
        var points: [Double] = []
        for j in 0..<n {
            for i in 0..<n { points += [-1 + 2 * Double(i) / Double(n - 1), -1 + 2 * Double(j) / Double(n - 1)] }
        }
        let start = Date()
        let evaluator = FEMPointEvaluator(solution)
        let built = Date()
        let values = evaluator.values(at: points)
        let done = Date()
        print(
            "FEMPointEvaluator (debug): build \(built.timeIntervalSince(start)) s for \(mesh.cellCount) cells, "
                + "\(n * n) points \(done.timeIntervalSince(built)) s")
        for i in values.indices {
            let x = [points[2 * i], points[2 * i + 1]], r = (x[0] * x[0] + x[1] * x[1]).squareRoot()
            if r <= 1 { XCTAssertEqual(values[i], Self.linear2D(x), accuracy: 1e-12, "at \(x)") }
            if r > 1.01 { XCTAssertTrue(values[i].isNaN, "at \(x)") }
        }
    }
}
