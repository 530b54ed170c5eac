import Foundation
import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining
import XCTest

@testable import PinnBinding

/// The Neural ODE objective over several trajectories with missing values: the whole-series loss is
/// the mean over every observed value, its gradient agrees with central differences, its
/// Gauss–Newton residuals have that loss as their sum of squares, and windows start only at complete
/// states inside one trajectory.
final class NeuralODETrajectoriesTests: XCTestCase {
    /// u' = −u/2, v' = u − v from (1, 0) and from (0.5, 1), at irregular times, with missing values.
    func observations() throws -> ObservationTable {
        func exact(_ t: Double, _ u0: Double, _ v0: Double) -> [Double] {
            // v = 2u₀(e^{−t/2} − e^{−t}) + v₀ e^{−t}.
            [u0 * exp(-t / 2), 2 * u0 * (exp(-t / 2) - exp(-t)) + v0 * exp(-t)]
        }
        let first = [0.1, 0.25, 0.7, 0.9, 1.3, 1.6, 2.0], second = [0.2, 0.5, 0.55, 1.1, 1.8]
        var states = first.map { exact($0, 1, 0) } + second.map { exact($0, 0.5, 1) }
        states[1][0] = .nan
        states[4][1] = .nan
        states[8][0] = .nan
        return try ObservationTable(
            stateNames: ["u", "v"], times: first + second, states: states,
            trajectories: first.map { _ in 0 } + second.map { _ in 1 }, trajectoryCount: 2)
    }

    func objective(windows: WindowSchedule = .whole) throws -> NeuralODEObjective {
        let network = MLP(stateDimension: 2, width: 6, depth: 1, activation: .tanh, seed: 5)
        let model = NeuralODE(
            network: network, options: AdaptiveOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        return NeuralODEObjective(
            model: model, data: try observations(), startTime: 0, initialStates: [[1, 0], [0.5, 1]],
            windows: windows, gradient: .backpropagation)
    }

    func frozen(_ objective: NeuralODEObjective) -> TrainingState<Double, ODETrainingRecord> {
        TrainingState(parameters: objective.parameters, adam: Adam(parameterCount: objective.parameters.count))
    }

    func testWholeSeriesLossIsTheMeanOverEveryObservedValue() throws {
        var objective = try self.objective()
        let data = try observations()
        var gradient = [Double](repeating: 0, count: objective.parameters.count)
        let loss = objective.loss(at: objective.parameters, gradient: &gradient, frozenAt: frozen(objective))
        // By hand: each trajectory's prediction from its initial state, squared errors over the
        // observed values, divided by the number of observation times M = 12.
        var sum = 0.0
        for (k, start) in [[1.0, 0], [0.5, 1]].enumerated() {
            let part = data.trajectory(k)
            let predicted = try objective.model.trajectory(from: start, startTime: 0, at: part.times)
            for (z, y) in zip(predicted, part.states) {
                for j in 0..<2 where !y[j].isNaN { sum += (z[j] - y[j]) * (z[j] - y[j]) }
            }
        }
        XCTAssertEqual(loss, sum / 12, accuracy: 1e-9 * loss)
        XCTAssertTrue(loss.isFinite && loss > 0)
    }

    func testWholeSeriesGradientMatchesCentralDifferences() throws {
        var objective = try self.objective()
        let state = frozen(objective)
        let x = objective.parameters
        var gradient = [Double](repeating: 0, count: x.count), scratch = gradient
        _ = objective.loss(at: x, gradient: &gradient, frozenAt: state)
        let h = 1e-6
        var worst = 0.0
        for i in x.indices {
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let d =
                (objective.loss(at: plus, gradient: &scratch, frozenAt: state)
                    - objective.loss(at: minus, gradient: &scratch, frozenAt: state)) / (2 * h)
            worst = max(worst, abs(d - gradient[i]) / max(abs(d), 1e-3 * (gradient.map(abs).max() ?? 1)))
        }
        XCTAssertLessThan(worst, 1e-6)
    }

    func testGaussNewtonResidualsSumToTheLossAndTheirJacobianToItsGradient() throws {
        var objective = try self.objective()
        let state = frozen(objective)
        let x = objective.parameters, p = x.count
        var gradient = [Double](repeating: 0, count: p)
        let loss = objective.loss(at: x, gradient: &gradient, frozenAt: state)
        var residuals: [Double] = [], jacobian: [Double] = []
        XCTAssertTrue(objective.leastSquares(at: x, residuals: &residuals, jacobian: &jacobian, frozenAt: state))
        XCTAssertEqual(residuals.count, 12 * 2)
        XCTAssertEqual(jacobian.count, 12 * 2 * p)
        XCTAssertEqual(residuals.map { $0 * $0 }.reduce(0, +), loss, accuracy: 1e-9 * loss)
        // ∇L = 2 Jᵀρ.
        for q in 0..<p {
            var g = 0.0
            for r in residuals.indices { g += 2 * jacobian[r * p + q] * residuals[r] }
            XCTAssertEqual(g, gradient[q], accuracy: 1e-6 * max(abs(gradient[q]), 1e-3 * loss))
        }
        XCTAssertEqual(objective.sumOfSquares(at: x, frozenAt: state) ?? .nan, loss, accuracy: 1e-12 * loss)
    }

    func testWindowsStartAtCompleteStatesInsideOneTrajectory() throws {
        var objective = try self.objective(windows: .fixed(length: 3, count: 4))
        // Trajectory 0 has rows 0…6 (row 1 and 4 incomplete), trajectory 1 rows 7…11 (row 8
        // incomplete): a window of 3 starts at 0, 2, 3 (not 5, 6: too close to the end) and at 7, 9.
        XCTAssertEqual(objective.windowStarts(length: 3), [0, 2, 3, 7, 9])
        XCTAssertEqual(objective.windowStarts(length: 6), [0])
        XCTAssertEqual(objective.windowStarts(length: 8), [])
        var state = frozen(objective)
        state.random = SeededGenerator(seed: 1)
        guard case .finite = objective.evaluateStep(&state) else { return XCTFail("the step failed") }
    }
}
