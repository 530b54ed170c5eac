import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// `PDELoss.weightedResiduals`: the loss as a sum of squares ‖ρ‖² and ρ's Jacobian, row by row from
/// one seeded reverse pass per batch (`Siren.pointJacobian`), the ingredients of a Gauss–Newton step.
final class ResidualJacobianTests: XCTestCase {
    /// A problem in `d` dimensions with a reaction term (Helmholtz-like, c(x) ≠ 0) and, on the
    /// boundary, Dirichlet, Neumann and Robin conditions at alternate points.
    func loss(dimension d: Int, interior n: Int = 7, boundary nb: Int = 6) -> PDELoss<Double> {
        var rng = SeededGenerator(seed: UInt64(10 + d))
        func uniform() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 * 2 - 1 }
        let points = (0..<(n * d)).map { _ in uniform() }
        let interior = InteriorBatch(
            points: Matrix(rows: d, cols: n, storage: points), source: (0..<n).map { _ in uniform() },
            reaction: (0..<n).map { _ in 2 + uniform() }, laplacianCoefficient: 1)
        var normals = [Double]()
        for p in 0..<nb {
            var v = (0..<d).map { _ in uniform() }
            v[p % d] += 2
            let norm = v.map { $0 * $0 }.reduce(0, +).squareRoot()
            normals += v.map { $0 / norm }
        }
        let kinds = (0..<nb).map { $0 % 3 } // 0 Dirichlet, 1 Neumann, 2 Robin
        let boundary = BoundaryBatch(
            points: Matrix(rows: d, cols: nb, storage: (0..<(nb * d)).map { _ in uniform() }),
            normals: Matrix(rows: d, cols: nb, storage: normals),
            alpha: kinds.map { $0 == 1 ? 0 : 1.5 }, beta: kinds.map { $0 == 0 ? 0 : 0.7 },
            value: (0..<nb).map { _ in uniform() })
        return PDELoss(interior: interior, boundary: boundary)
    }

    func network(dimension d: Int) -> Siren<Double> {
        Siren(architecture: SirenArchitecture(inputs: d, width: 5, depth: 2, omega0: 2), seed: UInt64(d))
    }

    func residuals(_ loss: PDELoss<Double>, _ net: Siren<Double>, lambda: Double) -> (rho: [Double], jacobian: [Double])
    {
        var rho: [Double] = [], jacobian: [Double] = []
        loss.weightedResiduals(net, boundaryWeight: lambda, residuals: &rho, jacobian: &jacobian)
        return (rho, jacobian)
    }

    /// Every entry of J against fourth-order central differences of ρ, for every parameter, in 1, 2
    /// and 3 dimensions, with Dirichlet, Neumann and Robin rows and a reaction term.
    func testJacobianMatchesCentralDifferencesForEveryParameter() {
        for d in 1...3 {
            let loss = loss(dimension: d), net = network(dimension: d), lambda = 30.0
            let (rho, jacobian) = residuals(loss, net, lambda: lambda)
            let rows = rho.count, count = net.architecture.parameterCount
            XCTAssertEqual(jacobian.count, rows * count)
            let h = 1e-3
            var worst = 0.0
            for q in 0..<count {
                func shifted(_ step: Double) -> [Double] {
                    var moved = net
                    moved.parameters[q] += step
                    return residuals(loss, moved, lambda: lambda).rho
                }
                let (p2, p1, m1, m2) = (shifted(2 * h), shifted(h), shifted(-h), shifted(-2 * h))
                for r in 0..<rows {
                    let difference = (-p2[r] + 8 * p1[r] - 8 * m1[r] + m2[r]) / (12 * h)
                    let exact = jacobian[r * count + q]
                    worst = max(worst, abs(exact - difference) / max(1, abs(difference)))
                }
            }
            XCTAssertLessThan(worst, 1e-6, "d = \(d): largest relative difference \(worst)")
        }
    }

    /// ‖ρ‖² is the loss L_r + λ·L_b, and 2·Jᵀρ is its gradient ∇L_r + λ·∇L_b as `evaluate` computes it.
    func testSumOfSquaresAndGradientAgreeWithTheLoss() {
        for d in 1...3 {
            let loss = loss(dimension: d), net = network(dimension: d), lambda = 30.0
            let (rho, jacobian) = residuals(loss, net, lambda: lambda)
            let count = net.architecture.parameterCount
            var gr = [Double](repeating: 0, count: count), gb = gr
            let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
            let squares = rho.map { $0 * $0 }.reduce(0, +)
            XCTAssertEqual(squares, terms.residual + lambda * terms.boundary, accuracy: 1e-12 * squares)
            for q in 0..<count {
                var jtr = 0.0
                for r in rho.indices { jtr += jacobian[r * count + q] * rho[r] }
                let gradient = gr[q] + lambda * gb[q]
                XCTAssertEqual(2 * jtr, gradient, accuracy: 1e-10 * max(1, abs(gradient)), "d = \(d), parameter \(q)")
            }
        }
    }

    /// Under a sparsity mask, the pruned parameters' columns of J are zero and the others unchanged.
    func testPrunedParametersHaveZeroColumns() {
        var loss = loss(dimension: 2), net = network(dimension: 2)
        let count = net.architecture.parameterCount
        let dense = residuals(loss, net, lambda: 1).jacobian
        let free = (0..<count).map { $0 % 3 != 0 }
        loss.parameterMask = ParameterMask(architecture: net.architecture, isFree: free)
        net.parameters = net.parameters.enumerated().map { free[$0.offset] ? $0.element : 0 }
        let masked = residuals(loss, net, lambda: 1).jacobian
        let denseAtPruned = residuals(PDELoss(interior: loss.interior, boundary: loss.boundary), net, lambda: 1)
            .jacobian
        for (i, value) in masked.enumerated() {
            if free[i % count] {
                XCTAssertEqual(value, denseAtPruned[i])
            } else {
                XCTAssertEqual(value, 0)
            }
        }
        XCTAssertTrue(dense.contains { $0 != 0 })
    }
}

extension ResidualJacobianTests {
    /// With only the last layer free the residuals are affine in the trained parameters, so one
    /// undamped Gauss–Newton step lands on the least-squares solution: the new residuals are the
    /// predicted ρ − Jδ to rounding, and orthogonal to J's free columns.
    func testOneUndampedStepSolvesAProblemLinearInTheTrainedParameters() throws {
        var loss = loss(dimension: 2, interior: 40, boundary: 20)
        var net = network(dimension: 2)
        let arch = net.architecture, count = arch.parameterCount
        let last = arch.parameterLayout(layer: arch.layerCount - 1)
        let free = (0..<count).map { last.weights.contains($0) || last.bias.contains($0) }
        loss.parameterMask = ParameterMask(architecture: arch, isFree: free)
        let columns = (0..<count).filter { free[$0] }
        let (rho, jacobian) = residuals(loss, net, lambda: 10)
        let rows = rho.count
        let reduced = (0..<rows).flatMap { r in columns.map { jacobian[r * count + $0] } }
        let step = try DampedLeastSquares.step(jacobian: reduced, rho: rho, parameters: columns.count, damping: 0)
        for (k, q) in columns.enumerated() { net.parameters[q] -= step.delta[k] }
        let (after, _) = residuals(loss, net, lambda: 10)
        for r in 0..<rows {
            var predicted = rho[r]
            for k in columns.indices { predicted -= reduced[r * columns.count + k] * step.delta[k] }
            XCTAssertEqual(after[r], predicted, accuracy: 1e-10 * max(1, abs(rho[r])), "row \(r)")
        }
        for k in columns.indices {
            var dot = 0.0
            for r in 0..<rows { dot += reduced[r * columns.count + k] * after[r] }
            XCTAssertEqual(dot, 0, accuracy: 1e-10, "column \(k)")
        }
        let before = rho.map { $0 * $0 }.reduce(0, +), lowered = after.map { $0 * $0 }.reduce(0, +)
        XCTAssertLessThan(lowered, before)
    }
}
