import Foundation
import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnODE

/// The Gauss–Newton form of the Neural ODE loss: residuals whose squares sum to the loss, and their
/// Jacobian by forward sensitivities against central differences of the residuals.
final class NeuralODESensitivityTests: XCTestCase {
    /// A scaled, weighted model: the paths that data scaling adds are all exercised.
    func problem() -> (NeuralODE, ObservedTrajectory) {
        var (node, data) = NeuralODEGradientTests.problem(tolerance: 1e-10)
        node.network.scaling = MLPScaling(inputShift: [0.1, -0.2], inputScale: [0.7, 1.3], outputScale: [1.5, 0.8])
        data.stateWeights = [2, 0.5]
        return (node, data)
    }

    func testResidualsSumToTheLossAndTheJacobianMatchesCentralDifferences() throws {
        let (node, data) = problem()
        var residuals: [Double] = [], jacobian: [Double] = []
        let loss = try node.residualsAndJacobian(for: data, residuals: &residuals, jacobian: &jacobian)
        let n = 2, m = data.times.count, p = node.network.parameterCount
        XCTAssertEqual(residuals.count, m * n)
        XCTAssertEqual(jacobian.count, m * n * p)
        XCTAssertEqual(loss, residuals.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-15 * loss)
        XCTAssertEqual(loss, try node.loss(for: data), accuracy: 1e-9 * loss)
        XCTAssertGreaterThan(loss, 1e-2)

        func residualsAt(_ theta: [Double]) throws -> [Double] {
            var model = node
            model.network.parameters = theta
            var r: [Double] = [], j: [Double] = []
            _ = try model.residualsAndJacobian(for: data, residuals: &r, jacobian: &j)
            return r
        }
        let theta = node.network.parameters
        let h = 1e-5
        var worst = 0.0
        for q in stride(from: 0, to: p, by: 7) {
            var plus = theta, minus = theta
            plus[q] += h
            minus[q] -= h
            let rp = try residualsAt(plus), rm = try residualsAt(minus)
            for r in 0..<(m * n) {
                let difference = (rp[r] - rm[r]) / (2 * h)
                let scale = max(abs(difference), 1e-3)
                worst = max(worst, abs(jacobian[r * p + q] - difference) / scale)
            }
        }
        XCTAssertLessThanOrEqual(worst, 1e-6, "largest relative difference from central differences")
    }

    func testTheGradientOfTheLossIsTwiceJacobianTransposeResiduals() throws {
        let (node, data) = problem()
        var residuals: [Double] = [], jacobian: [Double] = []
        _ = try node.residualsAndJacobian(for: data, residuals: &residuals, jacobian: &jacobian)
        let p = node.network.parameterCount
        let gradient = try node.lossAndGradient(for: data, method: .backpropagation).parameterGradient
        let fromJacobian = (0..<p).map { q in
            2 * residuals.indices.reduce(0.0) { $0 + jacobian[$1 * p + q] * residuals[$1] }
        }
        XCTAssertLessThanOrEqual(relativeDifference(fromJacobian, gradient), 1e-6)
    }
}
