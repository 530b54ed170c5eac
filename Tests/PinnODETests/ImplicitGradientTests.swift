import Foundation
import PinnNetwork
import XCTest

@testable import PinnODE

final class ImplicitGradientTests: XCTestCase {
    /// Rates 20 % off the true ones, fitted to four states of the true trajectory over [0, 40], where the
    /// problem is stiff from t ≈ 10⁻² on (|λ| up to 10⁴).
    static func robertsonFit() -> (RobertsonKinetics, ObservedTrajectory) {
        let truth = [0.7158270687194093, 9.185534764557771e-06, 0.28416374574583175]
        let data = ObservedTrajectory(
            startTime: 0, initialState: [1, 0, 0], times: [0.5, 4, 20, 40],
            values: [[0.98, 3.3e-5, 0.02], [0.905, 2.2e-5, 0.094], [0.80, 1.4e-5, 0.20], truth])
        let field = RobertsonKinetics(rates: [0.04 * 1.2, 3e7 * 0.8, 1e4 * 1.2])
        return (field, data)
    }

    /// Gradients of the stiff fit by both strategies against central differences of the loss computed at a
    /// tighter tolerance, in every rate and initial-state component.
    func testBothImplicitGradientsOfAStiffSystemMatchCentralDifferences() throws {
        let (field, data) = Self.robertsonFit()
        let solver = RadauSensitivity(
            field: field, options: AdaptiveOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-14))
        let adjoint = try solver.lossAndGradient(for: data, method: .adjoint)
        let backprop = try solver.lossAndGradient(for: data, method: .backpropagation)
        let tight = RadauSensitivity(
            field: field, options: AdaptiveOptions(relativeTolerance: 1e-13, absoluteTolerance: 1e-18))
        func loss(_ f: RobertsonKinetics, _ d: ObservedTrajectory) throws -> Double {
            try RadauSensitivity(field: f, options: tight.options).forward(d).loss
        }
        var fdTheta = [0.0, 0.0, 0.0], fdZ0 = [0.0, 0.0, 0.0]
        for k in 0..<3 {
            fdTheta[k] = try centralDifference(h: 1e-3) { e in
                var f = field
                f.rates[k] *= exp(e) // θ_k = log k_k
                return try loss(f, data)
            }
            fdZ0[k] = try centralDifference(h: 1e-5) { e in
                var d = data
                d.initialState[k] += e
                return try loss(field, d)
            }
        }
        let results = [
            ("adjoint θ", adjoint.parameterGradient, fdTheta), ("backprop θ", backprop.parameterGradient, fdTheta),
            ("adjoint z0", adjoint.initialStateGradient, fdZ0), ("backprop z0", backprop.initialStateGradient, fdZ0)
        ]
        print(
            "Robertson fit: loss \(adjoint.loss); forward \(adjoint.forwardStats.acceptedSteps) steps, adjoint",
            "backward \(adjoint.backwardStats.acceptedSteps) steps; θ̄ by differences \(fdTheta), z̄₀ \(fdZ0)")
        for (name, gradient, reference) in results {
            let difference = relativeDifference(gradient, reference)
            print("  \(name): \(gradient), relative difference \(difference)")
            XCTAssertLessThanOrEqual(difference, 1e-6, name)
        }
        XCTAssertEqual(adjoint.loss, backprop.loss)
        XCTAssertLessThanOrEqual(relativeDifference(adjoint.parameterGradient, backprop.parameterGradient), 1e-6)
    }

    /// A tiny Neural ODE integrated by Radau IIA: both gradients against central differences in every
    /// parameter and initial-state component.
    func testBothImplicitGradientsOfATinyNeuralODEMatchCentralDifferences() throws {
        let net = MLP(stateDimension: 2, width: 4, depth: 2, activation: .tanh, seed: 42)
        let times = [0.5, 1.0, 1.5, 2.0, 2.5]
        let values = times.map { t in [exp(-0.2 * t) * cos(2 * t), -exp(-0.2 * t) * sin(2 * t)] }
        let data = ObservedTrajectory(startTime: 0, initialState: [1, 0], times: times, values: values)
        let node = NeuralODE(network: net, options: AdaptiveOptions(tolerance: 1e-10), integrator: .radau5)
        let adjoint = try node.lossAndGradient(for: data, method: .adjoint)
        let backprop = try node.lossAndGradient(for: data, method: .backpropagation)
        var tight = node
        tight.options = AdaptiveOptions(tolerance: 1e-12)
        let (fdTheta, fdZ0) = try lossDifferences(tight, data)
        let errors = [
            relativeDifference(adjoint.parameterGradient, fdTheta),
            relativeDifference(backprop.parameterGradient, fdTheta),
            relativeDifference(adjoint.initialStateGradient, fdZ0),
            relativeDifference(backprop.initialStateGradient, fdZ0)
        ]
        print(
            "tiny Neural ODE by Radau IIA (\(fdTheta.count) parameters, loss \(adjoint.loss)): relative differences",
            "to central differences: adjoint θ, backprop θ, adjoint z0, backprop z0 = \(errors)")
        for e in errors { XCTAssertLessThanOrEqual(e, 1e-6) }
    }

    /// Backpropagation stores 3n + 2 numbers per step; the checkpointed adjoint n + 2 per 100 steps plus one
    /// segment's dense output, which stops growing once segments hold their 100 steps. From there its
    /// memory grows by less than a tenth of what backpropagation's does.
    func testImplicitAdjointMemoryStaysNearlyFlatInTheNumberOfSteps() throws {
        let net = MLP(stateDimension: 2, width: 8, depth: 2, activation: .sine(omega: 2), takesTime: true, seed: 5)
        let times = [0.5, 1.0, 1.5, 2.0]
        let data = ObservedTrajectory(
            startTime: 0, initialState: [0.5, -0.2], times: times, values: times.map { [cos($0), sin($0)] })
        let node = NeuralODE(network: net, options: AdaptiveOptions(tolerance: 1e-7), integrator: .radau5)
        let rows = try node.gradientMemoryScaling(for: data, spanFactors: [1, 16, 64])
        print(GradientMemoryRow.table(rows))
        XCTAssertGreaterThan(rows[2].forwardSteps, 3 * rows[1].forwardSteps)
        XCTAssertGreaterThan(rows[1].forwardSteps, 100)
        let adjointGrowth = rows[2].adjointBytes - rows[1].adjointBytes
        let backpropGrowth = rows[2].backpropagationBytes - rows[1].backpropagationBytes
        XCTAssertGreaterThan(backpropGrowth, rows[1].backpropagationBytes)
        XCTAssertLessThanOrEqual(adjointGrowth, backpropGrowth / 10)
        for row in rows { XCTAssertLessThan(row.gradientDifference, 1e-4) }
    }
}
