import Foundation
import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// The space-time residuals of `PDELoss` (heat: a·Δ_x u + b·u_t, wave: the weighted block
/// c²Δ_x u − u_tt) against central differences of the network's values, causal weights against
/// their definition, and the Gauss–Newton rows with causal weights against the loss and its gradient.
final class SpaceTimeLossTests: XCTestCase {
    private func network(inputs: Int) -> Siren<Double> {
        Siren(architecture: SirenArchitecture(inputs: inputs, width: 6, depth: 2, omega0: 2), seed: UInt64(inputs))
    }

    private func points(_ d: Int, _ n: Int, seed: UInt64) -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: d, cols: n, storage: (0..<(d * n)).map { _ in rng.uniform(0.0, 1.0) })
    }

    /// u at one point.
    private func value(_ net: Siren<Double>, _ x: [Double]) -> Double {
        let ws = JetWorkspace<Double>()
        net.forward(Matrix(rows: x.count, cols: 1, storage: x), order: .value, workspace: ws)
        return ws.value(0, 0)
    }

    /// ∂²u/∂x_i² and ∂u/∂x_i by central differences (step h).
    private func derivatives(_ net: Siren<Double>, _ x: [Double], _ i: Int, h: Double = 1e-3) -> (Double, Double) {
        var plus = x, minus = x
        plus[i] += h
        minus[i] -= h
        let (up, u0, um) = (value(net, plus), value(net, x), value(net, minus))
        return ((up - 2 * u0 + um) / (h * h), (up - um) / (2 * h))
    }

    /// r = a·L + b·u_t − f with L the weighted block, for heat (weights (1, …, 1, 0), a = −κ, b = 1)
    /// and wave (weights (c², …, c², −1), a = −1) in 1 and 2 space dimensions, against differences.
    func testResidualsMatchCentralDifferences() {
        for d in 1...2 {
            let n = d + 1, count = 5, net = network(inputs: n)
            let x = points(n, count, seed: UInt64(d))
            let f = (0..<count).map { Double($0) / 7 }
            for (weights, a, b) in [
                ([Double](repeating: 1, count: d) + [0], -0.3, 1.0), ([Double](repeating: 4, count: d) + [-1], -1, 0)
            ] {
                var interior = InteriorBatch(points: x, source: f, laplacianCoefficient: a)
                interior.secondDerivativeWeights = weights
                interior.timeDerivativeCoefficient = b
                let loss = PDELoss(
                    interior: interior,
                    boundary: BoundaryBatch(
                        points: x, normals: x, alpha: [Double](repeating: 0, count: count),
                        beta: [Double](repeating: 0, count: count), value: [Double](repeating: 0, count: count)))
                var rho: [Double] = [], jacobian: [Double] = []
                loss.weightedResiduals(net, boundaryWeight: 0, residuals: &rho, jacobian: &jacobian)
                for p in 0..<count {
                    let point = (0..<n).map { x[$0, p] }
                    var expected = -f[p]
                    for i in 0..<n {
                        let (second, first) = derivatives(net, point, i)
                        expected += a * weights[i] * second
                        if i == n - 1 { expected += b * first }
                    }
                    let got = rho[p] * Double(count).squareRoot()
                    XCTAssertEqual(got, expected, accuracy: 1e-5 * max(1, abs(expected)), "d = \(d), point \(p)")
                }
            }
        }
    }

    /// w_i = exp(−ε Σ_{k<i} L_k) from the residuals of each slab.
    func testCausalWeightsFollowTheSlabLosses() {
        let causal = CausalWeighting(times: [0.05, 0.3, 0.35, 0.9, 1.0], start: 0, end: 1, slabs: 4, epsilon: 2)
        XCTAssertEqual(causal.slab, [0, 1, 1, 3, 3])
        let w = causal.slabWeights(residuals: [1.0, 2, 0, 5, 5])
        XCTAssertEqual(w[0], 1)
        XCTAssertEqual(w[1], exp(-2 * 1), accuracy: 1e-15)
        XCTAssertEqual(w[2], exp(-2 * (1 + 2)), accuracy: 1e-15)
        XCTAssertEqual(w[3], exp(-2 * (1 + 2)), accuracy: 1e-15, "an empty slab adds nothing")
    }

    /// With causal weights frozen at θ: ‖ρ‖² is the weighted loss, 2Jᵀρ its gradient, and J matches
    /// central differences of ρ with the weights held (the Gauss–Newton step's function).
    func testFrozenCausalRowsAgreeWithTheWeightedLoss() {
        let n = 2, count = 9, net = network(inputs: n)
        let x = points(n, count, seed: 3)
        var interior = InteriorBatch(
            points: x, source: (0..<count).map { sin(Double($0)) }, laplacianCoefficient: -1)
        interior.secondDerivativeWeights = [4, -1]
        interior.causal = CausalWeighting(
            times: (0..<count).map { x[1, $0] }, start: 0, end: 1, slabs: 3, epsilon: 0.5)
        var loss = PDELoss(
            interior: interior,
            boundary: BoundaryBatch(
                points: x, normals: x, alpha: [Double](repeating: 1, count: count),
                beta: [Double](repeating: 0, count: count), value: [Double](repeating: 0.1, count: count)))
        loss.freezeCausalWeights(net)
        XCTAssertNotNil(loss.interior.frozenCausalWeights)
        var rho: [Double] = [], jacobian: [Double] = []
        loss.weightedResiduals(net, boundaryWeight: 10, residuals: &rho, jacobian: &jacobian)
        let p = net.architecture.parameterCount
        var gr = [Double](repeating: 0, count: p), gb = gr
        let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
        XCTAssertEqual(rho.reduce(0) { $0 + $1 * $1 }, terms.residual + 10 * terms.boundary, accuracy: 1e-12)
        for q in 0..<p {
            var g = 0.0
            for r in rho.indices { g += 2 * jacobian[r * p + q] * rho[r] }
            XCTAssertEqual(g, gr[q] + 10 * gb[q], accuracy: 1e-9 * max(1, abs(g)))
            var moved = net
            moved.parameters[q] += 1e-5
            var up: [Double] = [], scratch: [Double] = []
            loss.weightedResiduals(moved, boundaryWeight: 10, residuals: &up, jacobian: &scratch)
            moved.parameters[q] -= 2e-5
            var down: [Double] = []
            loss.weightedResiduals(moved, boundaryWeight: 10, residuals: &down, jacobian: &scratch)
            for r in rho.indices {
                XCTAssertEqual(
                    jacobian[r * p + q], (up[r] - down[r]) / 2e-5, accuracy: 1e-6 * max(1, abs(jacobian[r * p + q])))
            }
        }
    }
}
