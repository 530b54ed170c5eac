import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// A loss that blows up and stays finite is caught like a non-finite one (`DivergenceRule`): the rule
/// fires just above its factor and not at it, only within its window; an absurd learning rate rolls
/// back and stops early at a readable state; a healthy noisy run never triggers it.
final class DivergenceTests: XCTestCase {
    private let rule = DivergenceRule(factor: 1e4, window: 100)

    func testTheRuleFiresJustAboveTheFactorTimesTheWindowsSmallestLoss() throws {
        let losses = [1.0, 0.5, 0.2, 0.3]
        let threshold = 1e4 * 0.2
        XCTAssertNil(rule.check(threshold, after: losses), "at the threshold")
        let divergence = try XCTUnwrap(rule.check(threshold.nextUp, after: losses), "just above it")
        XCTAssertEqual(
            divergence,
            DivergenceRule.Divergence(step: 4, loss: threshold.nextUp, referenceStep: 2, reference: 0.2))
        XCTAssertEqual(divergence.description, "loss grew from 2.0e-01 to 2.0e+03 within 2 steps (Adam steps 2 to 4)")
    }

    func testTheRuleLooksOnlyWithinItsWindow() {
        // The smallest loss, 1e-3, is 101 steps back: outside a window of 100, inside one of 101.
        let losses = [1e-3] + [Double](repeating: 1, count: 100)
        XCTAssertNil(rule.check(5e3, after: losses))
        XCTAssertEqual(DivergenceRule(factor: 1e4, window: 101).check(5e3, after: losses)?.referenceStep, 0)
        // Ties go to the newest step (the closest state to roll back to).
        XCTAssertEqual(rule.check(1e5, after: [1, 1, 1])?.referenceStep, 2)
    }

    func testTheRuleNeverFiresAtTheFirstStepFromZeroOrWhenOff() {
        XCTAssertNil(rule.check(1e300, after: [Double]()))
        XCTAssertNil(rule.check(1, after: [0.0, 0.0]))
        XCTAssertNil(DivergenceRule.off.check(1e300, after: [1e-300]))
    }

    // MARK: - Training runs

    /// −u'' = π² sin(πx) on [−1, 1], u(±1) = 0, at `n` points (shifted by `round` for resampling).
    private func poisson1D(round: Int = 0, n: Int = 64) -> PDELoss<Double> {
        Poisson1DLoss.resampled(round: round, n: n)
    }

    private func network() -> Siren<Double> {
        Siren<Double>(architecture: SirenArchitecture(inputs: 1, width: 12, depth: 2, omega0: 3), seed: 9)
    }

    private struct Run {
        var outcome: TrainingOutcome
        var state: TrainingState<Double, TrainingRecord>
        var network: Siren<Double>
        var notes: [String]
    }

    private func train(
        _ trainer: PINNTrainer<Double>, recovery: RecoveryPolicy = RecoveryPolicy(), points: Int = 64
    ) throws -> Run {
        var net = network()
        var loss = poisson1D(n: points)
        var state = trainer.initialState(for: net)
        var notes: [String] = []
        let outcome = try trainer.run(
            &state, network: &net, loss: &loss, resample: { self.poisson1D(round: $0, n: points) },
            control: TrainingControl(recovery: recovery, note: { notes.append($0) }))
        return Run(outcome: outcome, state: state, network: net, notes: notes)
    }

    /// The largest ratio L_n / min(L_{n−W}, …, L_{n−1}) over a history of Adam steps.
    private func largestRatio(_ history: [TrainingRecord], window: Int = 100) -> Double {
        let losses = history.map(\.monitoredLoss)
        return losses.indices.dropFirst().map { n in
            losses[n] / losses[max(0, n - window)..<n].min()!
        }.max() ?? 0
    }

    func testAnAbsurdRateBlowsUpFinitelyAndStopsEarlyAtTheStateBeforeIt() throws {
        let wild = PINNTrainer<Double>(
            adamSteps: 300, schedule: .constant(rate: 1e25), lbfgsIterations: 0, weighting: .fixed(1))
        // Without the rule the loss grows by hundreds of orders of magnitude and stays finite: the
        // non-finite guard alone lets the run complete.
        let unguarded = try train(wild, recovery: RecoveryPolicy(divergence: .off))
        XCTAssertEqual(unguarded.outcome, .completed)
        XCTAssertEqual(unguarded.state.history.count, 300)
        XCTAssertTrue(unguarded.state.history.allSatisfy { $0.total.isFinite })
        XCTAssertGreaterThan(largestRatio(unguarded.state.history), 1e100)

        let guarded = try train(wild)
        guard case .stoppedEarly(let reason) = guarded.outcome else { return XCTFail("\(guarded.outcome)") }
        XCTAssertTrue(reason.hasPrefix("loss grew from"), reason)
        XCTAssertTrue(reason.hasSuffix("after 5 recoveries; stopped at the last good state (Adam step 0)"), reason)
        XCTAssertEqual(guarded.state.recoveries, 5)
        XCTAssertEqual(guarded.notes.count, 6, guarded.notes.joined(separator: "\n"))
        XCTAssertTrue(guarded.notes[0].contains(": rolled back to Adam step 0, learning rate × 0.5"), guarded.notes[0])
        // The last good state is the one before the blow-up (here the initial network), readable and
        // finite, with its history ending before the failure.
        XCTAssertEqual(guarded.state.step, 0)
        XCTAssertEqual(guarded.state.history.count, 0)
        XCTAssertEqual(guarded.network.parameters, network().parameters)
        XCTAssertEqual(guarded.network.parameters, guarded.state.parameters)
        XCTAssertTrue(poisson1D().evaluate(guarded.network).residual.isFinite)
        XCTAssertEqual(guarded.state.adam.schedule, .constant(rate: 1e25 / 32))
    }

    func testARateThatDivergesRecoversAfterBackingOff() throws {
        // A rate a few halvings too large: the loss grows by more than 10⁴ within the window, the run
        // rolls back to an anchor at or before the smallest loss and goes on at a lower rate.
        let hot = PINNTrainer<Double>(
            adamSteps: 300, schedule: .constant(rate: 2), lbfgsIterations: 0, weighting: .fixed(1))
        let run = try train(hot)
        XCTAssertEqual(run.outcome, .completed, run.notes.joined(separator: "\n"))
        XCTAssertGreaterThan(run.state.recoveries, 0)
        XCTAssertEqual(run.notes.count, run.state.recoveries)
        XCTAssertTrue(run.notes.allSatisfy { $0.hasPrefix("loss grew from") }, run.notes.joined(separator: "\n"))
        XCTAssertEqual(run.state.history.count, 300)
        XCTAssertLessThanOrEqual(largestRatio(run.state.history), 1e4)
        XCTAssertEqual(run.state.history.last?.learningRate, 2 * Double.pow(0.5, Double(run.state.recoveries)))
    }

    func testAHealthyNoisyRunNeverTriggersTheRule() throws {
        // 16 collocation points redrawn every step, an adaptive λ: a noisy loss, far from diverging.
        let noisy = PINNTrainer<Double>(
            adamSteps: 400, schedule: .constant(rate: 5e-3), lbfgsIterations: 0,
            weighting: .gradientNormBalance(initial: 1, alpha: 0.1, every: 10), resampleEvery: 1)
        let run = try train(noisy, points: 16)
        XCTAssertEqual(run.outcome, .completed)
        XCTAssertEqual(run.notes, [])
        XCTAssertEqual(run.state.recoveries, 0)
        let ratio = largestRatio(run.state.history)
        XCTAssertGreaterThan(ratio, 1, "the loss went up at some step (the run is noisy)")
        XCTAssertLessThan(ratio, 1e2, "the noise stays two orders of magnitude below the factor")
        // The same run with the rule off takes the same steps.
        let unguarded = try train(noisy, recovery: RecoveryPolicy(divergence: .off), points: 16)
        XCTAssertEqual(unguarded.state.history, run.state.history)
    }

    /// A loss that grows because the objective changed regime (a Neural ODE's windows doubled) is
    /// compared only with the steps of its own regime, and the steps named stay the history's.
    func testALossIsComparedOnlyWithTheStepsOfItsRegime() throws {
        let history =
            (0..<50).map { ODETrainingRecord(phase: .adam, step: $0, loss: 1e-6, learningRate: 0, windowLength: 2) }
            + (50..<60).map { ODETrainingRecord(phase: .adam, step: $0, loss: 1e-1, learningRate: 0, windowLength: 4) }
        let grown = ODETrainingRecord(phase: .adam, step: 60, loss: 0.5, learningRate: 0, windowLength: 4)
        XCTAssertNil(AdamPhase.divergence(of: grown, after: history, rule: rule), "10⁵ × the smaller regime's losses")
        XCTAssertNotNil(rule.check(grown.loss, after: history.map(\.loss)), "the rule alone would fire")
        let blownUp = ODETrainingRecord(phase: .adam, step: 60, loss: 1e4, learningRate: 0, windowLength: 4)
        let divergence = try XCTUnwrap(AdamPhase.divergence(of: blownUp, after: history, rule: rule))
        XCTAssertEqual(divergence.step, 60)
        XCTAssertEqual(divergence.referenceStep, 59)
        XCTAssertEqual(divergence.reference, 1e-1)
    }
}
