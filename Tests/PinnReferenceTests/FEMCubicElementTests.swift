import Foundation
import PinnMeshing
import PinnNumerics
import XCTest

@testable import PinnReference

/// The pieces of P3 elements on their own: the cubic Lagrange basis (nodal, a partition of unity,
/// gradients matching differences), its Bézier form, the quadrature rules of P3 assembly and error
/// norms, and Gmsh's node order of cubic cells and facets checked on the meshes Gmsh makes.
final class FEMCubicElementTests: XCTestCase {
    func testLagrangeBasesAreNodalPartitionsOfUnityWithMatchingGradients() {
        var generator = SeededGenerator(seed: 21)
        for n in 1...3 {
            for p in 1...3 {
                let basis = FEMLagrangeBasis(simplexDimension: n, degree: p)
                XCTAssertEqual(basis.count, FEMMesh.nodesPerSimplex(dimension: n, order: p), "n \(n) p \(p)")
                XCTAssertEqual(Set(basis.multiIndices).count, basis.count, "distinct nodes")
                for j in 0..<basis.count {
                    let values = basis.values(basis.nodePoint(j))
                    for (k, value) in values.enumerated() {
                        XCTAssertEqual(value, k == j ? 1 : 0, accuracy: 1e-14, "n \(n) p \(p): N_\(k) at node \(j)")
                    }
                }
                for _ in 0..<5 {
                    let xi = (0..<n).map { _ in generator.uniform(0.0, 1.0 / Double(n)) }
                    let lambda = { (xi: [Double]) in [1 - xi.reduce(0, +)] + xi }
                    XCTAssertEqual(basis.values(lambda(xi)).reduce(0, +), 1, accuracy: 1e-14)
                    let gradients = basis.referenceGradients(lambda(xi))
                    let step = 1e-6
                    for m in 0..<n {
                        var plus = xi, minus = xi
                        plus[m] += step
                        minus[m] -= step
                        let up = basis.values(lambda(plus)), down = basis.values(lambda(minus))
                        for k in 0..<basis.count {
                            XCTAssertEqual(
                                gradients[k][m], (up[k] - down[k]) / (2 * step), accuracy: 1e-8,
                                "n \(n) p \(p): ∂N_\(k)/∂ξ_\(m + 1)")
                        }
                    }
                }
            }
        }
    }

    /// The Bézier control points reproduce the map: Σ_β B_β(λ) b_β = Σ_k N_k(λ) x_k; for P2 they
    /// are the vertices and 2 x_ij − (x_i + x_j)/2.
    func testBernsteinControlPointsReproduceTheLagrangeMap() {
        var generator = SeededGenerator(seed: 7)
        func factorial(_ k: Int) -> Double { k <= 1 ? 1 : Double(k) * factorial(k - 1) }
        for n in 1...3 {
            for p in 1...3 {
                let basis = FEMLagrangeBasis(simplexDimension: n, degree: p)
                let x = (0..<basis.count).map { _ in generator.uniform(-1.0, 1.0) }
                let control = basis.bernsteinFromLagrange.map { zip($0, x).reduce(0) { $0 + $1.0 * $1.1 } }
                for _ in 0..<5 {
                    let cuts = ((0..<n).map { _ in generator.uniform(0.0, 1.0) }).sorted()
                    let edges = [0.0] + cuts + [1.0]
                    let lambda = (0...n).map { edges[$0 + 1] - edges[$0] }
                    let lagrange = zip(basis.values(lambda), x).reduce(0) { $0 + $1.0 * $1.1 }
                    let bezier = zip(basis.multiIndices, control).reduce(0.0) { sum, term in
                        let (beta, b) = term
                        let bernstein = beta.indices.reduce(factorial(p)) {
                            $0 * pow(lambda[$1], Double(beta[$1])) / factorial(beta[$1])
                        }
                        return sum + bernstein * b
                    }
                    XCTAssertEqual(bezier, lagrange, accuracy: 1e-13, "n \(n) p \(p)")
                }
            }
        }
        let quadratic = FEMLagrangeBasis(simplexDimension: 2, degree: 2).bernsteinFromLagrange
        XCTAssertEqual(quadratic[3][0], -0.5, accuracy: 1e-15)
        XCTAssertEqual(quadratic[3][1], -0.5, accuracy: 1e-15)
        XCTAssertEqual(quadratic[3][3], 2, accuracy: 1e-15)
    }

    /// Every node of every cell and facet of a Gmsh mesh of order 3 with straight cells (a box, a
    /// rectangle) lies at Σ_i (α_k,i / 3) v_i for the multi-index α_k the basis gives node k: the
    /// basis follows Gmsh's order (edges, their direction, faces), and so do the orientation flips.
    func testGmshCubicNodesSitAtTheBasisLatticePoints() throws {
        let domains: [MeshDomain] = [
            .box(lower: SIMD3(0, 0, 0), upper: SIMD3(1, 0.8, 0.6)),
            .rectangle(lower: SIMD2(-1, 0), upper: SIMD2(1, 0.5))
        ]
        for domain in domains {
            let mesh = try generateMesh(domain, order: 3, meshSize: 0.3)
            let d = mesh.dimension
            XCTAssertEqual(mesh.nodesPerCell, d == 2 ? 10 : 20)
            XCTAssertEqual(mesh.nodesPerFacet, d == 2 ? 4 : 10)
            for (count, nodesOf, n) in [
                (mesh.cellCount, mesh.cell as (Int) -> ArraySlice<Int>, d), (mesh.facetCount, mesh.facet, d - 1)
            ] {
                let basis = FEMLagrangeBasis(simplexDimension: n, degree: 3)
                for element in 0..<count {
                    let nodes = Array(nodesOf(element))
                    for k in 0..<basis.count {
                        let lambda = basis.nodePoint(k)
                        for a in 0..<d {
                            let expected = (0...n).reduce(0.0) { $0 + lambda[$1] * mesh.point(nodes[$1])[a] }
                            XCTAssertEqual(
                                mesh.point(nodes[k])[a], expected, accuracy: 1e-12,
                                "\(d)-D element \(element) (dimension \(n)) node \(k)")
                        }
                    }
                }
            }
            XCTAssertNoThrow(try FEMMesh(mesh, condition: { _ in 0 }))
        }
    }

    /// A cubic ball from Gmsh passes the mesh checks; with two nodes of one edge exchanged in one
    /// cell it is refused, naming the edge.
    func testCubicMeshChecksCatchNodesOutOfOrder() throws {
        let mesh = try generateMesh(.ball(center: SIMD3(0, 0, 0), radius: 1), order: 3, meshSize: 0.6)
        let fem = try FEMMesh(mesh, condition: { _ in 0 })
        XCTAssertEqual(fem.order, 3)
        var cells = fem.cells
        cells.swapAt(4, 5)
        XCTAssertThrowsError(
            try FEMMesh(
                dimension: 3, order: 3, coordinates: fem.coordinates, cells: cells, facets: fem.facets,
                facetConditions: fem.facetConditions)
        ) { error in
            guard case .invalidMesh(let reason) = error as? FEMError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("the edge") || reason.contains("names node"), reason)
        }
        // Boundary facets' nodes, face nodes included, lie on the sphere.
        for facet in 0..<fem.facetCount {
            for node in fem.nodes(ofFacet: facet) {
                XCTAssertEqual(fem.point(node).reduce(0) { $0 + $1 * $1 }.squareRoot(), 1, accuracy: 1e-12)
            }
        }
    }
}

extension FEMQuadratureTests {
    func testCubicAssemblyAndErrorNormRules() {
        assertExact(.segmentGauss5, simplexDimension: 1, pointCount: 5, degree: 9)
        assertExact(.triangleConicalProduct5, simplexDimension: 2, pointCount: 25, degree: 8)
        assertExact(
            .tetrahedronGrundmannMoller7, simplexDimension: 3, pointCount: 35, degree: 7, positiveWeights: false)
        assertExact(
            .grundmannMoller(simplexDimension: 2, s: 3), simplexDimension: 2, pointCount: 20, degree: 7,
            positiveWeights: false)
        assertExact(.triangleConicalProduct7, simplexDimension: 2, pointCount: 49, degree: 12)
        assertExact(.tetrahedronConicalProduct6, simplexDimension: 3, pointCount: 216, degree: 9)
    }
}

extension FEMMesh {
    /// The finite-element mesh of a generated mesh, each facet's condition index chosen from the
    /// centroid of its vertices.
    init(_ mesh: DomainMesh, condition: ([Double]) -> Int) throws {
        let d = mesh.dimension
        let conditions = (0..<mesh.facetCount).map { facet in
            let vertices = mesh.facet(facet).prefix(d).map(mesh.point)
            return condition((0..<d).map { a in vertices.reduce(0) { $0 + $1[a] } / Double(d) })
        }
        try self.init(
            dimension: d, order: mesh.order, coordinates: mesh.coordinates, cells: mesh.cells, facets: mesh.facets,
            facetConditions: conditions)
    }
}

extension FEMPointEvaluationTests {
    /// Linear u on Gmsh's curved P3 disk and ball and cubic u on its straight P3 box: exact at
    /// images of reference points (the evaluator finds the cell and ξ by Newton on the cubic map,
    /// within boxes of the cells' Bézier control points) and at random points of the domain,
    /// including those in the gap between the mesh boundary and the circle or sphere.
    func testPolynomialsOfTheElementDegreeAreExactOnCubicGmshMeshes() throws {
        let linear3D: @Sendable ([Double]) -> Double = { 0.3 + 1.7 * $0[0] - 0.9 * $0[1] + 0.4 * $0[2] }
        let cubic3D: @Sendable ([Double]) -> Double = { x in x[0] * x[1] * x[2] - x[0] * x[0] * x[0] + 2 * x[1] * x[1] }
        let cases: [(MeshDomain, @Sendable ([Double]) -> Double, Double)] = [
            (.disk(center: SIMD2(0, 0), radius: 1), Self.linear2D, 1),
            (.ball(center: SIMD3(0, 0, 0), radius: 1), linear3D, 1),
            (.box(lower: SIMD3(-1, -1, -1), upper: SIMD3(1, 1, 1)), cubic3D, 0)
        ]
        for (seed, (domain, u, radius)) in cases.enumerated() {
            let mesh = try FEMMesh(generateMesh(domain, order: 3, meshSize: 0.5), condition: { _ in 0 })
            let solution = interpolant(mesh, u)
            checkImagesOfReferencePoints(solution, u, count: 500, seed: UInt64(seed))
            guard radius > 0 else { continue }
            var generator = SeededGenerator(seed: UInt64(10 + seed))
            let points = randomPointsInBall(mesh.dimension, radius: radius, count: 1000, &generator)
            for (x, value) in zip(points, solution.values(at: points.flatMap { $0 })) {
                XCTAssertEqual(value, u(x), accuracy: 1e-12, "at \(x)")
            }
        }
    }
}
