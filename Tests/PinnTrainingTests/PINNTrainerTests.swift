import PinnNetwork
import PinnNumerics
import XCTest

@testable import PinnTraining

final class PINNTrainerTests: XCTestCase {
    /// −u'' = π² sin(πx) on [−1, 1], u(±1) = 0; exact u = sin(πx).
    private func poisson1D() -> PDELoss<Double> {
        Poisson1DLoss.make(n: 128, offset: 0.5)
    }

    private func relativeL2(_ net: Siren<Double>) -> Double {
        let xs = (0...400).map { -1 + 2 * Double($0) / 400 }
        let u = net(Matrix(rows: 1, cols: xs.count, storage: xs))
        var num = 0.0, den = 0.0
        for (i, x) in xs.enumerated() {
            let e = Double.sin(Double.pi * x)
            num += (u[0, i] - e) * (u[0, i] - e); den += e * e
        }
        return (num / den).squareRoot()
    }

    func testAdamThenLBFGSSolves1DPoissonTo1e4() {
        var net = Siren<Double>(architecture: SirenArchitecture(inputs: 1, width: 32, depth: 2, omega0: 3), seed: 1)
        var loss = poisson1D()
        let trainer = PINNTrainer<Double>(
            adamSteps: 500, schedule: .constant(rate: 2e-3), lbfgsIterations: 300,
            weighting: .fixed(10))
        let records = trainer.train(&net, loss: &loss)
        XCTAssertEqual(records.first?.phase, .adam)
        XCTAssertEqual(records.last?.phase, .lbfgs)
        XCTAssertLessThan(records.last!.total, records[499].total)
        XCTAssertLessThan(relativeL2(net), 1e-4)
    }

    func testAnnealingRaisesTheBoundaryWeightWhenResidualGradientsDominate() {
        let w = LossWeighting.annealing(initial: 1, alpha: 0.5, every: 10)
        XCTAssertEqual(
            w.updated(1, step: 10, residualGradient: [4.0, -8.0], boundaryGradient: [1.0, -1.0]), 0.5 + 0.5 * 8)
        XCTAssertEqual(w.updated(1, step: 11, residualGradient: [4.0, -8.0], boundaryGradient: [1.0, -1.0]), 1)
        XCTAssertEqual(LossWeighting.fixed(3).updated(3, step: 0, residualGradient: [1.0], boundaryGradient: [1.0]), 3)
    }

    func testGradientNormBalanceMovesTowardTheNormRatio() {
        let w = LossWeighting.gradientNormBalance(initial: 1, alpha: 0.25, every: 100)
        // ‖(3, 4)‖ / ‖(0, 0.5)‖ = 5 / 0.5 = 10.
        XCTAssertEqual(
            w.updated(2, step: 200, residualGradient: [3.0, 4.0], boundaryGradient: [0.0, 0.5]), 0.75 * 2 + 0.25 * 10)
        XCTAssertEqual(w.updated(2, step: 201, residualGradient: [3.0, 4.0], boundaryGradient: [0.0, 0.5]), 2)
        XCTAssertEqual(
            w.updated(2, step: 0, residualGradient: [3.0, 4.0], boundaryGradient: [0.0, 0.0]), 2,
            "vanishing boundary gradient")
    }

    func testTrainingIsReproducibleFromTheSeed() {
        func run() -> [Double] {
            var net = Siren<Double>(architecture: SirenArchitecture(inputs: 1, width: 16, depth: 2, omega0: 3), seed: 5)
            var loss = poisson1D()
            return PINNTrainer<Double>(
                adamSteps: 30, schedule: .constant(rate: 1e-3), lbfgsIterations: 10,
                weighting: .annealing(initial: 1, alpha: 0.1, every: 5)
            )
            .train(&net, loss: &loss).map(\.total)
        }
        XCTAssertEqual(run(), run())
    }
}
