import Foundation
import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining
import XCTest

/// The Neural ODE as an objective of the one training loop: its deterministic loss (the whole
/// training series) against central differences, and an L-BFGS phase after Adam on it.
final class NeuralODEObjectiveTests: XCTestCase {
    /// 21 observations of u = e^{−t/2}, v = 2(e^{−t/2} − e^{−t}) on [0, 2].
    func decay() throws -> ObservationTable {
        let times = (1...20).map { Double($0) / 10 }
        return try ObservationTable(
            stateNames: ["u", "v"], times: times,
            states: times.map { [exp(-$0 / 2), 2 * (exp(-$0 / 2) - exp(-$0))] })
    }

    func objective(batchTime: Int = 0) throws -> NeuralODEObjective {
        let network = MLP(stateDimension: 2, width: 6, depth: 1, activation: .tanh, seed: 3)
        let model = NeuralODE(
            network: network, options: AdaptiveOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12))
        return NeuralODEObjective(
            model: model, data: try decay(), startTime: 0, initialState: [1, 0],
            batchTime: batchTime, batchSize: 4, gradient: .backpropagation)
    }

    func testWholeSeriesGradientMatchesCentralDifferences() throws {
        var objective = try self.objective(batchTime: 5)
        let state = TrainingState<Double, ODETrainingRecord>(
            parameters: objective.parameters,
            adam: Adam(parameterCount: objective.parameters.count))
        let x = objective.parameters
        var gradient = [Double](repeating: 0, count: x.count), scratch = gradient
        let loss = objective.loss(at: x, gradient: &gradient, frozenAt: state)
        XCTAssertTrue(loss.isFinite && loss > 0)
        let h = 1e-6
        for i in stride(from: 0, to: x.count, by: 3) {
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let difference =
                (objective.loss(at: plus, gradient: &scratch, frozenAt: state)
                    - objective.loss(at: minus, gradient: &scratch, frozenAt: state)) / (2 * h)
            XCTAssertEqual(gradient[i], difference, accuracy: 1e-6 * max(1, abs(difference)), "parameter \(i)")
        }
    }

    func testLBFGSAfterAdamKeepsLoweringTheWholeSeriesFit() throws {
        var objective = try self.objective(batchTime: 5)
        var state = TrainingState<Double, ODETrainingRecord>(
            parameters: objective.parameters,
            adam: Adam(parameterCount: objective.parameters.count, schedule: .constant(rate: 1e-2)),
            random: SeededGenerator(seed: 7))
        let loop = TrainingLoop(phases: [AdamPhase(steps: 30), LBFGSPhase(iterations: 25)])
        let outcome = try loop.run(&state, objective: &objective, control: TrainingControl())
        XCTAssertEqual(outcome, .completed)
        XCTAssertEqual(state.phase, .finished)
        let adam = state.history.filter { $0.phase == .adam }, lbfgs = state.history.filter { $0.phase == .lbfgs }
        XCTAssertEqual(adam.map(\.step), Array(0..<30))
        XCTAssertFalse(lbfgs.isEmpty)
        XCTAssertEqual(lbfgs.map(\.step), Array(30..<(30 + lbfgs.count)), "records are numbered on from Adam's")
        // Each accepted L-BFGS step satisfies the sufficient-decrease condition on the whole series.
        for (a, b) in zip(lbfgs, lbfgs.dropFirst()) { XCTAssertLessThan(b.loss, a.loss) }
        // The parameters left in the objective and the state are the last accepted point's.
        var gradient = [Double](repeating: 0, count: state.parameters.count)
        XCTAssertEqual(objective.parameters, state.parameters)
        XCTAssertEqual(objective.loss(at: state.parameters, gradient: &gradient, frozenAt: state), lbfgs.last?.loss)
    }
}
