import PinnMeta
import PinnNetwork
import PinnNumerics
import PinnTraining
import XCTest

/// The first-order meta-gradients against direct computations on a tiny SIREN (2 → 8×3 → 1, 169
/// parameters) and one member of a tiny Poisson family.
final class MetaGradientTests: TinyTaskTestCase {
    private func metaGradient(_ algorithm: MetaGradient, _ theta: [Double], steps: Int, rate: Double) -> [Double] {
        var sum = [Double](repeating: 0, count: theta.count)
        _ = algorithm.accumulate(
            Siren(architecture: architecture, parameters: theta),
            loss: PDELoss(interior: task.interior, boundary: task.boundary),
            boundaryWeight: task.boundaryWeight, inner: InnerLoop(steps: steps, learningRate: rate),
            weight: 1, into: &sum)
        return sum
    }

    private func adapted(_ theta: [Double], steps: Int, rate: Double) -> [Double] {
        var net = Siren(architecture: architecture, parameters: theta)
        InnerLoop<Double>(steps: steps, learningRate: rate)
            .adapt(
                &net, loss: PDELoss(interior: task.interior, boundary: task.boundary),
                boundaryWeight: task.boundaryWeight)
        return net.parameters
    }

    /// FOMAML's meta-gradient is by definition ∇L(φ_K) at the adapted parameters: compare with
    /// central differences of the loss there.
    func testFOMAMLIsTheLossGradientAtTheAdaptedParameters() {
        let theta = Siren<Double>(architecture: architecture, seed: 11).parameters
        let g = metaGradient(.fomaml, theta, steps: 3, rate: 1e-2)
        let phi = adapted(theta, steps: 3, rate: 1e-2)
        XCTAssertGreaterThan(relativeDifference(phi, theta), 1e-3, "the inner loop moved")
        let fd = centralGradient({ totalLoss($0, self.architecture, self.task) }, at: phi, h: 1e-4)
        XCTAssertLessThan(relativeDifference(g, fd), 1e-7)
    }

    /// The exact MAML gradient d/dθ L(U_K(θ)) by central differences through the whole inner loop.
    /// FOMAML drops ∂U_K/∂θ − I, so the gap vanishes with the inner rate α: at least linearly (with
    /// Adam the first step α·g/(|g| + ε) has Jacobian O(αε/g²) and later steps O(α²)).
    func testFOMAMLApproachesTheExactMAMLGradientAsTheInnerRateVanishes() {
        let theta = Siren<Double>(architecture: architecture, seed: 12).parameters
        var gaps: [Double] = []
        for rate in [1e-3, 1e-4, 1e-5] {
            let fo = metaGradient(.fomaml, theta, steps: 3, rate: rate)
            let exact = centralGradient(
                { totalLoss(self.adapted($0, steps: 3, rate: rate), self.architecture, self.task) },
                at: theta, h: 1e-5)
            gaps.append(relativeDifference(fo, exact))
        }
        XCTAssertLessThan(gaps[2], 1e-5, "\(gaps)")
        XCTAssertGreaterThan(gaps[0] / gaps[1], 7, "\(gaps)")
        XCTAssertGreaterThan(gaps[1] / gaps[2], 7, "\(gaps)")
    }

    /// Reptile's meta-gradient is θ − φ_K. Its definition, with K = 2 Adam steps from fresh moments
    /// written out here on central-difference gradients:
    /// m₁ = (1−β₁)g₁, v₁ = (1−β₂)g₁², φ₁ = θ − α m₁/(1−β₁) / (√(v₁/(1−β₂)) + ε), and the same again at φ₁.
    func testReptileIsTheDisplacementOfTwoAdamSteps() {
        let theta = Siren<Double>(architecture: architecture, seed: 13).parameters
        let (alpha, b1, b2, eps) = (1e-2, 0.9, 0.999, 1e-8)
        let loss = { (p: [Double]) in totalLoss(p, self.architecture, self.task) }
        var m = [Double](repeating: 0, count: theta.count), v = m, phi = theta
        for t in 1...2 {
            let g = centralGradient(loss, at: phi, h: 1e-4)
            for i in phi.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(b1, Double(t))), vHat = v[i] / (1 - pow(b2, Double(t)))
                phi[i] -= alpha * mHat / (vHat.squareRoot() + eps)
            }
        }
        let expected = zip(theta, phi).map { $0 - $1 }
        let reptile = metaGradient(.reptile, theta, steps: 2, rate: alpha)
        XCTAssertLessThan(relativeDifference(reptile, expected), 1e-6)
        // One Adam step moves every coordinate by α·g/(|g| + ε): about α, whatever the gradient's size.
        let one = metaGradient(.reptile, theta, steps: 1, rate: alpha)
        let g = centralGradient(loss, at: theta, h: 1e-4)
        for i in theta.indices where abs(g[i]) > 1e-6 {
            XCTAssertEqual(one[i], alpha * g[i] / (abs(g[i]) + eps), accuracy: 1e-9)
        }
    }

    /// The meta-step averages the tasks' meta-gradients: Adam's first step from the mean moves each
    /// free coordinate by −β·sign(mean).
    func testMetaStepFollowsTheMeanOverTasks() throws {
        let tasks: [MetaTask<Double>] = try tiny.family.tasks(0..<2)
        let theta = Siren<Double>(architecture: architecture, seed: 14)
        // The learner draws task rng.next() % count for each of its tasksPerStep = 3 tasks.
        var rng = SeededGenerator(seed: 0)
        let drawn = (0..<3).map { _ in tasks[Int(rng.next() % 2)] }
        var mean = [Double](repeating: 0, count: theta.parameters.count)
        for t in drawn {
            _ = MetaGradient.fomaml.accumulate(
                theta, loss: PDELoss(interior: t.interior, boundary: t.boundary),
                boundaryWeight: t.boundaryWeight, inner: InnerLoop(steps: 2, learningRate: 1e-2),
                weight: 1.0 / 3, into: &mean)
        }
        var net = theta
        var learnerRNG = SeededGenerator(seed: 0)
        let learner = MetaLearner(
            algorithm: .fomaml, inner: InnerLoop(steps: 2, learningRate: 1e-2), outerLearningRate: 1e-3,
            tasksPerStep: 3, tasks: tasks)
        _ = learner.train(&net, mask: ParameterMask(dense: architecture), steps: 1, round: 0, rng: &learnerRNG)
        for i in mean.indices {
            XCTAssertEqual(
                net.parameters[i] - theta.parameters[i], -1e-3 * mean[i] / (abs(mean[i]) + 1e-8), accuracy: 1e-12)
        }
    }

    /// The tasks of a meta-step run on worker threads and are summed in draw order: one and three
    /// workers give bit-identical initialisations.
    func testMetaTrainingDoesNotDependOnTheWorkerCount() throws {
        let tasks: [MetaTask<Double>] = try tiny.family.tasks(0..<4)
        func trained(workers: Int) -> [Double] {
            var net = Siren<Double>(architecture: architecture, seed: 21)
            var rng = SeededGenerator(seed: 5)
            var learner = MetaLearner(
                algorithm: .reptile, inner: InnerLoop(steps: 3, learningRate: 1e-2),
                outerLearningRate: 1e-3, tasksPerStep: 3, tasks: tasks)
            learner.workers = workers
            _ = learner.train(&net, mask: ParameterMask(dense: architecture), steps: 4, round: 0, rng: &rng)
            return net.parameters
        }
        let one = trained(workers: 1), three = trained(workers: 3)
        XCTAssertEqual(one.map(\.bitPattern), three.map(\.bitPattern))
        XCTAssertNotEqual(one, Siren<Double>(architecture: architecture, seed: 21).parameters, "the steps moved θ")
    }

    /// With the cosine outer schedule over n steps Adam's k-th meta-step is scaled by
    /// floor + (β − floor)(1 + cos πk/n)/2, floor = β/100. Over two steps the first step and the
    /// second step's meta-gradient are those of the constant schedule, so the second displacement
    /// is exactly (1 + 0.01)/2 of the constant schedule's.
    func testCosineOuterScheduleAnnealsTheMetaSteps() throws {
        let tasks: [MetaTask<Double>] = try tiny.family.tasks(0..<4)
        func trained(steps: Int, decay: Bool) -> [Double] {
            var learner = MetaLearner(
                algorithm: .reptile, inner: InnerLoop(steps: 2, learningRate: 1e-2),
                outerLearningRate: 1e-3, tasksPerStep: 2, tasks: tasks)
            learner.outerSchedule = decay ? .cosine : .constant
            var net = Siren<Double>(architecture: architecture, seed: 22)
            var rng = SeededGenerator(seed: 6)
            _ = learner.train(&net, mask: ParameterMask(dense: architecture), steps: steps, round: 0, rng: &rng)
            return net.parameters
        }
        let one = trained(steps: 1, decay: false)
        XCTAssertEqual(trained(steps: 1, decay: true), one, "the first step takes the full rate")
        let constant = trained(steps: 2, decay: false), annealed = trained(steps: 2, decay: true)
        var checked = 0
        for i in one.indices where abs(constant[i] - one[i]) > 1e-5 {
            XCTAssertEqual((annealed[i] - one[i]) / (constant[i] - one[i]), 0.505, accuracy: 1e-9)
            checked += 1
        }
        XCTAssertGreaterThan(checked, one.count / 2)
    }
}
