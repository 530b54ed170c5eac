import PinnBinding
import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnSolve
import PinnTraining
import XCTest

/// Pruned parameters stay exactly zero through every kind of training step, and free ones move.
final class MaskedTrainingTests: XCTestCase {
    private func sparseStart(_ architecture: SirenArchitecture) -> (Siren<Double>, ParameterMask) {
        var net = Siren<Double>(architecture: architecture, seed: 5)
        let keep = Pruning.keptCount(prunable: Pruning.prunableIndices(architecture).count, sparsity: 0.75)
        let mask = Pruning.prune(
            net.parameters, mask: ParameterMask(dense: architecture), keep: keep, criterion: .magnitude)
        mask.zeroPruned(&net.parameters)
        return (net, mask)
    }

    func testInnerLoopAndMetaLearnerKeepPrunedWeightsAtZero() throws {
        let tiny = try TinyFamily()
        defer { tiny.remove() }
        let tasks: [MetaTask<Double>] = try tiny.family.tasks(0..<3)
        let architecture = SirenArchitecture(inputs: 2, width: 8, depth: 3, omega0: 3)
        let (start, mask) = sparseStart(architecture)
        XCTAssertEqual(mask.pruned.count, 96, "75 % of 2·8·8")

        var adapted = start
        var loss = PDELoss(interior: tasks[0].interior, boundary: tasks[0].boundary)
        loss.parameterMask = mask
        InnerLoop<Double>(steps: 20, learningRate: 1e-2).adapt(
            &adapted, loss: loss, boundaryWeight: tasks[0].boundaryWeight
        ) { _, _, net in
            XCTAssertTrue(mask.holdsZeros(in: net.parameters))
            return true
        }
        XCTAssertTrue(mask.holdsZeros(in: adapted.parameters))
        // Free parameters with a gradient move (a neuron whose outgoing weights are all pruned has none).
        var gr = [Double](repeating: 0, count: architecture.parameterCount), gb = gr
        _ = loss.evaluate(start, residualGradient: &gr, boundaryGradient: &gb)
        let moved = Set((0..<architecture.parameterCount).filter { adapted.parameters[$0] != start.parameters[$0] })
        let driven = Set((0..<architecture.parameterCount).filter { gr[$0] != 0 || gb[$0] != 0 })
        XCTAssertTrue(moved.isSubset(of: (0..<architecture.parameterCount).filter { mask.isFree[$0] }))
        XCTAssertTrue(driven.isSubset(of: moved))
        XCTAssertGreaterThan(driven.count, mask.freeCount / 2)

        for algorithm in MetaGradient.allCases {
            var net = start
            var rng = SeededGenerator(seed: 1)
            let learner = MetaLearner(
                algorithm: algorithm, inner: InnerLoop(steps: 3, learningRate: 1e-2),
                outerLearningRate: 1e-2, tasksPerStep: 2, tasks: tasks)
            let history = learner.train(&net, mask: mask, steps: 5, round: 1, rng: &rng)
            XCTAssertEqual(history.count, 5)
            XCTAssertTrue(mask.holdsZeros(in: net.parameters), "\(algorithm)")
            XCTAssertNotEqual(net.parameters, start.parameters)
        }
    }

    func testPINNTrainerWithAdamAndLBFGSKeepsPrunedWeightsAtZero() throws {
        let tiny = try TinyFamily()
        defer { tiny.remove() }
        let task: MetaTask<Double> = try tiny.family.tasks(0..<1)[0]
        let (start, mask) = sparseStart(SirenArchitecture(inputs: 2, width: 8, depth: 3, omega0: 3))
        var net = start
        var loss = PDELoss(interior: task.interior, boundary: task.boundary)
        loss.parameterMask = mask
        let trainer = PINNTrainer<Double>(
            adamSteps: 30, schedule: .constant(rate: 1e-2), lbfgsIterations: 30,
            weighting: .fixed(10))
        let records = trainer.train(&net, loss: &loss)
        XCTAssertGreaterThan(records.filter { $0.phase == .lbfgs }.count, 0)
        XCTAssertLessThan(records.last!.total, records.first!.total)
        XCTAssertTrue(mask.holdsZeros(in: net.parameters))
    }

    func testSolvePipelineFromAnInitialNetworkKeepsItsPattern() throws {
        let tiny = try TinyFamily()
        defer { tiny.remove() }
        let problem = try smallSolve(tiny, lbfgsIterations: 10)
        let (start, mask) = sparseStart(SolvePipeline<Double>(problem: problem).architecture())
        let initial = InitialNetwork(architecture: start.architecture, parameters: start.parameters, mask: mask)
        var pipeline = SolvePipeline<Double>(problem: problem)
        pipeline.initialization = initial
        let result = try pipeline.solve()
        XCTAssertTrue(mask.holdsZeros(in: result.parameters))
        XCTAssertNotEqual(result.parameters, start.parameters)
        // Without the initialisation the pipeline starts from the SIREN initialisation of the training seed.
        let dense = try SolvePipeline<Double>(problem: problem).solve()
        XCTAssertFalse(mask.holdsZeros(in: dense.parameters))
    }

    /// Learned rate multipliers reach the solve's Adam: with the output layer's weights at e^−40
    /// they stay where they started to rounding while every other tensor moves.
    func testSolvePipelineAdaptsWithTheInitialNetworksRates() throws {
        let tiny = try TinyFamily()
        defer { tiny.remove() }
        let problem = try smallSolve(tiny, lbfgsIterations: 0)
        let architecture = SolvePipeline<Double>(problem: problem).architecture()
        let start = Siren<Double>(architecture: architecture, seed: 8)
        var rho = [Double](repeating: 0, count: 2 * architecture.layerCount)
        let outputWeights = 2 * architecture.depth
        rho[outputWeights] = -40
        let rates = LayerRateMultipliers(architecture: architecture, logMultipliers: rho)
        var pipeline = SolvePipeline<Double>(problem: problem)
        pipeline.initialization = InitialNetwork(architecture: architecture, parameters: start.parameters, rates: rates)
        XCTAssertEqual(pipeline.trainer().rateMultipliers, rates.perParameter(Double.self))
        let result = try pipeline.solve()
        for (j, range) in LayerRateMultipliers.tensors(architecture).enumerated() {
            let moved = range.map { abs(result.parameters[$0] - start.parameters[$0]) }.max() ?? 0
            if j == outputWeights {
                XCTAssertLessThan(moved, 1e-15, "output weights")
            } else {
                XCTAssertGreaterThan(moved, 1e-4, "tensor \(j)")
            }
        }
    }

    /// Member 0 of `tiny` as a quick solve: 20 Adam steps, then `lbfgsIterations`, few points.
    private func smallSolve(_ tiny: TinyFamily, lbfgsIterations: Int) throws -> BoundProblem {
        var file = try tiny.family.member(0).problem
        file.training.adamSteps = 20
        file.training.lbfgsIterations = lbfgsIterations
        file.training.gaussNewtonIterations = 0
        file.training.interiorPoints = 64
        file.training.boundaryPoints = 32
        file.reference.grid = [17, 17]
        return try BoundProblem(file)
    }
}
