import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

/// The Gauss–Newton phase on the one training loop, after Adam, on a 1-D Poisson problem.
final class GaussNewtonPhaseTests: XCTestCase {
    /// −u'' = π² sin(πx) on [−1, 1], u(±1) = 0; exact u = sin(πx).
    private func poisson1D() -> PDELoss<Double> {
        let n = 64
        let xs = (0..<n).map { -1 + 2 * (Double($0) + 0.5) / Double(n) }
        let interior = InteriorBatch(
            points: Matrix(rows: 1, cols: n, storage: xs),
            source: xs.map { Double.pi * Double.pi * Double.sin(Double.pi * $0) }, laplacianCoefficient: -1)
        let boundary = BoundaryBatch<Double>(
            points: Matrix(rows: 1, cols: 2, storage: [-1, 1]), normals: Matrix(rows: 1, cols: 2, storage: [-1, 1]),
            alpha: [1, 1], beta: [0, 0], value: [0, 0])
        return PDELoss(interior: interior, boundary: boundary)
    }

    private func trainer(gaussNewton: Int) -> PINNTrainer<Double> {
        var trainer = PINNTrainer<Double>(
            adamSteps: 60, schedule: .constant(rate: 5e-3), lbfgsIterations: 0, weighting: .fixed(10))
        trainer.gaussNewtonIterations = gaussNewton
        return trainer
    }

    private func network() -> Siren<Double> {
        Siren(architecture: SirenArchitecture(inputs: 1, width: 12, depth: 2, omega0: 3), seed: 4)
    }

    func testEveryTakenStepLowersTheLossAndTheRunEndsFarBelowAdam() throws {
        var net = network(), loss = poisson1D()
        let history = trainer(gaussNewton: 25).train(&net, loss: &loss)
        let adam = history.filter { $0.phase == .adam }, steps = history.filter { $0.phase == .gaussNewton }
        XCTAssertEqual(adam.count, 60)
        XCTAssertFalse(steps.isEmpty)
        XCTAssertEqual(steps.map(\.step), Array(60..<(60 + steps.count)))
        // A step is taken only when it lowers ‖ρ‖² = L_r + λ·L_b.
        var previous = try XCTUnwrap(adam.last).total
        for record in steps {
            XCTAssertLessThan(record.total, previous, "step \(record.step)")
            previous = record.total
        }
        XCTAssertLessThan(previous, try XCTUnwrap(adam.last).total / 100)
        // The network holds the last taken step's parameters: its loss is the last record's.
        var gr = [Double](repeating: 0, count: net.parameters.count), gb = gr
        let terms = loss.evaluate(net, residualGradient: &gr, boundaryGradient: &gb)
        XCTAssertEqual(terms.residual + 10 * terms.boundary, previous, accuracy: 1e-12 * previous)
    }

    /// A run stopped after a Gauss–Newton step and continued from its state takes exactly the steps
    /// of the uninterrupted run (the damping and the iteration count are part of the state).
    func testAStateSavedInTheGaussNewtonPhaseContinuesToTheSameBits() throws {
        let trainer = trainer(gaussNewton: 20)
        var straightNet = network(), straightLoss = poisson1D()
        var straight = trainer.initialState(for: straightNet)
        _ = try trainer.run(&straight, network: &straightNet, loss: &straightLoss, control: TrainingControl())

        var net = network(), loss = poisson1D()
        var state = trainer.initialState(for: net)
        let stop = try trainer.run(&state, network: &net, loss: &loss, control: TrainingControl()) { record in
            !(record.phase == .gaussNewton && record.step == 64)
        }
        XCTAssertEqual(stop, .stoppedByCallback)
        XCTAssertEqual(state.phase, .gaussNewton)
        XCTAssertNotNil(state.gaussNewton)
        var resumedNet = network(), resumedLoss = poisson1D()
        let outcome = try trainer.run(&state, network: &resumedNet, loss: &resumedLoss, control: TrainingControl())
        XCTAssertEqual(outcome, .completed)
        XCTAssertEqual(state.history, straight.history)
        XCTAssertEqual(state.parameters, straight.parameters)
        XCTAssertEqual(resumedNet.parameters, straightNet.parameters)
    }
}
