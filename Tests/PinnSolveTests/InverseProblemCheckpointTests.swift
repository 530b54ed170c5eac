import Foundation
import PinnBinding
import PinnProblems
import PinnResults
import PinnSolve
import PinnTestSupport
import PinnTraining
import XCTest

/// An inverse problem interrupted and resumed through a checkpoint file ends where the
/// uninterrupted run ends, to the bit: the unknowns' trainables, Adam's moments for them, their
/// history and the data term travel in the checkpoint with the network.
final class InverseProblemCheckpointTests: XCTestCase {
    let json = #"""
        {"name": "resume", "kind": "helmholtz", "domain": {"type": "interval", "lower": -1, "upper": 1},
         "parameters": {"k": {"unknown": 1.5, "positive": true, "true": 2}},
         "k": "k", "source": "(4 - pi^2)*sin(pi*x)", "exact": "sin(pi*x)",
         "measurements": {"generate": {"count": 20, "noise": 0.01, "seed": 2}},
         "network": {"width": 8, "depth": 2},
         "training": {"phases": [{"adam": 12}, {"lbfgs": 6}, {"gaussNewton": 6}], "interiorPoints": 32},
         "reference": {"grid": [65]}}
        """#

    func testAResumedInverseRunEndsWhereTheUninterruptedRunEndsInEveryPhase() throws {
        let directory = try TemporaryDirectory("inverse-ckpt")
        defer { directory.remove() }
        let file = try ProblemFile.decode(json)
        let straight = try SolvePipeline<Double>(problem: BoundProblem(file)).solve()
        let count = straight.parameters.count + 1
        for k in [5, 15, 21] {
            let checkpoint = TrainingCheckpoint(
                path: directory.file("resume\(k).ckpt.h5"), problemText: json, trainer: "pinn")
            var taken = 0
            var first = SolvePipeline<Double>(
                problem: try BoundProblem(file),
                progress: { _ in
                    taken += 1
                    return true
                })
            first.control = TrainingControl(
                saveCheckpoint: { try checkpoint.write($0, elapsedSeconds: 1) },
                interruption: { taken >= k ? SIGINT : nil })
            XCTAssertThrowsError(try first.solve(), "k = \(k)")
            var second = SolvePipeline<Double>(problem: try BoundProblem(file))
            second.resume = try checkpoint.read(parameterCount: count)
            XCTAssertEqual(second.resume?.state.history.count, k)
            XCTAssertEqual(second.resume?.state.history.last?.unknowns.count, 1)
            let resumed = try second.solve()
            XCTAssertEqual(resumed.history, straight.history, "k = \(k)")
            XCTAssertEqual(resumed.parameters, straight.parameters, "k = \(k)")
            XCTAssertEqual(resumed.unknowns?.values, straight.unknowns?.values, "k = \(k)")
        }
        XCTAssertNotEqual(straight.unknowns?.values.first, 1.5)
    }
}
