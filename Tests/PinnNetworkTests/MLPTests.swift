import PinnNumerics
import XCTest

@testable import PinnNetwork

final class MLPTests: XCTestCase {
    private static let activations: [MLPActivation] = [.tanh, .sine(omega: 2.5)]

    /// aᵀ f(z, t) for a fixed cotangent a: the scalar whose gradient the VJPs are.
    private func projected(_ net: MLP, _ z: [Double], _ t: Double, _ a: [Double]) -> Double {
        var ws = MLPWorkspace()
        var out = [Double]()
        net.evaluate(z, t: t, into: &out, workspace: &ws)
        return zip(a, out).reduce(0) { $0 + $1.0 * $1.1 }
    }

    func testStateJacobianMatchesCentralDifferencesAndTheReversePass() {
        for activation in Self.activations {
            for (takesTime, power) in [(false, 1), (true, 3)] {
                let net = MLP(
                    stateDimension: 3, width: 7, depth: 2, activation: activation, takesTime: takesTime,
                    inputPower: power, seed: 4)
                let z = [0.3, -0.7, 0.5], t = 0.4
                var value = [Double](), jacobian = [Double](), ws = MLPWorkspace()
                net.stateJacobian(at: z, t: t, value: &value, jacobian: &jacobian, workspace: &ws)
                var plain = [Double]()
                net.evaluate(z, t: t, into: &plain, workspace: &ws)
                XCTAssertEqual(value, plain)
                for i in 0..<3 {
                    // Row i by one reverse pass with cotangent e_i.
                    var e = [0.0, 0.0, 0.0], row = [0.0, 0.0, 0.0]
                    var theta = [Double](repeating: 0, count: net.parameterCount)
                    e[i] = 1
                    net.vectorJacobianProduct(
                        at: z, t: t, cotangent: e, value: &plain, stateGradient: &row, parameterGradient: &theta,
                        workspace: &ws)
                    for j in 0..<3 {
                        var zp = z, zm = z
                        zp[j] += 1e-6
                        zm[j] -= 1e-6
                        let fd = (projected(net, zp, t, e) - projected(net, zm, t, e)) / 2e-6
                        XCTAssertEqual(jacobian[i + j * 3], fd, accuracy: 1e-8, "\(activation) ∂f\(i)/∂z\(j)")
                        XCTAssertEqual(jacobian[i + j * 3], row[j], accuracy: 1e-13, "\(activation) reverse pass")
                    }
                }
            }
        }
    }

    func testParameterCountAndLayoutCoverEveryParameterOnce() {
        let net = MLP(stateDimension: 3, width: 5, depth: 3, activation: .tanh, takesTime: true, seed: 1)
        // (4+1)·5 + (5+1)·5 + (5+1)·5 + (5+1)·3 = 25 + 30 + 30 + 18
        XCTAssertEqual(net.parameterCount, 103)
        var covered = [Int](repeating: 0, count: net.parameterCount)
        for l in 0..<net.layerCount {
            let layout = net.parameterLayout(layer: l)
            for i in layout.weights { covered[i] += 1 }
            for i in layout.bias { covered[i] += 1 }
        }
        XCTAssertEqual(covered, [Int](repeating: 1, count: net.parameterCount))
    }

    func testEvaluateMatchesAHandWrittenNetwork() {
        // One hidden layer of width 2 on n = 1 with time: f = w_out · tanh(W [z, t] + b) + b_out.
        // Layout: W (2×2 column-major) = [W00, W10, W01, W11], b (2), W_out (1×2), b_out (1).
        let p: [Double] = [0.5, -0.3, 0.2, 0.7, 0.1, -0.2, 1.5, -0.4, 0.05]
        let net = MLP(stateDimension: 1, width: 2, depth: 1, activation: .tanh, takesTime: true, parameters: p)
        let z = 0.8, t = -0.6
        let h0 = Double.tanh(0.5 * z + 0.2 * t + 0.1)
        let h1 = Double.tanh(-0.3 * z + 0.7 * t - 0.2)
        var out = [Double](), ws = MLPWorkspace()
        net.evaluate([z], t: t, into: &out, workspace: &ws)
        XCTAssertEqual(out[0], 1.5 * h0 - 0.4 * h1 + 0.05, accuracy: 1e-15)
    }

    func testInitialisationIsReproducibleAndScaled() {
        let a = MLP(stateDimension: 2, width: 16, depth: 2, activation: .tanh, seed: 7)
        let b = MLP(stateDimension: 2, width: 16, depth: 2, activation: .tanh, seed: 7)
        let c = MLP(stateDimension: 2, width: 16, depth: 2, activation: .tanh, seed: 8)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.parameters, c.parameters)
        // Glorot bound for the 16×16 hidden layer: √(6/32) ≈ 0.433; biases zero.
        let hidden = a.parameterLayout(layer: 1)
        let w = hidden.weights.map { a.parameters[$0] }
        XCTAssertLessThanOrEqual(w.map(abs).max() ?? .infinity, (6.0 / 32).squareRoot())
        XCTAssertGreaterThan(w.map(abs).max() ?? 0, 0.8 * (6.0 / 32).squareRoot())
        XCTAssertEqual(hidden.bias.map { a.parameters[$0] }, [Double](repeating: 0, count: 16))
        // SIREN first layer: |W| ≤ 1/fan_in = 1/2.
        let s = MLP(stateDimension: 2, width: 16, depth: 2, activation: .sine(omega: 30), seed: 7)
        let first = s.parameterLayout(layer: 0).weights.map { s.parameters[$0] }
        XCTAssertLessThanOrEqual(first.map(abs).max() ?? .infinity, 0.5)
        let second = s.parameterLayout(layer: 1).weights.map { s.parameters[$0] }
        XCTAssertLessThanOrEqual(second.map(abs).max() ?? .infinity, (6.0 / 16).squareRoot() / 30)
    }

    func testVJPsMatchCentralDifferencesForEveryParameterAndInput() {
        for activation in Self.activations {
            for (takesTime, power, scaled) in [(false, 1, false), (true, 1, false), (false, 3, false), (true, 3, true)]
            {
                var net = MLP(
                    stateDimension: 3, width: 7, depth: 3, activation: activation,
                    takesTime: takesTime, inputPower: power, seed: 11)
                if scaled {
                    // Fixed maps around the layers (MLPScaling): shifts, input and output scales.
                    net.scaling = MLPScaling(
                        inputShift: [0.2, -0.1, 0.05, 0.3], inputScale: [0.5, 2, 1.5, 0.8], outputScale: [3, 0.25, 1.2])
                }
                var rng = SeededGenerator(seed: 3)
                // Non-zero biases so every bias derivative is exercised away from the Glorot zeros.
                for i in net.parameters.indices { net.parameters[i] += 0.1 * rng.uniform(-1.0, 1.0) }
                let z = (0..<3).map { _ in rng.uniform(-1.0, 1.0) as Double }
                let t = 0.37
                let a = (0..<3).map { _ in rng.uniform(-1.0, 1.0) as Double }

                var ws = MLPWorkspace()
                var value = [Double]()
                var gz = [0.25, -0.5, 1.0] // accumulation: start from non-zero values
                var gp = [Double](repeating: 0.125, count: net.parameterCount)
                let gt = net.vectorJacobianProduct(
                    at: z, t: t, cotangent: a, value: &value,
                    stateGradient: &gz, parameterGradient: &gp, workspace: &ws)
                for i in gz.indices { gz[i] -= [0.25, -0.5, 1.0][i] }
                for i in gp.indices { gp[i] -= 0.125 }

                var fdz = [Double](repeating: 0, count: 3)
                for k in 0..<3 {
                    fdz[k] = CentralDifference.first(h: 1e-3) { e in
                        var zz = z; zz[k] += e
                        return projected(net, zz, t, a)
                    }
                }
                let base = net.parameters
                var fdp = [Double](repeating: 0, count: base.count)
                for k in base.indices {
                    fdp[k] = CentralDifference.first(h: 1e-3) { e in
                        var m = net; m.parameters = base; m.parameters[k] += e
                        return projected(m, z, t, a)
                    }
                }
                let fdt = CentralDifference.first(h: 1e-3) { e in projected(net, z, t + e, a) }

                let label = "\(activation) takesTime=\(takesTime) inputPower=\(power) scaled=\(scaled)"
                XCTAssertLessThanOrEqual(relativeError(gz, fdz), 1e-9, label)
                XCTAssertLessThanOrEqual(relativeError(gp, fdp), 1e-9, label)
                for k in base.indices {
                    XCTAssertEqual(gp[k], fdp[k], accuracy: 1e-9 * max(1, abs(fdp[k])), "\(label) θ[\(k)]")
                }
                if takesTime {
                    XCTAssertEqual(gt, fdt, accuracy: 1e-9 * max(1, abs(fdt)), label)
                    XCTAssertGreaterThan(abs(fdt), 1e-3, label)
                } else {
                    XCTAssertEqual(gt, 0, label)
                    XCTAssertEqual(fdt, 0, label)
                }
                // The value returned alongside the VJPs is f itself.
                var out = [Double](), ws2 = MLPWorkspace()
                net.evaluate(z, t: t, into: &out, workspace: &ws2)
                XCTAssertEqual(value, out, label)
            }
        }
    }

    func testScalingStandardisesInputsAndScalesOutputs() {
        var raw = MLP(stateDimension: 2, width: 5, depth: 2, activation: .tanh, takesTime: true, seed: 4)
        var scaled = raw
        scaled.scaling = MLPScaling(inputShift: [1, -2, 10], inputScale: [2, 4, 5], outputScale: [3, 0.5])
        XCTAssertFalse(scaled.scaling.isIdentity)
        XCTAssertTrue(raw.scaling.isIdentity)
        var ws = MLPWorkspace(), a = [Double](), b = [Double]()
        // f_scaled(z, t) = outputScale ⊙ f_raw((z − shift)/scale, (t − shift_t)/scale_t).
        scaled.evaluate([3, 2], t: 15, into: &a, workspace: &ws)
        raw.evaluate([1, 1], t: 1, into: &b, workspace: &ws)
        XCTAssertEqual(a[0], 3 * b[0], accuracy: 1e-15)
        XCTAssertEqual(a[1], 0.5 * b[1], accuracy: 1e-15)
        // The output layer scaled by a factor scales f (the identity maps, zero biases: exactly).
        let before = b
        raw.scaleOutputLayer(by: 0.1)
        raw.evaluate([1, 1], t: 1, into: &b, workspace: &ws)
        for i in 0..<2 { XCTAssertEqual(b[i], 0.1 * before[i], accuracy: 1e-15) }
    }

    func testPullbackReusesTheLastEvaluation() {
        let net = MLP(stateDimension: 2, width: 4, depth: 2, activation: .sine(omega: 1.5), seed: 2)
        var ws = MLPWorkspace(), out = [Double]()
        let z = [0.3, -0.2], a = [1.0, -2.0]
        net.evaluate(z, t: 0, into: &out, workspace: &ws)
        var g1 = [0.0, 0.0], p1 = [Double](repeating: 0, count: net.parameterCount)
        net.pullback(cotangent: a, stateGradient: &g1, parameterGradient: &p1, workspace: &ws)
        // A second evaluation elsewhere changes the result: the pullback is taken at the last point.
        net.evaluate([1.0, 1.0], t: 0, into: &out, workspace: &ws)
        var g2 = [0.0, 0.0], p2 = [Double](repeating: 0, count: net.parameterCount)
        net.pullback(cotangent: a, stateGradient: &g2, parameterGradient: &p2, workspace: &ws)
        XCTAssertGreaterThan(relativeError(g2, g1), 1e-3)
        let fd0 = CentralDifference.first(h: 1e-3) { e in projected(net, [z[0] + e, z[1]], 0, a) }
        XCTAssertEqual(g1[0], fd0, accuracy: 1e-9)
    }
}

extension MLPTests {
    /// With input and output scaling (what data scaling gives a Neural ODE) the forward-mode state
    /// Jacobian still matches central differences of f (Radau IIA's Newton matrix and its gradients use it).
    func testStateJacobianOfAScaledNetworkMatchesCentralDifferences() {
        var net = MLP(stateDimension: 2, width: 6, depth: 2, activation: .tanh, takesTime: true, inputPower: 3, seed: 9)
        net.scaling = MLPScaling(inputShift: [1, -2, 10], inputScale: [2, 4, 5], outputScale: [3, 0.5])
        let z = [0.6, -0.4], t = 0.7
        var value = [Double](), jacobian = [Double](), ws = MLPWorkspace()
        net.stateJacobian(at: z, t: t, value: &value, jacobian: &jacobian, workspace: &ws)
        for j in 0..<2 {
            var zp = z, zm = z, up = [Double](), down = [Double]()
            zp[j] += 1e-6
            zm[j] -= 1e-6
            net.evaluate(zp, t: t, into: &up, workspace: &ws)
            net.evaluate(zm, t: t, into: &down, workspace: &ws)
            for i in 0..<2 {
                XCTAssertEqual(jacobian[i + 2 * j], (up[i] - down[i]) / 2e-6, accuracy: 1e-7, "∂f_\(i)/∂z_\(j)")
            }
        }
    }
}
