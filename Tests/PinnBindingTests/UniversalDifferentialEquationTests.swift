import Foundation
import PinnBinding
import PinnNetwork
import PinnODE
import PinnProblems
import XCTest

/// A Neural ODE with a known part (`model.known`): f = g + MLP_θ, with g's symbolic state Jacobian
/// in the network's state Jacobian and reverse pass, checked against central differences, and the
/// adjoint gradient of a trajectory loss through it.
final class UniversalDifferentialEquationTests: XCTestCase {
    let json = #"""
        {"kind": "ode", "states": ["x", "v"], "parameters": {"zeta": 0.1},
         "rhs": {"x": "v", "v": "-x - zeta*v - x^3"}, "initial": {"x": 2, "v": 0}, "span": [0, 3],
         "model": {"type": "neuralODE", "width": 5, "depth": 1, "known": {"x": "v", "v": "-x - zeta*v + sin(t)*x^2"}}}
        """#

    func network() throws -> MLP {
        let file = try ODEProblemFile.decode(json)
        guard case .neuralODE(let settings) = file.model else { throw XCTSkip("not a neuralODE model") }
        var net = MLP(stateDimension: 2, width: 5, depth: 1, activation: .tanh, seed: 4)
        net.known = KnownTerm(try ExpressionDynamics(file, settings: settings))
        return net
    }

    /// f(z, t) = g(z, t) + MLP_θ(z, t) exactly.
    func testValueIsKnownPartPlusNetwork() throws {
        let net = try network()
        var plain = net
        plain.known = nil
        var workspace = MLPWorkspace(), f = [Double](), m = [Double]()
        let z = [0.7, -0.3], t = 0.4
        net.evaluate(z, t: t, into: &f, workspace: &workspace)
        plain.evaluate(z, t: t, into: &m, workspace: &workspace)
        XCTAssertEqual(f[0], m[0] + z[1], accuracy: 1e-15)
        XCTAssertEqual(f[1], m[1] - z[0] - 0.1 * z[1] + sin(t) * z[0] * z[0], accuracy: 1e-14)
    }

    /// ∂f/∂z (forward mode) and aᵀ∂f/∂z (reverse pass) against central differences of f.
    func testStateJacobianAndPullbackMatchCentralDifferences() throws {
        let net = try network()
        var workspace = MLPWorkspace(), value = [Double](), jacobian = [Double]()
        let z = [0.7, -0.3], t = 0.4, a = [0.6, -1.3]
        net.stateJacobian(at: z, t: t, value: &value, jacobian: &jacobian, workspace: &workspace)
        var stateGradient = [0.0, 0.0], parameterGradient = [Double](repeating: 0, count: net.parameterCount)
        net.vectorJacobianProduct(
            at: z, t: t, cotangent: a, value: &value, stateGradient: &stateGradient,
            parameterGradient: &parameterGradient, workspace: &workspace)
        for k in 0..<2 {
            let h = 1e-6
            var plus = z, minus = z, up = [Double](), down = [Double]()
            plus[k] += h
            minus[k] -= h
            net.evaluate(plus, t: t, into: &up, workspace: &workspace)
            net.evaluate(minus, t: t, into: &down, workspace: &workspace)
            let column = (0..<2).map { (up[$0] - down[$0]) / (2 * h) }
            for i in 0..<2 { XCTAssertEqual(jacobian[i + 2 * k], column[i], accuracy: 1e-8, "∂f_\(i)/∂z_\(k)") }
            XCTAssertEqual(stateGradient[k], a[0] * column[0] + a[1] * column[1], accuracy: 1e-8, "aᵀ∂f/∂z_\(k)")
        }
    }

    /// The adjoint gradient of a trajectory loss through f = g + MLP_θ against central differences.
    func testAdjointGradientMatchesCentralDifferences() throws {
        let net = try network()
        let model = NeuralODE(
            network: net, options: AdaptiveOptions(relativeTolerance: 1e-11, absoluteTolerance: 1e-13))
        let data = ObservedTrajectory(
            startTime: 0, initialState: [1, 0], times: [0.5, 1, 1.5], values: [[0.8, -0.6], [0.4, -0.9], [0, -0.8]])
        let gradient = try model.lossAndGradient(for: data, method: .adjoint).parameterGradient
        for q in [0, 7, net.parameterCount - 1] {
            var plus = model, minus = model
            let h = 1e-6
            plus.network.parameters[q] += h
            minus.network.parameters[q] -= h
            let difference = (try plus.loss(for: data) - minus.loss(for: data)) / (2 * h)
            XCTAssertEqual(gradient[q], difference, accuracy: 1e-6 * max(1, abs(difference)), "parameter \(q)")
        }
    }
}
