import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// One logged meta-step.
public struct MetaRecord: Sendable, Equatable {
    /// 0 for the dense phase, r ≥ 1 for the meta-training after pruning round r.
    public var round: Int
    /// Step within the round.
    public var step: Int
    /// Free parameters during the step.
    public var freeParameters: Int
    /// Mean over the step's tasks of the loss L_r + λL_b at the initialisation and after the inner loop.
    public var lossBefore: Double
    public var lossAfter: Double

    public init(round: Int, step: Int, freeParameters: Int, lossBefore: Double, lossAfter: Double) {
        self.round = round
        self.step = step
        self.freeParameters = freeParameters
        self.lossBefore = lossBefore
        self.lossAfter = lossAfter
    }
}

/// The outer loop of meta-learning: each step draws `tasksPerStep` tasks, adapts to each with the
/// inner loop, averages their meta-gradients and takes one Adam step on the initialisation θ,
/// keeping a sparsity pattern (masked gradients, pruned entries held at zero).
///
/// The tasks of a step run on `workers` threads (each with its own loss workspaces); their
/// meta-gradients are summed in draw order, so results do not depend on the number of workers.
/// Under MPI (`group`) rank r of R adapts to tasks ⌊nr/R⌋ ..< ⌊n(r+1)/R⌋ of the step's n, every
/// rank gathers every task's meta-gradient and outcome and sums them in draw order itself, so the
/// result does not depend on the number of ranks either.
/// Run several workers with single-threaded BLAS (the layers are too small for BLAS threads to pay).
///
/// Given rate multipliers (`LayerRateMultipliers`), the inner loop steps with them; with
/// `learnsRates`, every meta-step also moves their logarithms ρ by Adam at `rateLearningRate` on the
/// tasks' mean first-order gradient ∂L(φ_K)/∂ρ (`MetaGradient.accumulate`), ρ clamped to `rateBounds`.
public struct MetaLearner<T: PinnScalar> {
    public var algorithm: MetaGradient
    public var inner: InnerLoop<T>
    public var outerLearningRate: Double
    /// The outer rate over each `train` call: constant, or cosine annealing to 1 % of
    /// `outerLearningRate`, so that the initialisation a phase ends with is not the last steps' noise.
    public var outerSchedule: ProblemFamily.MetaTrainingSettings.OuterSchedule = .constant
    /// Whether given rate multipliers are learned (true) or held (fan-in-scaled rates alone).
    public var learnsRates = true
    /// Adam's rate on the log-multipliers ρ of the inner rates, when they are learned.
    public var rateLearningRate = 1e-2
    /// The range ρ is held in (multipliers e^−9 ≈ 1.2e-4 to e^4 ≈ 55).
    public var rateBounds = -9.0...4.0
    public var tasksPerStep: Int
    public let tasks: [MetaTask<T>]
    public var workers = 1
    /// The processes the tasks of a step are spread over (an MPI job's ranks, or this one alone).
    public var group: any ProcessGroup = SingleProcess.shared

    public init(
        algorithm: MetaGradient, inner: InnerLoop<T>, outerLearningRate: Double, tasksPerStep: Int,
        tasks: [MetaTask<T>]
    ) {
        precondition(!tasks.isEmpty, "meta-learning needs at least one task")
        self.algorithm = algorithm
        self.inner = inner
        self.outerLearningRate = outerLearningRate
        self.tasksPerStep = tasksPerStep
        self.tasks = tasks
    }

    /// `train(_:mask:steps:round:rng:rates:progress:)` with the plain inner rate (no multipliers learned).
    public func train(
        _ net: inout Siren<T>, mask: ParameterMask, steps: Int, round: Int,
        rng: inout SeededGenerator, progress: (MetaRecord) -> Void = { _ in }
    ) -> [MetaRecord] {
        var none: LayerRateMultipliers?
        return train(&net, mask: mask, steps: steps, round: round, rng: &rng, rates: &none, progress: progress)
    }

    /// Runs `steps` meta-steps on `net` under `mask` (pruned entries of `net` are zeroed first and
    /// its layers sparse enough for the CSR kernels run on them, `SirenSparsity`);
    /// tasks are drawn with replacement (`rng.next() % tasks.count`). With `rates`, the inner loop
    /// uses them and, with `learnsRates`, each step updates them. `progress` sees every record.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func train(
        _ net: inout Siren<T>, mask: ParameterMask, steps: Int, round: Int,
        rng: inout SeededGenerator, rates: inout LayerRateMultipliers?,
        progress: (MetaRecord) -> Void = { _ in }
    ) -> [MetaRecord] {
        precondition(mask.architecture == net.architecture, "the mask belongs to another architecture")
        mask.zeroPruned(&net.parameters)
        net.sparsity = SirenSparsity(mask: mask)
        let count = net.architecture.parameterCount
        let schedule: LearningRateSchedule =
            switch outerSchedule {
            case .constant: .constant(rate: outerLearningRate)
            case .cosine: .cosine(rate: outerLearningRate, floor: outerLearningRate / 100, steps: steps)
            }
        var adam = Adam<T>(parameterCount: count, schedule: schedule)
        var metaGradient = [T](repeating: 0, count: count)
        let gradients = Slots([[T]](repeating: [T](repeating: 0, count: count), count: tasksPerStep))
        let outcomes = Slots([TaskOutcome](repeating: TaskOutcome(before: 0, after: 0), count: tasksPerStep))
        let learnRates = learnsRates && rates != nil
        var rateAdam =
            learnRates
            ? rates.map {
                Adam<Double>(parameterCount: $0.logMultipliers.count, schedule: .constant(rate: rateLearningRate))
            }
            : nil
        let pool = Slots([PDELoss<T>?](repeating: nil, count: max(1, workers)))
        var records: [MetaRecord] = []
        var inner = inner
        if let rates { inner.rateMultipliers = rates.perParameter(T.self) }
        for step in 0..<steps {
            let drawn = (0..<tasksPerStep).map { _ in tasks[Int(rng.next() % UInt64(tasks.count))] }
            let start = net
            let owned = BlockOwnership(blockCount: tasksPerStep, rank: group.rank, size: group.size).owned
            forEachConcurrently(owned.count, workers: workers) { worker, j in
                let i = owned.lowerBound + j, task = drawn[i]
                let loss = task.loss(reusing: pool[worker], mask: mask)
                pool[worker] = loss
                var g = gradients[i]
                gradients[i] = [] // g is now the only reference: no copy on write
                for k in g.indices { g[k] = 0 }
                outcomes[i] = algorithm.accumulate(
                    start, loss: loss, boundaryWeight: task.boundaryWeight, inner: inner,
                    weight: 1, into: &g, rateGradient: learnRates)
                gradients[i] = g
            }
            if group.size > 1 {
                share(gradients, outcomes, parameters: count, rates: learnRates ? rates?.logMultipliers.count ?? 0 : 0)
            }
            let weight = 1 / T(tasksPerStep)
            for k in metaGradient.indices { metaGradient[k] = 0 }
            for i in 0..<tasksPerStep {
                let g = gradients[i]
                for k in metaGradient.indices { metaGradient[k] += weight * g[k] }
            }
            mask.zeroPruned(&metaGradient)
            adam.update(&net.parameters, gradient: metaGradient)
            if var r = rates, var optimizer = rateAdam {
                var mean = [Double](repeating: 0, count: r.logMultipliers.count)
                for outcome in outcomes.all {
                    for (j, g) in (outcome.rateGradient ?? []).enumerated() { mean[j] += g / Double(tasksPerStep) }
                }
                optimizer.update(&r.logMultipliers, gradient: mean)
                r.logMultipliers = r.logMultipliers.map { min(max($0, rateBounds.lowerBound), rateBounds.upperBound) }
                rates = r
                rateAdam = optimizer
                inner.rateMultipliers = r.perParameter(T.self) // the next step adapts with the moved rates
            }
            let mean = outcomes.all.reduce((0.0, 0.0)) { ($0.0 + $1.before, $0.1 + $1.after) }
            let record = MetaRecord(
                round: round, step: step, freeParameters: mask.freeCount,
                lossBefore: mean.0 / Double(tasksPerStep), lossAfter: mean.1 / Double(tasksPerStep))
            records.append(record)
            progress(record)
        }
        return records
    }

    /// Every rank's tasks' meta-gradients and outcomes gathered into `gradients` and `outcomes` on
    /// every rank (each rank computed the tasks `BlockOwnership` gives it): `count` entries of each
    /// meta-gradient, `rates` of ∂L/∂ρ.
    private func share(_ gradients: Slots<[T]>, _ outcomes: Slots<TaskOutcome>, parameters count: Int, rates: Int) {
        let stride = 3 + rates + count
        let ownership = BlockOwnership(blockCount: tasksPerStep, rank: group.rank, size: group.size)
        var local: [Double] = []
        local.reserveCapacity(ownership.owned.count * stride)
        for i in ownership.owned {
            let outcome = outcomes[i], rateGradient = outcome.rateGradient ?? []
            precondition(rateGradient.isEmpty || rateGradient.count == rates, "one ∂L/∂ρ per multiplier")
            local += [outcome.before, outcome.after, outcome.rateGradient == nil ? 0 : 1]
            local += rateGradient.isEmpty ? [Double](repeating: 0, count: rates) : rateGradient
            local += gradients[i].map { Double($0) }
        }
        var all: [Double] = []
        group.allGather(
            local, counts: (0..<group.size).map { ownership.blocks(of: $0).count * stride }, into: &all)
        for i in 0..<tasksPerStep {
            let o = i * stride
            outcomes[i] = TaskOutcome(
                before: all[o], after: all[o + 1],
                rateGradient: all[o + 2] != 0 ? Array(all[o + 3..<o + 3 + rates]) : nil)
            gradients[i] = all[o + 3 + rates..<o + stride].map { T($0) }
        }
    }
}
