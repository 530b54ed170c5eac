import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// A training run interrupted at a step boundary and continued from the saved state takes exactly the
/// steps of an uninterrupted run (same losses and parameters to the bit), in both phases, with
/// resampling and adaptive loss weighting; non-finite values roll back and lower the learning rate.
final class TrainingResumeTests: XCTestCase {
    /// −u'' = π² sin(πx) on [−1, 1], u(±1) = 0, with `n` interior points shifted by `round`.
    private func poisson1D(round: Int = 0, n: Int = 64) -> PDELoss<Double> {
        Poisson1DLoss.resampled(round: round, n: n)
    }

    private let trainer = PINNTrainer<Double>(
        adamSteps: 60, schedule: .cosine(rate: 3e-3, floor: 1e-4, steps: 60),
        lbfgsIterations: 25, weighting: .annealing(initial: 1, alpha: 0.2, every: 7),
        resampleEvery: 20)
    private func network() -> Siren<Double> {
        Siren<Double>(architecture: SirenArchitecture(inputs: 1, width: 12, depth: 2, omega0: 3), seed: 9)
    }

    /// Runs from `state` with `control`, resampling through `poisson1D(round:)`.
    private func run(
        _ state: inout TrainingState<Double, TrainingRecord>,
        control: TrainingControl<Double, TrainingRecord>
    ) throws -> (TrainingOutcome, Siren<Double>) {
        var net = network()
        var loss = poisson1D()
        let outcome = try trainer.run(
            &state, network: &net, loss: &loss, resample: { self.poisson1D(round: $0 / 20) },
            control: control)
        return (outcome, net)
    }

    func testResumingAfterAnInterruptionReproducesTheUninterruptedRunBitForBit() throws {
        var reference = trainer.initialState(for: network())
        let (outcome, referenceNet) = try run(&reference, control: TrainingControl())
        XCTAssertEqual(outcome, .completed)
        XCTAssertEqual(reference.phase, .finished)
        XCTAssertEqual(reference.history.count, 85)

        // Interrupt before step k (Adam, at a resampling step, L-BFGS), keep the saved state, resume.
        for k in [1, 20, 33, 60, 61, 72] {
            var state = trainer.initialState(for: network())
            var saved: TrainingState<Double, TrainingRecord>?
            var taken = 0 // steps taken, counted by the progress callback
            let control = TrainingControl<Double, TrainingRecord>(
                saveCheckpoint: { saved = $0 }, interruption: { taken >= k ? SIGTERM : nil })
            var net = network()
            var loss = poisson1D()
            let first = try trainer.run(
                &state, network: &net, loss: &loss, resample: { self.poisson1D(round: $0 / 20) },
                control: control,
                progress: { _ in
                    taken += 1; return true
                })
            XCTAssertEqual(first, .interrupted(signal: SIGTERM), "k = \(k)")
            var resumed = try XCTUnwrap(saved, "no checkpoint saved at k = \(k)")
            XCTAssertEqual(resumed.history.count, k)
            XCTAssertEqual(resumed, state, "the saved state is the state the run returned (k = \(k))")
            let (second, net2) = try run(&resumed, control: TrainingControl())
            XCTAssertEqual(second, .completed)
            XCTAssertEqual(resumed.history.map(\.total), reference.history.map(\.total), "k = \(k)")
            XCTAssertEqual(resumed.history, reference.history, "k = \(k)")
            XCTAssertEqual(net2.parameters, referenceNet.parameters, "k = \(k)")
        }
    }

    func testPeriodicCheckpointsAreTakenEveryNSteps() throws {
        var state = trainer.initialState(for: network())
        var savedCounts: [Int] = []
        let control = TrainingControl<Double, TrainingRecord>(
            checkpointEvery: 25, saveCheckpoint: { savedCounts.append($0.history.count) })
        _ = try run(&state, control: control)
        XCTAssertEqual(savedCounts, [25, 50, 75])
    }

    func testAnAbsurdLearningRateStopsEarlyAtTheLastGoodState() throws {
        let wild = PINNTrainer<Double>(
            adamSteps: 50, schedule: .constant(rate: 1e30), lbfgsIterations: 5, weighting: .fixed(1))
        var net = network()
        var loss = poisson1D()
        var state = wild.initialState(for: net)
        var notes: [String] = []
        let outcome = try wild.run(
            &state, network: &net, loss: &loss,
            control: TrainingControl(note: { notes.append($0) }))
        guard case .stoppedEarly(let reason) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertTrue(reason.contains("after 5 recoveries"), reason)
        XCTAssertEqual(state.recoveries, 5)
        XCTAssertEqual(notes.count, 6, notes.joined(separator: "\n"))
        // The state is the last good one: its loss is finite and its history ends before the failure.
        XCTAssertTrue(state.parameters.allSatisfy(\.isFinite))
        XCTAssertEqual(net.parameters, state.parameters)
        XCTAssertEqual(state.history.count, state.step)
        XCTAssertTrue(loss.evaluate(net).residual.isFinite)
        // Each rollback halved the rate the next step uses.
        XCTAssertEqual(state.adam.schedule, .constant(rate: 1e30 / 32))
    }

    func testARollbackHalvesTheRateAndTrainingGoesOn() throws {
        // Adam's first step moves every weight by about the learning rate, so beyond some rate the
        // loss overflows a step or two later. Find the smallest power of ten that fails without
        // recovery (the one below it does not); halving from the anchor (step 0) then recovers.
        func train(rate: Double, recovery: RecoveryPolicy) throws -> (
            TrainingOutcome, TrainingState<Double, TrainingRecord>, [String]
        ) {
            let wild = PINNTrainer<Double>(
                adamSteps: 40, schedule: .constant(rate: rate), lbfgsIterations: 0, weighting: .fixed(1))
            var net = network()
            var loss = poisson1D()
            var state = wild.initialState(for: net)
            var notes: [String] = []
            let outcome = try wild.run(
                &state, network: &net, loss: &loss,
                control: TrainingControl(recovery: recovery, note: { notes.append($0) }))
            return (outcome, state, notes)
        }
        // The divergence rule is off: this is about values that overflow (`DivergenceTests` has the rest).
        let off = RecoveryPolicy(maxRecoveries: 0, divergence: .off)
        var exponent = 10
        while exponent < 300, try train(rate: Double.pow(10, Double(exponent)), recovery: off).0 == .completed {
            exponent += 1
        }
        let rate = Double.pow(10, Double(exponent))
        guard case .stoppedEarly = try train(rate: rate, recovery: off).0 else { return XCTFail("no rate overflowed") }
        XCTAssertEqual(try train(rate: rate / 10, recovery: off).0, .completed)

        let (outcome, state, notes) = try train(rate: rate, recovery: RecoveryPolicy(divergence: .off))
        XCTAssertEqual(outcome, .completed, "rate \(rate): " + notes.joined(separator: "\n"))
        XCTAssertGreaterThan(state.recoveries, 0)
        XCTAssertLessThanOrEqual(state.recoveries, 5)
        XCTAssertEqual(state.history.count, 40)
        XCTAssertTrue(state.history.allSatisfy { $0.total.isFinite })
        XCTAssertEqual(state.history.last?.learningRate, rate * Double.pow(0.5, Double(state.recoveries)))
        XCTAssertEqual(notes.count, state.recoveries)
    }

    func testLBFGSContinuedFromACopiedStateMatchesAnUninterruptedRun() {
        // Rosenbrock in 4-D.
        func rosenbrock(_ x: [Double], _ g: inout [Double]) -> Double {
            var f = 0.0
            for i in g.indices { g[i] = 0 }
            for i in 0..<(x.count - 1) {
                let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                f += 100 * a * a + b * b
                g[i] += -400 * x[i] * a - 2 * b
                g[i + 1] += 200 * a
            }
            return f
        }
        let optimizer = LBFGS<Double>()
        var straight = optimizer.start(at: [-1.2, 1, -0.5, 0.8], objective: rosenbrock)
        for _ in 0..<30 { _ = optimizer.iterate(&straight, objective: rosenbrock) }
        var first = optimizer.start(at: [-1.2, 1, -0.5, 0.8], objective: rosenbrock)
        for _ in 0..<12 { _ = optimizer.iterate(&first, objective: rosenbrock) }
        var second = first // the checkpoint
        for _ in 12..<30 { _ = optimizer.iterate(&second, objective: rosenbrock) }
        XCTAssertEqual(second, straight)
        var x = [-1.2, 1, -0.5, 0.8]
        let result = optimizer.minimize(&x, maxIterations: 30, objective: rosenbrock)
        XCTAssertEqual(x, straight.x, "minimize is the same iteration")
        XCTAssertEqual(result.value, straight.value)
    }
}
