import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnSolve
import PinnTraining
import XCTest

/// Fan-in-scaled inner rates (`metaTraining.fanInRates`): the rule, what it does to Adam's first
/// step, how it follows pruning, and that meta-training, the meta file and meta-eval carry it.
final class FanInRateTests: TinyTaskTestCase {
    /// A neuron-pruned mask of the tiny architecture keeping `keep` hidden-to-hidden weights, from a
    /// random network (unequal fan-ins across layers would need another criterion; this one gives 2 or 3).
    private func prunedMask(keep: Int) -> ParameterMask {
        let net = Siren<Double>(architecture: architecture, seed: 41)
        return Pruning.prune(
            net.parameters, mask: ParameterMask(dense: architecture), keep: keep, criterion: .neuronMagnitude)
    }

    /// Free inputs of each neuron of layer `l`, counted from the mask's flags (column-major out × in).
    private func fanIns(_ mask: ParameterMask, layer l: Int) -> [Int] {
        let weights = architecture.parameterLayout(layer: l).weights
        let rows = architecture.layerSize(l + 1), columns = architecture.layerSize(l)
        return (0..<rows).map { i in (0..<columns).filter { j in mask.isFree[weights.lowerBound + j * rows + i] }.count
        }
    }

    func testRuleGivesTheWeightsAfterTheFirstLayerNOverTheirFreeInputsPerNeuron() {
        let dense = LayerRateMultipliers(fanIn: architecture, mask: nil, hidden: 12, output: 2)
        // Tensors: W0 b0 W1 b1 W2 b2 W3 b3, width 8: hidden 12/8, output 2/8, the rest 1.
        let expected = [1, 1, 1.5, 1, 1.5, 1, 0.25, 1]
        for (m, e) in zip(dense.multipliers, expected) { XCTAssertEqual(m, e, accuracy: 1e-15) }

        let mask = prunedMask(keep: 40) // of 128 hidden-to-hidden weights: 20 per layer, 2 or 3 per neuron
        let sparse = LayerRateMultipliers(fanIn: architecture, mask: mask, hidden: 12, output: 2)
        for l in 1...2 {
            let n = Double(fanIns(mask, layer: l).reduce(0, +)) / Double(architecture.width)
            XCTAssertEqual(n, 2.5, "the mask keeps 20 of layer \(l)'s 64 weights")
            XCTAssertEqual(sparse.multipliers[2 * l], 12 / n, accuracy: 1e-14)
        }
        XCTAssertEqual(sparse.multipliers[6], 0.25, accuracy: 1e-15, "the output layer stays dense")
        for j in [0, 1, 3, 5, 7] { XCTAssertEqual(sparse.multipliers[j], 1) }
    }

    /// Adam's first step moves each parameter by η·s·|g|/(|g| + ε), ≈ η·s: under the rule a hidden
    /// neuron's free input weights move by η·(N/n)·(its fan-in) in sum, η·N at the mean fan-in
    /// whatever n is, where plain rates move them by η times the fan-in.
    func testFirstAdamStepMovesEveryHiddenNeuronsInputsByTheSameTotal() throws {
        let mask = prunedMask(keep: 40)
        let rate = 1e-3, reference = 12.0
        var loss = PDELoss(interior: task.interior, boundary: task.boundary)
        loss.parameterMask = mask
        var start = Siren<Double>(architecture: architecture, seed: 42)
        mask.zeroPruned(&start.parameters)
        func firstStep(_ rates: LayerRateMultipliers?) -> [Double] {
            var net = start
            InnerLoop(steps: 1, learningRate: rate, rateMultipliers: rates?.perParameter(Double.self))
                .adapt(&net, loss: loss, boundaryWeight: task.boundaryWeight)
            return zip(net.parameters, start.parameters).map { abs($0 - $1) }
        }
        // The first step's size per parameter, from the gradient directly: η·|g|/(|g| + ε).
        var gr = [Double](repeating: 0, count: architecture.parameterCount), gb = gr
        _ = loss.evaluate(start, residualGradient: &gr, boundaryGradient: &gb)
        let epsilon = Adam<Double>(parameterCount: 1, schedule: .constant(rate: rate)).epsilon
        let unit = zip(gr, gb).map { r, b in
            let g = abs(r + task.boundaryWeight * b)
            return rate * g / (g + epsilon)
        }
        let scaled = firstStep(LayerRateMultipliers(fanIn: architecture, mask: mask, hidden: reference, output: 2))
        let plain = firstStep(nil)
        let rows = architecture.width
        for l in 1...2 {
            let weights = architecture.parameterLayout(layer: l).weights
            let counts = fanIns(mask, layer: l)
            XCTAssertNotEqual(counts.min(), counts.max(), "the test needs neurons of different fan-in")
            let n = Double(counts.reduce(0, +)) / Double(rows)
            for i in 0..<rows {
                let inputs = (0..<rows).map { weights.lowerBound + $0 * rows + i }.filter { mask.isFree[$0] }
                // Each weight moves N/n times as far as under plain rates (the same g/(|g| + ε)).
                for k in inputs { XCTAssertEqual(scaled[k], reference / n * plain[k], accuracy: 1e-15) }
                let expected = inputs.reduce(0) { $0 + unit[$1] }
                XCTAssertEqual(
                    expected, rate * Double(counts[i]), accuracy: 1e-3 * rate, "ε is small against these gradients")
                XCTAssertEqual(inputs.reduce(0) { $0 + plain[$1] }, expected, accuracy: 1e-12 * rate)
                XCTAssertEqual(inputs.reduce(0) { $0 + scaled[$1] }, reference / n * expected, accuracy: 1e-11 * rate)
            }
        }
    }

    func testRatesFollowPruningToTheRuleOfTheNewMaskKeepingWhatWasLearned() {
        let mask = prunedMask(keep: 40)
        let dense = LayerRateMultipliers(fanIn: architecture, mask: nil, hidden: 12, output: 2)
        let rule = LayerRateMultipliers(fanIn: architecture, mask: mask, hidden: 12, output: 2)
        for (a, b) in zip(dense.following(pruning: nil, to: mask).logMultipliers, rule.logMultipliers) {
            XCTAssertEqual(a, b, accuracy: 1e-14)
        }
        var learned = dense
        let offsets = [0.1, -0.2, 0.3, 0.05, -0.4, 0.2, -0.1, 0.15]
        for j in offsets.indices { learned.logMultipliers[j] += offsets[j] }
        for (j, value) in learned.following(pruning: nil, to: mask).logMultipliers.enumerated() {
            XCTAssertEqual(value, rule.logMultipliers[j] + offsets[j], accuracy: 1e-14)
        }
    }

    /// Meta-training with fan-in-scaled rates (not learned) ends with every network's rates equal
    /// to the rule for its final mask; the meta file keeps the setting; meta-eval gives the random
    /// SIREN the rule for its width and each meta-learned start its own rates.
    func testMetaTrainingStoresTheRuleOfEachNetworksMaskAndMetaEvalUsesIt() throws {
        let tiny = try TinyFamily(
            members: 3,
            metaTraining: #"""
                "innerSteps": 2, "tasksPerStep": 2, "outerSteps": 3, "roundSteps": 2, "sparsity": 0.75, "pruneFraction": 0.5,
                "pruning": "neuron", "fanInRates": {"hidden": 6, "output": 3}
                """#, evaluation: #""members": 1, "reportSteps": [1], "maxSteps": 3, "grid": 9"#)
        defer { tiny.remove() }
        let f = try XCTUnwrap(tiny.family.metaTraining.fanInRates)
        XCTAssertEqual([f.hidden, f.output], [6, 3])
        let initialization = try SparseMetaTraining<Double>(family: tiny.family).run(baselines: true)
        func check(_ network: InitialNetwork?, _ name: String) throws {
            let network = try XCTUnwrap(network, name)
            let rule = LayerRateMultipliers(fanIn: network.architecture, mask: network.mask, hidden: 6, output: 3)
            let rates = try XCTUnwrap(network.rates, name)
            for (a, b) in zip(rates.logMultipliers, rule.logMultipliers) { XCTAssertEqual(a, b, accuracy: 1e-13, name) }
        }
        try check(initialization.sparse, "meta-sparse")
        try check(initialization.dense, "meta-dense")
        try check(initialization.randomPruned, "random-pruned")
        try check(initialization.denseNarrow, "dense-narrow")
        XCTAssertEqual(
            try XCTUnwrap(initialization.sparse.mask).freeCount, initialization.sparse.architecture.parameterCount - 96)

        let path = tiny.directory + "/meta.h5"
        try initialization.write(to: path)
        let read = try MetaInitialization.read(from: path)
        XCTAssertEqual(read.settings.fanInRates, f)
        XCTAssertEqual(read.sparse.rates, initialization.sparse.rates)

        let evaluation = MetaEvaluation<Double>(family: tiny.family, initialization: read, path: path)
        let narrow = try XCTUnwrap(evaluation.networks[.randomInit]).architecture
        XCTAssertEqual(
            evaluation.rates(.randomInit), LayerRateMultipliers(fanIn: narrow, mask: nil, hidden: 6, output: 3))
        XCTAssertEqual(evaluation.rates(.metaSparse), read.sparse.rates)
        XCTAssertEqual(
            try evaluation.run(methods: [.metaSparse, .randomInit]).fanInRates, f,
            "the report says which rates it ran with")
        var plain = read
        plain.settings.fanInRates = nil
        XCTAssertNil(MetaEvaluation<Double>(family: tiny.family, initialization: plain, path: path).rates(.randomInit))
    }

    func testBadFanInRatesAreRefusedWithTheirPath() throws {
        for (settings, path) in [
            (#""fanInRates": {"hidden": 8}"#, "metaTraining.fanInRates"),
            (#""fanInRates": {"hidden": 0, "output": 8}"#, "metaTraining.fanInRates.hidden"),
            (#""fanInRates": {"hidden": 8, "output": -1}"#, "metaTraining.fanInRates.output"),
            (#""fanInRates": {"hidden": 8, "output": 8, "input": 2}"#, "metaTraining.fanInRates")
        ] {
            XCTAssertThrowsError(try TinyFamily(metaTraining: settings), settings) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(path), "\(settings): \(message)")
                XCTAssertTrue(message.contains("family.json"), "\(settings): \(message)")
            }
        }
    }
}
