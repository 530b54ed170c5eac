import Foundation
import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnODE

final class NeuralODEGradientTests: XCTestCase {
    /// A random tanh MLP (n = 2, width 16, depth 2) and five observations of a damped rotation.
    static func problem(activation: MLPActivation = .tanh, tolerance: Double) -> (NeuralODE, ObservedTrajectory) {
        let net = MLP(stateDimension: 2, width: 16, depth: 2, activation: activation, seed: 42)
        let times = [0.5, 1.0, 1.5, 2.0, 2.5]
        let values = times.map { t in [exp(-0.2 * t) * cos(2 * t), -exp(-0.2 * t) * sin(2 * t)] }
        let data = ObservedTrajectory(startTime: 0, initialState: [1, 0], times: times, values: values)
        return (NeuralODE(network: net, options: AdaptiveOptions(tolerance: tolerance)), data)
    }

    func testAdjointAndBackpropagationGradientsAgree() throws {
        let (node, data) = Self.problem(tolerance: 1e-8)
        let adjoint = try node.lossAndGradient(for: data, method: .adjoint)
        let backprop = try node.lossAndGradient(for: data, method: .backpropagation)
        let dTheta = relativeDifference(adjoint.parameterGradient, backprop.parameterGradient)
        let dZ0 = relativeDifference(adjoint.initialStateGradient, backprop.initialStateGradient)
        print(
            "rtol = atol = 1e-8: adjoint vs backprop relative difference θ \(dTheta), z0 \(dZ0);",
            "forward steps \(adjoint.forwardStats.acceptedSteps), adjoint backward steps",
            "\(adjoint.backwardStats.acceptedSteps), loss \(adjoint.loss)")
        XCTAssertEqual(adjoint.loss, backprop.loss)
        XCTAssertGreaterThan(adjoint.loss, 1e-2) // a fit far from perfect: gradients are not tiny
        XCTAssertEqual(adjoint.parameterGradient.count, node.network.parameterCount)
        XCTAssertLessThanOrEqual(dTheta, 1e-6)
        XCTAssertLessThanOrEqual(dZ0, 1e-6)
        XCTAssertEqual(backprop.backwardStats.acceptedSteps, backprop.forwardStats.acceptedSteps)
        XCTAssertEqual(backprop.backwardStats.functionEvaluations, 6 * backprop.forwardStats.acceptedSteps)
    }

    func testBothGradientsMatchCentralDifferencesOfTheLoss() throws {
        let (node, data) = Self.problem(tolerance: 1e-8)
        let adjoint = try node.lossAndGradient(for: data, method: .adjoint)
        let backprop = try node.lossAndGradient(for: data, method: .backpropagation)

        // The loss of a tight forward solve, differenced in every parameter and initial-state component.
        var tight = node
        tight.options = AdaptiveOptions(tolerance: 1e-11)
        let (fdTheta, fdZ0) = try lossDifferences(tight, data)
        let aTheta = relativeDifference(adjoint.parameterGradient, fdTheta)
        let bTheta = relativeDifference(backprop.parameterGradient, fdTheta)
        let aZ0 = relativeDifference(adjoint.initialStateGradient, fdZ0)
        let bZ0 = relativeDifference(backprop.initialStateGradient, fdZ0)
        print("vs central differences (tol 1e-11): adjoint θ \(aTheta), z0 \(aZ0); backprop θ \(bTheta), z0 \(bZ0)")
        XCTAssertLessThanOrEqual(aTheta, 1e-5)
        XCTAssertLessThanOrEqual(bTheta, 1e-5)
        XCTAssertLessThanOrEqual(aZ0, 1e-5)
        XCTAssertLessThanOrEqual(bZ0, 1e-5)
    }

    func testSineNetworkAndObservationsAtTheStartTimeAndRepeated() throws {
        // Observations at t₀ and a repeated time exercise jumps with no integration in between.
        let net = MLP(stateDimension: 2, width: 8, depth: 2, activation: .sine(omega: 2), takesTime: true, seed: 5)
        let data = ObservedTrajectory(
            startTime: 0.3, initialState: [0.4, -0.7], times: [0.3, 0.9, 0.9, 1.6],
            values: [[0.5, -0.5], [0.1, 0.2], [0.0, 0.3], [-0.4, 0.8]])
        let node = NeuralODE(network: net, options: AdaptiveOptions(tolerance: 1e-9))
        let adjoint = try node.lossAndGradient(for: data, method: .adjoint)
        let backprop = try node.lossAndGradient(for: data, method: .backpropagation)
        XCTAssertLessThanOrEqual(relativeDifference(adjoint.parameterGradient, backprop.parameterGradient), 1e-6)
        XCTAssertLessThanOrEqual(relativeDifference(adjoint.initialStateGradient, backprop.initialStateGradient), 1e-6)
        var tight = node
        tight.options = AdaptiveOptions(tolerance: 1e-11)
        let fdZ0 = try (0..<2).map { k in
            try centralDifference(h: 1e-3) { e in
                var d = data
                d.initialState[k] += e
                return try tight.loss(for: d)
            }
        }
        XCTAssertLessThanOrEqual(relativeDifference(adjoint.initialStateGradient, fdZ0), 1e-6)
        // A directional derivative in θ along a fixed random direction.
        var direction = [Double](repeating: 0, count: net.parameterCount)
        var rng = SeededGenerator(seed: 9)
        for i in direction.indices { direction[i] = rng.uniform(-1.0, 1.0) }
        let fdDirectional = try centralDifference(h: 1e-3) { e in
            var m = tight
            for i in direction.indices { m.network.parameters[i] += e * direction[i] }
            return try m.loss(for: data)
        }
        let adjointDirectional = zip(adjoint.parameterGradient, direction).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(adjointDirectional, fdDirectional, accuracy: 1e-6 * abs(fdDirectional))
    }

    func testInvalidObservationsAreRejected() {
        let (node, data) = Self.problem(tolerance: 1e-6)
        var bad = data
        bad.times[2] = 0.2
        XCTAssertThrowsError(try node.loss(for: bad)) { error in
            guard case let ODEError.invalidObservation(index, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 3)
        }
        bad = data
        bad.values[4] = [1]
        XCTAssertThrowsError(try node.lossAndGradient(for: bad, method: .adjoint)) { error in
            guard case let ODEError.invalidObservation(index, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(index, 5)
        }
    }
}
