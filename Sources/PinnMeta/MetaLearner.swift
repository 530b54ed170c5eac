import PinnNetwork
import PinnNumerics
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
public struct MetaLearner<T: PinnScalar> {
    public var algorithm: MetaGradient
    public var inner: InnerLoop<T>
    public var outerLearningRate: Double
    public var tasksPerStep: Int
    public let tasks: [MetaTask<T>]

    public init(algorithm: MetaGradient, inner: InnerLoop<T>, outerLearningRate: Double, tasksPerStep: Int,
                tasks: [MetaTask<T>]) {
        precondition(!tasks.isEmpty, "meta-learning needs at least one task")
        self.algorithm = algorithm
        self.inner = inner
        self.outerLearningRate = outerLearningRate
        self.tasksPerStep = tasksPerStep
        self.tasks = tasks
    }

    /// Runs `steps` meta-steps on `net` under `mask` (pruned entries of `net` are zeroed first);
    /// tasks are drawn with replacement by `rng`. `progress` sees every record.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func train(_ net: inout Siren<T>, mask: ParameterMask, steps: Int, round: Int,
                      rng: inout SeededGenerator, progress: (MetaRecord) -> Void = { _ in }) -> [MetaRecord] {
        precondition(mask.architecture == net.architecture, "the mask belongs to another architecture")
        mask.zeroPruned(&net.parameters)
        let count = net.architecture.parameterCount
        var adam = Adam<T>(parameterCount: count, schedule: .constant(rate: outerLearningRate))
        var metaGradient = [T](repeating: 0, count: count)
        var shared: PDELoss<T>?
        var records: [MetaRecord] = []
        let weight = 1 / T(tasksPerStep)
        for step in 0..<steps {
            for i in metaGradient.indices { metaGradient[i] = 0 }
            var before = 0.0, after = 0.0
            for _ in 0..<tasksPerStep {
                let task = tasks[Int(rng.next() % UInt64(tasks.count))]
                let loss = task.loss(reusing: shared, mask: mask)
                shared = loss
                let (b, a) = algorithm.accumulate(net, loss: loss, boundaryWeight: task.boundaryWeight, inner: inner,
                                                  weight: weight, into: &metaGradient)
                before += b / Double(tasksPerStep)
                after += a / Double(tasksPerStep)
            }
            mask.zeroPruned(&metaGradient)
            adam.update(&net.parameters, gradient: metaGradient)
            let record = MetaRecord(round: round, step: step, freeParameters: mask.freeCount, lossBefore: before,
                                    lossAfter: after)
            records.append(record)
            progress(record)
        }
        return records
    }
}
