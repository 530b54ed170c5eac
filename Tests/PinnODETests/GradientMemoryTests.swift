import PinnNetwork
import XCTest

@testable import PinnODE

final class GradientMemoryTests: XCTestCase {
    func testAdjointMemoryStaysFlatWhileBackpropagationGrowsWithTheSteps() throws {
        // A sine network with time as an input keeps the dynamics busy however long the span.
        let net = MLP(stateDimension: 2, width: 16, depth: 2, activation: .sine(omega: 3), takesTime: true, seed: 42)
        let node = NeuralODE(network: net, options: AdaptiveOptions(tolerance: 1e-8))
        let data = ObservedTrajectory(
            startTime: 0, initialState: [1, 0], times: [1, 2, 3, 4, 5],
            values: [[0.5, 0.5], [0, 1], [-0.5, 0.5], [-1, 0], [-0.5, -0.5]])
        let rows = try node.gradientMemoryScaling(for: data, spanFactors: [1, 20])
        print(GradientMemoryRow.table(rows))
        let short = rows[0], long = rows[1]
        let stepRatio = Double(long.forwardSteps) / Double(short.forwardSteps)
        let adjointRatio = Double(long.adjointBytes) / Double(short.adjointBytes)
        let backpropRatio = Double(long.backpropagationBytes) / Double(short.backpropagationBytes)
        print("steps ×\(stepRatio), adjoint bytes ×\(adjointRatio), backprop bytes ×\(backpropRatio)")
        XCTAssertGreaterThanOrEqual(stepRatio, 8) // about 10× more steps (steps grow sublinearly in the span)
        // The two byte ratios hold by construction: `storedBytes` is computed from array sizes (saved
        // states + working arrays, plus the tape's stage inputs for backpropagation), not measured, so
        // they check the bookkeeping only. Peak resident memory is measured by `pinn bench --ode-memory`.
        XCTAssertEqual(adjointRatio, 1, accuracy: 0.1)
        XCTAssertGreaterThanOrEqual(backpropRatio, 0.8 * stepRatio)
        XCTAssertGreaterThanOrEqual(Double(long.adjointBackwardSteps), 8 * Double(short.adjointBackwardSteps))
        for row in rows { XCTAssertLessThanOrEqual(row.gradientDifference, 1e-5) }
    }
}
