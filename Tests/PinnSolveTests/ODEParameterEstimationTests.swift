import Foundation
import PinnBinding
import PinnODE
import PinnProblems
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// ODE parameter estimation (a parameterEstimation model, no network): the Jacobian of the residuals
/// with respect to the unknowns (forward sensitivities) and the loss gradient in the trainables against
/// central differences, the Lotka–Volterra rates from noisy observations within two standard errors,
/// and the warning for unknowns the data cannot separate.
final class ODEParameterEstimationTests: XCTestCase {
    let lotkaVolterra = #"""
        {"kind": "ode", "states": ["x", "y"],
         "parameters": {"a": {"unknown": 1.2, "positive": true, "true": 1.5}, "b": {"unknown": 0.8, "true": 1},
                        "c": {"unknown": 2.5, "bounds": [1, 5], "true": 3}, "d": 1},
         "rhs": {"x": "a*x - b*x*y", "y": "-c*y + d*x*y"}, "initial": {"x": 1, "y": 1}, "span": [0, 4],
         "observations": {"generate": {"count": 21, "noise": 0.05, "seed": 3}},
         "solver": SOLVER}
        """#

    func problem(_ solver: String) throws -> (ODEPipeline, ODEParameterFitObjective) {
        let file = try ODEProblemFile.decode(lotkaVolterra.replacingOccurrences(of: "SOLVER", with: solver))
        let pipeline = ODEPipeline(problem: try BoundODEProblem(file))
        let initial = try XCTUnwrap(file.initialStates)
        let data = try pipeline.problem.observations(initialStates: initial)
        return (pipeline, try pipeline.parameterFit(on: data, initialStates: initial))
    }

    /// ∂ρ/∂p from the sensitivities against central differences of ρ, ≤ 1e-6 relative (per column, in
    /// the max norm), with adaptive Dormand–Prince, Radau IIA (the stiff path) and fixed-step RK4.
    func testResidualJacobianMatchesCentralDifferences() throws {
        for solver in [
            #"{"method": "dopri5", "rtol": 1e-12, "atol": 1e-14}"#,
            #"{"method": "radau5", "rtol": 1e-11, "atol": 1e-13}"#,
            #"{"method": "rk4", "step": 0.01}"#
        ] {
            var (_, objective) = try problem(solver)
            let p = [1.3, 0.9, 2.7]
            let (residuals, jacobian) = try objective.residualsAndSensitivities(at: p)
            let m = p.count, rows = residuals.count
            XCTAssertEqual(rows, 42)
            for k in 0..<m {
                let h = 1e-5 * p[k]
                var plus = p, minus = p
                plus[k] += h
                minus[k] -= h
                let up = try objective.residualsAndSensitivities(at: plus).residuals
                let down = try objective.residualsAndSensitivities(at: minus).residuals
                var worst = 0.0, size = 0.0
                for r in 0..<rows {
                    let difference = (up[r] - down[r]) / (2 * h)
                    worst = max(worst, abs(difference - jacobian[r * m + k]))
                    size = max(size, abs(difference))
                }
                XCTAssertGreaterThan(size, 1e-3, "\(solver): column \(k) is not trivially zero")
                XCTAssertLessThanOrEqual(worst / size, 1e-6, "\(solver): column \(k)")
            }
        }
    }

    /// The loss gradient 2 Jᵀρ in the trainables q (p = φ(q): log for a, identity for b, logistic for c)
    /// against central differences of the loss.
    func testLossGradientInTrainablesMatchesCentralDifferences() throws {
        var (_, objective) = try problem(#"{"method": "dopri5", "rtol": 1e-12, "atol": 1e-14}"#)
        let state = TrainingState<Double, ODETrainingRecord>(
            parameters: objective.parameters, adam: Adam<Double>(parameterCount: 3, schedule: .constant(rate: 0)))
        let q = objective.parameters
        var gradient = [Double](repeating: 0, count: 3), scratch = gradient
        _ = objective.loss(at: q, gradient: &gradient, frozenAt: state)
        for k in 0..<3 {
            let h = 1e-5
            var plus = q, minus = q
            plus[k] += h
            minus[k] -= h
            let difference =
                (objective.loss(at: plus, gradient: &scratch, frozenAt: state)
                    - objective.loss(at: minus, gradient: &scratch, frozenAt: state)) / (2 * h)
            XCTAssertEqual(gradient[k], difference, accuracy: 1e-6 * abs(difference), "trainable \(k)")
        }
    }

    /// Problems/lotka_volterra_rates.json with default settings: each of the four rates within two
    /// standard errors of the truth (the issue's bound), the noise stated.
    func testLotkaVolterraRatesLieWithinTwoStandardErrors() throws {
        let path = TestPaths.repository.appendingPathComponent("Problems/lotka_volterra_rates.json").path
        let file = try ODEProblemFile.load(contentsOf: path)
        let result = try ODEPipeline(problem: try BoundODEProblem(file), outputCount: 101).run()
        let unknowns = try XCTUnwrap(result.unknowns)
        XCTAssertEqual(unknowns.names, ["a", "b", "c", "d"])
        for (j, name) in unknowns.names.enumerated() {
            let truth = try XCTUnwrap(unknowns.trueValues[j])
            XCTAssertLessThan(abs(unknowns.values[j] - truth), 2 * unknowns.standardErrors[j], name)
            XCTAssertLessThan(unknowns.standardErrors[j], 0.05 * truth, name)
        }
        XCTAssertTrue(unknowns.undetermined.isEmpty)
        XCTAssertEqual(unknowns.noise, 0.1)
        XCTAssertEqual(unknowns.history.first?.count, 4)
        XCTAssertLessThan(try XCTUnwrap(result.metrics["relative_l2_extrapolation"]), 2e-2)
    }

    /// x' = −a·b·x determines only the product: the information matrix is singular and the warning
    /// names both unknowns; the product itself is fitted.
    func testUnknownsEnteringAsAProductAreReportedUndetermined() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["x"],
             "parameters": {"a": {"unknown": 1, "positive": true, "true": 1},
                            "b": {"unknown": 1, "positive": true, "true": 0.5}},
             "rhs": {"x": "-a*b*x"}, "initial": {"x": 2}, "span": [0, 3],
             "observations": {"generate": {"count": 31, "noise": 0.01, "seed": 2}}}
            """#)
        XCTAssertEqual(file.model, .parameterEstimation)
        let result = try ODEPipeline(problem: try BoundODEProblem(file), outputCount: 11).run()
        let unknowns = try XCTUnwrap(result.unknowns)
        XCTAssertEqual(unknowns.undetermined, [["a", "b"]])
        XCTAssertTrue(unknowns.warning?.contains("(a, b)") ?? false, unknowns.warning ?? "no warning")
        XCTAssertEqual(unknowns.values[0] * unknowns.values[1], 0.5, accuracy: 0.01)
    }

    /// Robertson's stiff kinetics with k1 and k3 unknown, solver auto (Dormand–Prince switching to
    /// Radau IIA for the state and its sensitivities): both rates within two standard errors.
    func testStiffRobertsonRatesAreFittedThroughRadau() throws {
        let file = try ODEProblemFile.decode(
            #"""
            {"kind": "ode", "states": ["y1", "y2", "y3"],
             "parameters": {"k1": {"unknown": 0.02, "positive": true, "true": 0.04}, "k2": 3e7,
                            "k3": {"unknown": 2e4, "positive": true, "true": 1e4}},
             "rhs": {"y1": "-k1*y1 + k3*y2*y3", "y2": "k1*y1 - k2*y2^2 - k3*y2*y3", "y3": "k2*y2^2"},
             "initial": {"y1": 1, "y2": 0, "y3": 0}, "span": [0, 40],
             "solver": {"method": "auto", "rtol": 1e-6, "atol": 1e-10},
             "observations": {"generate": {"count": 41, "noise": 1e-4, "seed": 1}}}
            """#)
        let result = try ODEPipeline(problem: try BoundODEProblem(file), outputCount: 11).run()
        let unknowns = try XCTUnwrap(result.unknowns)
        for (j, truth) in [0.04, 1e4].enumerated() {
            XCTAssertLessThan(abs(unknowns.values[j] - truth), 2 * unknowns.standardErrors[j], unknowns.names[j])
            XCTAssertLessThan(unknowns.standardErrors[j], 0.01 * truth, unknowns.names[j])
        }
    }
}
