import CBLAS
import Foundation
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

    /// Only the last layer trained (the others frozen by a mask): the residuals are linear in the
    /// trained parameters, so one step with negligible damping lands on the least-squares solution,
    /// here computed independently by LAPACK's QR (`dgels`) on the free columns of J.
    func testOneStepOnAProblemLinearInTheTrainedParametersLandsOnTheLeastSquaresSolution() throws {
        let architecture = SirenArchitecture(inputs: 2, width: 10, depth: 2, omega0: 2)
        var net = Siren<Double>(architecture: architecture, seed: 3)
        var generator = SeededGenerator(seed: 11)
        let n = 150, nb = 40
        let xs = (0..<(2 * n)).map { _ in Double.random(in: -1...1, using: &generator) }
        let interior = InteriorBatch(
            points: Matrix(rows: 2, cols: n, storage: xs),
            source: (0..<n).map { Double.sin(3 * xs[2 * $0]) * Double.cos(2 * xs[2 * $0 + 1]) },
            laplacianCoefficient: -1)
        let bs = (0..<nb).map { i in Double(i) / Double(nb) * 2 * Double.pi }
        let boundary = BoundaryBatch<Double>(
            points: Matrix(rows: 2, cols: nb, storage: bs.flatMap { [Double.cos($0), Double.sin($0)] }),
            normals: Matrix(rows: 2, cols: nb, storage: bs.flatMap { [Double.cos($0), Double.sin($0)] }),
            alpha: [Double](repeating: 1, count: nb), beta: [Double](repeating: 0.5, count: nb),
            value: bs.map { Double.sin($0) })
        var loss = PDELoss(interior: interior, boundary: boundary)
        let last = architecture.parameterLayout(layer: architecture.layerCount - 1)
        let free = Array(last.weights) + Array(last.bias)
        loss.parameterMask = ParameterMask(
            architecture: architecture,
            isFree: (0..<architecture.parameterCount).map { free.contains($0) })
        let lambda = 3.0
        var rho = [Double](), jacobian = [Double]()
        loss.weightedResiduals(net, boundaryWeight: lambda, residuals: &rho, jacobian: &jacobian)
        let p = architecture.parameterCount, rows = n + nb
        // The least-squares step on the free columns by QR: min ‖ρ − J_free δ‖.
        var a = [Double](repeating: 0, count: rows * free.count) // column-major rows × free
        for (c, q) in free.enumerated() { for r in 0..<rows { a[c * rows + r] = jacobian[r * p + q] } }
        var b = rho
        let info = LAPACKE_dgels(
            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int32(rows), Int32(free.count), 1, &a, Int32(rows), &b,
            Int32(rows))
        XCTAssertEqual(info, 0)
        var expected = net.parameters
        for (c, q) in free.enumerated() { expected[q] -= b[c] }
        let minimum = b[free.count..<rows].reduce(0) { $0 + $1 * $1 } // ‖ρ − J δ‖² at the solution

        var trainer = PINNTrainer<Double>(
            adamSteps: 0, schedule: .constant(rate: 1e-3), lbfgsIterations: 0, weighting: .fixed(lambda))
        trainer.gaussNewtonIterations = 1
        trainer.gaussNewtonDamping = 1e-14
        let start = net.parameters
        let history = trainer.train(&net, loss: &loss)
        let record = try XCTUnwrap(history.last)
        XCTAssertEqual(history.count, 1)
        XCTAssertEqual(record.gaussNewton?.stepLength, 1)
        XCTAssertEqual(record.total, minimum, accuracy: 1e-9 * minimum)
        let scale = expected.map(abs).max() ?? 1
        for q in 0..<p {
            if free.contains(q) {
                XCTAssertEqual(net.parameters[q], expected[q], accuracy: 1e-7 * scale, "parameter \(q)")
            } else {
                XCTAssertEqual(net.parameters[q], start[q], "frozen parameter \(q) moved")
            }
        }
    }

    /// A one-parameter sum of squares ρ(θ) = [1 + θ²] whose full Gauss–Newton step from θ = 0.5
    /// (δ = ρ/ρ′ = 1.25) overshoots to −0.75 and raises ‖ρ‖²: without a line search the step is not
    /// taken and the damping grows ×4; with one, half the step is taken and the damping grows ×2.
    func testARejectedStepRaisesTheDampingAndTheLineSearchShortensTheStep() throws {
        for halvings in [0, 8] {
            var objective = Parabola()
            var state = TrainingState<Double, Parabola.Record>(
                phase: .adam, parameters: [0.5], adam: Adam<Double>(parameterCount: 1, schedule: .constant(rate: 0)))
            let loop = TrainingLoop(phases: [
                AdamPhase(steps: 0),
                GaussNewtonPhase(iterations: 1, initialDamping: 1e-12, lineSearchHalvings: halvings)
            ])
            _ = try loop.run(&state, objective: &objective, control: TrainingControl())
            let gaussNewton = try XCTUnwrap(state.gaussNewton)
            let step = try XCTUnwrap(gaussNewton.lastStep)
            XCTAssertEqual(step.damping, 1e-12)
            if halvings == 0 {
                XCTAssertFalse(step.taken)
                XCTAssertEqual(gaussNewton.damping, 4e-12)
                XCTAssertEqual(state.parameters, [0.5])
                XCTAssertEqual(gaussNewton.loss, 1.5625)
            } else {
                XCTAssertEqual(step.stepLength, 0.5)
                XCTAssertEqual(gaussNewton.damping, 2e-12)
                XCTAssertEqual(state.parameters[0], -0.125, accuracy: 1e-9)
                XCTAssertEqual(gaussNewton.loss, pow(1 + 0.125 * 0.125, 2), accuracy: 1e-9)
            }
            XCTAssertEqual(state.history.count, 1)
        }
    }
}

extension Double: MonitoredRecord {
    public var monitoredLoss: Double { self }
}

/// ρ(θ) = [1 + θ²], a least-squares objective with a nonzero minimum at θ = 0.
private struct Parabola: TrainingObjective {
    typealias Record = Double
    var parameters: [Double] = [0.5]

    mutating func evaluateStep(_ state: inout TrainingState<Double, Double>) -> StepEvaluation { .finite }
    mutating func acceptStep(_ state: inout TrainingState<Double, Double>, gradient: inout [Double]) -> Double { 0 }
    mutating func loss(at x: [Double], gradient: inout [Double], frozenAt state: TrainingState<Double, Double>)
        -> Double
    {
        gradient = [4 * x[0] * (1 + x[0] * x[0])]
        return pow(1 + x[0] * x[0], 2)
    }
    mutating func leastSquares(
        at x: [Double], residuals: inout [Double], jacobian: inout [Double],
        frozenAt state: TrainingState<Double, Double>
    ) -> Bool {
        residuals = [1 + x[0] * x[0]]
        jacobian = [2 * x[0]]
        return true
    }
    mutating func sumOfSquares(at x: [Double], frozenAt state: TrainingState<Double, Double>) -> Double? {
        pow(1 + x[0] * x[0], 2)
    }
    func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<Double, Double>) -> Double {
        state.gaussNewton?.loss ?? .nan
    }
}
