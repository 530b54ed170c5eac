import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnProblems
import XCTest

/// The PINN-in-time loss gradient (reverse pass through the jet, through f by its symbolic
/// Jacobian) against central differences of the loss, for a first-order system and for a
/// second-order two-point problem with a derivative condition.
final class TimePINNLossTests: XCTestCase {
    /// max_i |g_i − ĝ_i| / max_i |ĝ_i| with ĝ by fourth-order central differences of L = L_r + λL_c.
    func gradientError(_ json: String, weight: Double, width: Int = 6, depth: Int = 2) throws -> Double {
        let problem = try BoundODEProblem(ODEProblemFile.decode(json))
        let loss = TimePINNLoss(problem: problem, collocationPoints: 13, conditionWeight: weight)
        let arch = SirenArchitecture(inputs: 1, outputs: problem.stateCount, width: width, depth: depth, omega0: 3)
        var net = Siren<Double>(architecture: arch, seed: 7)
        var gradient = [Double](repeating: 0, count: arch.parameterCount)
        let terms = loss.evaluate(net, gradient: &gradient)
        XCTAssertGreaterThan(terms.residual, 0)
        XCTAssertGreaterThan(terms.condition, 0)
        var scratch = gradient
        func total(_ parameters: [Double]) -> Double {
            net.parameters = parameters
            let t = loss.evaluate(net, gradient: &scratch)
            return t.residual + weight * t.condition
        }
        let base = net.parameters
        var worst = 0.0, largest = 0.0
        for i in base.indices {
            let h = 1e-4
            func at(_ k: Double) -> Double { var p = base; p[i] += k * h; return total(p) }
            let estimate = (8 * (at(1) - at(-1)) - (at(2) - at(-2))) / (12 * h)
            worst = max(worst, abs(gradient[i] - estimate))
            largest = max(largest, abs(estimate))
        }
        return worst / largest
    }

    func testFirstOrderSystemGradientMatchesCentralDifferences() throws {
        let json = #"""
            {"kind": "ode", "states": ["x", "y"], "parameters": {"a": 1.5},
             "rhs": {"x": "a*x - x*y + sin(t)", "y": "-y + x^2*exp(-t)"}, "initial": {"x": 1, "y": 0.5}, "span": [0, 2],
             "model": {"type": "pinn"}}
            """#
        XCTAssertLessThan(try gradientError(json, weight: 10), 1e-7)
    }

    func testSecondOrderTwoPointGradientMatchesCentralDifferences() throws {
        let json = #"""
            {"kind": "ode", "states": ["u"], "order": 2, "rhs": {"u": "-u*u_t - sin(u) + t"}, "initial": {"u": 0.3},
             "boundary": [{"at": 3, "state": "u", "derivative": 1, "value": -0.5}], "span": [1, 3]}
            """#
        XCTAssertLessThan(try gradientError(json, weight: 5), 1e-7)
    }

    /// ρ of `weightedResiduals` has ‖ρ‖² = L_r + λL_c, and every entry of its Jacobian matches
    /// fourth-order central differences of ρ (both problems above: two coupled first-order states,
    /// and a second order problem with u′ in f and a derivative condition).
    func testWeightedResidualsAndTheirJacobianMatchTheLossAndCentralDifferences() throws {
        let systems = [
            #"""
            {"kind": "ode", "states": ["x", "y"], "parameters": {"a": 1.5},
             "rhs": {"x": "a*x - x*y + sin(t)", "y": "-y + x^2*exp(-t)"}, "initial": {"x": 1, "y": 0.5}, "span": [0, 2],
             "model": {"type": "pinn"}}
            """#,
            #"""
            {"kind": "ode", "states": ["u"], "order": 2, "rhs": {"u": "-u*u_t - sin(u) + t"}, "initial": {"u": 0.3},
             "boundary": [{"at": 3, "state": "u", "derivative": 1, "value": -0.5}], "span": [1, 3]}
            """#
        ]
        for json in systems {
            let problem = try BoundODEProblem(ODEProblemFile.decode(json))
            let weight = 7.0
            let loss = TimePINNLoss(problem: problem, collocationPoints: 11, conditionWeight: weight)
            let arch = SirenArchitecture(inputs: 1, outputs: problem.stateCount, width: 5, depth: 2, omega0: 3)
            let net = Siren<Double>(architecture: arch, seed: 9)
            var rho: [Double] = [], jacobian: [Double] = []
            loss.weightedResiduals(net, residuals: &rho, jacobian: &jacobian)
            let count = arch.parameterCount
            XCTAssertEqual(rho.count, 11 * problem.stateCount + loss.conditionCount)
            var gradient = [Double](repeating: 0, count: count)
            let terms = loss.evaluate(net, gradient: &gradient)
            let sum = rho.reduce(0) { $0 + $1 * $1 }
            XCTAssertEqual(sum, terms.residual + weight * terms.condition, accuracy: 1e-12 * sum)
            var worst = 0.0
            for q in 0..<count {
                func shifted(_ k: Double) -> [Double] {
                    var moved = net
                    moved.parameters[q] += k * 1e-4
                    var r: [Double] = [], j: [Double] = []
                    loss.weightedResiduals(moved, residuals: &r, jacobian: &j)
                    return r
                }
                let (p2, p1, m1, m2) = (shifted(2), shifted(1), shifted(-1), shifted(-2))
                for row in rho.indices {
                    let estimate = (8 * (p1[row] - m1[row]) - (p2[row] - m2[row])) / (12 * 1e-4)
                    worst = max(worst, abs(jacobian[row * count + q] - estimate) / max(1, abs(estimate)))
                }
            }
            XCTAssertLessThan(worst, 1e-7)
        }
    }

    /// The trajectory is the network's value, and for order 2 its time derivative, at the scaled times.
    func testTrajectoryUsesTheScaledTime() throws {
        let problem = try BoundODEProblem(
            ODEProblemFile.decode(
                #"""
                {"kind": "ode", "states": ["u"], "order": 2, "rhs": ["-u"], "initial": [0, 1], "span": [2, 6]}
                """#))
        let loss = TimePINNLoss(problem: problem, collocationPoints: 4, conditionWeight: 1)
        let net = Siren<Double>(
            architecture: SirenArchitecture(inputs: 1, outputs: 1, width: 5, depth: 2, omega0: 2),
            seed: 1)
        let t = 3.3, h = 1e-5
        let rows = loss.trajectory(net, at: [t - h, t, t + h])
        // t = 3.3 on [2, 6]: τ = 2(3.3 − 2)/4 − 1 = −0.35.
        XCTAssertEqual(rows[1][0], net(Matrix(rows: 1, cols: 1, storage: [-0.35]))[0, 0], accuracy: 1e-14)
        XCTAssertEqual(rows[1][1], (rows[2][0] - rows[0][0]) / (2 * h), accuracy: 1e-7)
        XCTAssertEqual(loss.timeScale, 0.5)
    }
}
