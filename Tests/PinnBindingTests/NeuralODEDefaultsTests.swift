import Foundation
import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining
import XCTest

/// The pieces of a Neural ODE's default training: rate estimates, data scales, the growing windows,
/// validation that keeps the best parameters.
final class NeuralODEDefaultsTests: XCTestCase {
    func testRateEstimatesAreExactForQuadraticsAndSecondOrderOtherwise() {
        // Uneven times: the local quadratic fit is exact for a quadratic whatever the spacing.
        let times = [0.0, 0.1, 0.25, 0.3, 0.5, 0.65, 0.7, 0.9, 1.0]
        let rows = times.map { [3 + 2 * $0 - 5 * $0 * $0, 7.0] }
        let rates = ObservedRates.estimate(times: times, values: rows)
        for (i, t) in times.enumerated() {
            XCTAssertEqual(rates[i][0], 2 - 10 * t, accuracy: 1e-11, "t = \(t)")
            XCTAssertEqual(rates[i][1], 0, accuracy: 1e-11)
        }
        // sin on a uniform grid: the largest error falls about 4× when the spacing halves.
        func worstError(_ m: Int) -> Double {
            let t = (0..<m).map { 3 * Double($0) / Double(m - 1) }
            let r = ObservedRates.estimate(times: t, values: t.map { [sin($0)] })
            return zip(t, r).map { abs($1[0] - cos($0)) }.max() ?? .infinity
        }
        let order = log2(worstError(41) / worstError(81))
        XCTAssertGreaterThan(order, 1.8)
        let h = 3.0 / 80
        XCTAssertLessThan(worstError(81), 4 * h * h, "second order with a constant below 4 (|sin‴| ≤ 1)")
    }

    func testScalesStandardiseStatesAndRates() throws {
        // y₁ = 10 + 4t, y₂ = 0.001 (constant) on t ∈ [0, 2].
        let times = (1...20).map { Double($0) / 10 }
        let table = try ObservationTable(
            stateNames: ["a", "b"], times: times, states: times.map { [10 + 4 * $0, 0.001] })
        let scales = NeuralODEScales(observations: table, startTime: 0, initialStates: [[10, 0.001]], inputPower: 1)
        let all = [0.0] + times
        let mean = all.map { 10 + 4 * $0 }.reduce(0, +) / Double(all.count)
        let spread = (all.map { (10 + 4 * $0 - mean) * (10 + 4 * $0 - mean) }.reduce(0, +) / Double(all.count))
            .squareRoot()
        XCTAssertEqual(scales.inputShift[0], mean, accuracy: 1e-12)
        XCTAssertEqual(scales.inputScale[0], spread, accuracy: 1e-12)
        XCTAssertEqual(scales.rate[0], 4, accuracy: 1e-12)
        // A constant state: spread 10⁻³ of its magnitude, rate floored at 10⁻³ spread / duration.
        XCTAssertEqual(scales.spread[1], 1e-6, accuracy: 1e-18)
        XCTAssertEqual(scales.rate[1], 1e-3 * 1e-6 / 2, accuracy: 1e-20)
        XCTAssertEqual(scales.lossWeights[0], 1 / (spread * spread), accuracy: 1e-12)
        let scaling = scales.scaling(takesTime: true)
        XCTAssertEqual(scaling.inputShift.last, 0)
        XCTAssertEqual(scaling.inputScale.last, 2)
        XCTAssertTrue(scaling.isValid(inputs: 3, outputs: 2))
    }

    func testGrowingWindowsDoubleToTheWholeSeriesAtAboutConstantCost() {
        let schedule = WindowSchedule.growing(first: 2, intervals: 144, steps: 700)
        // 1000 observations: 2, 4, …, 512, then the whole series: 10 stages of 70 steps.
        var seen: [Int] = []
        for step in stride(from: 0, to: 700, by: 70) {
            let plan = schedule.windows(at: step, observations: 1000)
            seen.append(plan?.length ?? 1000)
            if let plan { XCTAssertEqual(plan.count, max(1, 144 / (plan.length - 1)), "step \(step)") }
            XCTAssertEqual(
                schedule.windows(at: step + 69, observations: 1000)?.length ?? 1000, seen.last, "within a stage")
        }
        XCTAssertEqual(seen, [2, 4, 8, 16, 32, 64, 128, 256, 512, 1000])
        XCTAssertNil(schedule.windows(at: 699, observations: 1000), "the last stage fits the whole series")
        XCTAssertEqual(schedule.maximumCount, 144)
        XCTAssertNil(WindowSchedule.whole.windows(at: 3, observations: 10))
        XCTAssertEqual(WindowSchedule.fixed(length: 5, count: 3).windows(at: 9, observations: 10)?.count, 3)
    }

    /// 21 observations of u = e^{−t/2}, v = 2(e^{−t/2} − e^{−t}) on [0, 2].
    func decay() throws -> ObservationTable {
        let times = (1...20).map { Double($0) / 10 }
        return try ObservationTable(
            stateNames: ["u", "v"], times: times, states: times.map { [exp(-$0 / 2), 2 * (exp(-$0 / 2) - exp(-$0))] })
    }

    func testValidationKeepsTheBestParametersAndAdamEndsOnThem() throws {
        let network = MLP(stateDimension: 2, width: 6, depth: 1, activation: .tanh, seed: 3)
        let model = NeuralODE(
            network: network, options: AdaptiveOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10))
        let data = try decay()
        var objective = NeuralODEObjective(
            model: model, data: data, startTime: 0, initialState: [1, 0],
            windows: .fixed(length: 4, count: 3), gradient: .backpropagation)
        objective.validateEvery = 5
        // A learning rate far too large: the fit wanders, so the last point is not the best one.
        var state = TrainingState<Double, ODETrainingRecord>(
            parameters: objective.parameters,
            adam: Adam(parameterCount: objective.parameters.count, schedule: .constant(rate: 0.3)),
            random: SeededGenerator(seed: 1))
        let outcome = try TrainingLoop(phases: [AdamPhase(steps: 30)]).run(
            &state, objective: &objective,
            control: TrainingControl(recovery: RecoveryPolicy(maxRecoveries: 0, divergence: .off)))
        XCTAssertEqual(outcome, .completed)
        let validated = state.history.filter { $0.validation != nil }
        XCTAssertEqual(validated.map(\.step), [0, 5, 10, 15, 20, 25])
        let best = try XCTUnwrap(state.best)
        XCTAssertLessThanOrEqual(best.loss, try XCTUnwrap(validated.compactMap(\.validation).min()))
        // Adam ended on the best parameters (validated once more after its last step), and their
        // whole-series loss is the best seen.
        XCTAssertEqual(state.parameters, best.parameters)
        var check = model
        check.network.parameters = state.parameters
        let series = ObservedTrajectory(startTime: 0, initialState: [1, 0], times: data.times, values: data.states)
        XCTAssertEqual(try check.loss(for: series), best.loss)

        // A better point validated earlier wins over the final one; without validation nothing changes.
        let final = objective.parameters
        state.best = BestParameters(parameters: model.network.parameters, loss: 0, step: 0)
        objective.endOfStochasticPhase(&state)
        XCTAssertEqual(objective.parameters, model.network.parameters)
        XCTAssertNotEqual(objective.parameters, final)
        objective.validateEvery = 0
        objective.parameters = final
        objective.endOfStochasticPhase(&state)
        XCTAssertEqual(objective.parameters, final)
    }

    func testDerivativeMatchingStartsNearOneAndFallsFast() throws {
        let network = MLP(stateDimension: 2, width: 8, depth: 1, activation: .tanh, seed: 3)
        var model = NeuralODE(
            network: network, options: AdaptiveOptions(relativeTolerance: 1e-8, absoluteTolerance: 1e-10))
        model.network.scaleOutputLayer(by: 0) // f = 0: the loss is exactly 1 by construction
        var objective = NeuralODEObjective(
            model: model, data: try decay(), startTime: 0, initialState: [1, 0], windows: .whole,
            gradient: .backpropagation)
        objective.derivativeSteps = 200
        var state = TrainingState<Double, ODETrainingRecord>(
            parameters: objective.parameters,
            adam: Adam(parameterCount: objective.parameters.count, schedule: .constant(rate: 1e-2)))
        _ = try TrainingLoop(phases: [AdamPhase(steps: 200)]).run(
            &state, objective: &objective, control: TrainingControl())
        XCTAssertEqual(state.history.first?.loss ?? .nan, 1, accuracy: 1e-12)
        XCTAssertEqual(state.history.map(\.windowLength), [Int](repeating: 0, count: 200))
        XCTAssertLessThan(state.history.last?.loss ?? .infinity, 1e-2)
    }
}
