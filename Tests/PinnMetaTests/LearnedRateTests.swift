import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnTraining
import XCTest

/// Meta-learned per-layer rate multipliers: Adam with multipliers, the layout of the tensors, the
/// first-order gradient ∂L(φ_K)/∂ρ against central differences, and meta-training that learns them.
final class LearnedRateTests: TinyTaskTestCase {
    private var loss: PDELoss<Double> { PDELoss(interior: task.interior, boundary: task.boundary) }

    private func rates(_ rho: [Double]) -> LayerRateMultipliers {
        LayerRateMultipliers(architecture: architecture, logMultipliers: rho)
    }

    /// L(φ_K) after K inner steps at log-multipliers ρ.
    private func adaptedLoss(_ theta: [Double], rho: [Double], steps: Int, rate: Double) -> Double {
        var net = Siren(architecture: architecture, parameters: theta)
        InnerLoop(steps: steps, learningRate: rate, rateMultipliers: rates(rho).perParameter(Double.self))
            .adapt(&net, loss: loss, boundaryWeight: task.boundaryWeight)
        return totalLoss(net.parameters, architecture, task)
    }

    private func rateGradient(_ theta: [Double], rho: [Double], steps: Int, rate: Double) -> [Double] {
        var sum = [Double](repeating: 0, count: theta.count)
        let inner = InnerLoop(steps: steps, learningRate: rate, rateMultipliers: rates(rho).perParameter(Double.self))
        let outcome = MetaGradient.reptile.accumulate(
            Siren(architecture: architecture, parameters: theta), loss: loss,
            boundaryWeight: task.boundaryWeight, inner: inner, weight: 1,
            into: &sum, rateGradient: true)
        return outcome.rateGradient ?? []
    }

    /// The tensors (weights, biases of each layer) partition the flat parameters in order, and
    /// every parameter gets its tensor's multiplier.
    func testTensorsPartitionTheParameters() {
        let ranges = LayerRateMultipliers.tensors(architecture)
        XCTAssertEqual(ranges.count, 2 * architecture.layerCount)
        XCTAssertEqual(ranges.first?.lowerBound, 0)
        XCTAssertEqual(ranges.last?.upperBound, architecture.parameterCount)
        for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
        let rho = (0..<ranges.count).map { Double($0) / 10 - 0.3 }
        let each: [Double] = rates(rho).perParameter()
        for (j, range) in ranges.enumerated() {
            for i in range { XCTAssertEqual(each[i], Double.exp(rho[j]), accuracy: 1e-15) }
        }
        let sums = LayerRateMultipliers.tensorSums(
            [Double](repeating: 1, count: architecture.parameterCount), architecture)
        XCTAssertEqual(sums, ranges.map { Double($0.count) })
    }

    /// On a fixed sequence of gradients the moments do not depend on the parameters, so each
    /// coordinate's displacement with multiplier s_i is s_i times the plain one; multipliers of 1
    /// change nothing.
    func testAdamScalesEachStepByItsMultiplier() {
        let n = 6
        var rng = SeededGenerator(seed: 3)
        let gradients = (0..<5).map { _ in (0..<n).map { _ in rng.normal() } }
        let s = [1, 0.5, 2, 1e-3, 7, 1]
        func run(_ multipliers: [Double]?) -> [Double] {
            var adam = Adam<Double>(parameterCount: n, schedule: .constant(rate: 1e-2))
            adam.rateMultipliers = multipliers
            var p = [Double](repeating: 0.25, count: n)
            for g in gradients { adam.update(&p, gradient: g) }
            return p.map { $0 - 0.25 }
        }
        let plain = run(nil), scaled = run(s)
        XCTAssertEqual(run([Double](repeating: 1, count: n)).map(\.bitPattern), plain.map(\.bitPattern))
        for i in 0..<n {
            XCTAssertGreaterThan(abs(plain[i]), 1e-4)
            XCTAssertEqual(scaled[i], s[i] * plain[i], accuracy: 1e-15)
        }
    }

    /// With one inner step Adam's direction g/(|g| + ε) does not depend on ρ, so φ₁ = θ − η e^ρ d
    /// and the first-order formula Σ ∇L(φ₁)·(φ₁ − θ) is the exact derivative: compare with central
    /// differences of L(φ₁(ρ)).
    func testRateGradientIsExactForOneInnerStep() {
        let theta = Siren<Double>(architecture: architecture, seed: 31).parameters
        let rho = [0.2, -0.4, 0.1, 0.0, -0.3, 0.5, 0.3, -0.1]
        let g = rateGradient(theta, rho: rho, steps: 1, rate: 1e-2)
        let fd = centralGradient({ self.adaptedLoss(theta, rho: $0, steps: 1, rate: 1e-2) }, at: rho, h: 1e-3)
        XCTAssertEqual(g.count, rho.count)
        XCTAssertGreaterThan(fd.map(abs).max() ?? 0, 1e-6, "the loss depends on the rates")
        XCTAssertLessThan(relativeDifference(g, fd), 1e-7, "\(g) vs \(fd)")
    }

    /// With several steps the later directions depend on ρ through the trajectory, which the
    /// first-order formula drops: the relative gap to the exact derivative shrinks with the rate η
    /// (the dropped terms are O(η²) against O(η)).
    func testRateGradientApproachesTheExactOneAsTheRateVanishes() {
        let theta = Siren<Double>(architecture: architecture, seed: 32).parameters
        let rho = [0.2, -0.4, 0.1, 0.0, -0.3, 0.5, 0.3, -0.1]
        var gaps: [Double] = []
        for rate in [1e-2, 1e-3, 1e-4] {
            let g = rateGradient(theta, rho: rho, steps: 3, rate: rate)
            let fd = centralGradient({ self.adaptedLoss(theta, rho: $0, steps: 3, rate: rate) }, at: rho, h: 1e-3)
            gaps.append(relativeDifference(g, fd))
        }
        XCTAssertLessThan(gaps[2], 1e-2, "\(gaps)")
        XCTAssertGreaterThan(gaps[0] / gaps[1], 5, "\(gaps)")
        XCTAssertGreaterThan(gaps[1] / gaps[2], 5, "\(gaps)")
    }

    /// An inner rate far too large for the family: meta-training with learned rates lowers the
    /// multipliers of the output layer and the post-adaptation loss falls below that of the same
    /// meta-training with the plain rate.
    func testMetaTrainingLearnsSmallerRatesWhereTheInnerRateIsTooLarge() throws {
        let tasks: [MetaTask<Double>] = try tiny.family.tasks(0..<4)
        let learner = MetaLearner(
            algorithm: .reptile, inner: InnerLoop(steps: 5, learningRate: 0.3),
            outerLearningRate: 1e-3, tasksPerStep: 2, tasks: tasks)
        func train(learning: Bool) -> (net: Siren<Double>, rates: LayerRateMultipliers?, after: Double) {
            var net = Siren<Double>(architecture: architecture, seed: 33)
            var rng = SeededGenerator(seed: 4)
            var rates: LayerRateMultipliers? = learning ? LayerRateMultipliers(ones: architecture) : nil
            var learner = learner
            learner.rateLearningRate = 0.05
            let history = learner.train(
                &net, mask: ParameterMask(dense: architecture), steps: 60, round: 0, rng: &rng,
                rates: &rates)
            return (net, rates, history.suffix(20).reduce(0.0) { $0 + $1.lossAfter } / 20)
        }
        let plain = train(learning: false), learned = train(learning: true)
        let rho = try XCTUnwrap(learned.rates).logMultipliers
        XCTAssertLessThan(rho[2 * architecture.depth], -0.5, "output weights' multiplier \(rho)")
        XCTAssertTrue(rho.allSatisfy { (-9.0...4.0).contains($0) })
        XCTAssertLessThan(learned.after, plain.after / 2, "post-adaptation loss \(learned.after) vs \(plain.after)")
    }
}
