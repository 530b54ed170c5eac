import Dispatch
import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// Meta-learning a sparse SIREN initialisation over a problem family, after Lee et al. (2021):
/// meta-train the dense network (`outerSteps` meta-steps), then repeat {prune `pruneFraction` of the
/// remaining hidden-to-hidden weights by magnitude; meta-train `roundSteps` steps with the new mask}
/// until `sparsity` is reached. The meta-gradient is first-order (`MetaGradient`).
///
/// It also trains the two meta-learned baselines of the paper's comparison: the same iterative
/// schedule with random instead of magnitude pruning, and a dense network narrowed to the same
/// number of free parameters, meta-trained for as many meta-steps as the sparse one in total.
public struct SparseMetaTraining<T: PinnScalar> {
    public let family: ProblemFamily
    public let settings: ProblemFamily.MetaTrainingSettings
    /// The dense network's shape: the base problem's `network` settings, as `pinn solve` builds it.
    public let architecture: SirenArchitecture
    public private(set) var learner: MetaLearner<T>

    /// Builds the tasks of the family's training members (seed `family.seed`, indices 0 ..< members);
    /// each meta-step runs its tasks on `workers` threads, spread over the processes of `group`.
    public init(family: ProblemFamily, workers: Int = 1, group: any ProcessGroup = SingleProcess.shared) throws {
        self.family = family
        settings = family.metaTraining
        let base = try BoundProblem(family.base)
        architecture = base.architecture()
        learner = MetaLearner(
            algorithm: MetaGradient(rawValue: settings.algorithm.rawValue) ?? .reptile,
            inner: InnerLoop(steps: settings.innerSteps, learningRate: settings.innerLearningRate),
            outerLearningRate: settings.outerLearningRate, tasksPerStep: settings.tasksPerStep,
            tasks: try family.tasks(0..<family.members))
        learner.workers = workers
        learner.group = group
        learner.learnsRates = settings.learnRates
        learner.rateLearningRate = settings.rateLearningRate
        learner.outerSchedule = settings.outerSchedule
    }

    /// The rate multipliers a dense network of `architecture` starts meta-training with: the
    /// fan-in-scaled ones when the settings ask for them, else all 1 when they learn them, else nil.
    func initialRates(_ architecture: SirenArchitecture) -> LayerRateMultipliers? {
        if let f = settings.fanInRates {
            return LayerRateMultipliers(fanIn: architecture, mask: nil, hidden: f.hidden, output: f.output)
        }
        return settings.learnRates ? LayerRateMultipliers(ones: architecture) : nil
    }

    /// Prunable weights kept after each pruning round.
    public var schedule: [Int] {
        Pruning.schedule(
            prunable: Pruning.prunableIndices(architecture).count, sparsity: settings.sparsity,
            fraction: settings.pruneFraction)
    }

    /// Meta-steps in total: the dense phase and every round's retraining.
    public var totalSteps: Int { settings.outerSteps + schedule.count * settings.roundSteps }

    /// The dense meta-learned network (the dense phase alone).
    public func dense(progress: (MetaRecord) -> Void = { _ in })
        -> (net: Siren<T>, rates: LayerRateMultipliers?, history: [MetaRecord])
    {
        var net = Siren<T>(architecture: architecture, seed: settings.seed)
        var rng = SeededGenerator(seed: settings.seed &+ 1)
        var rates = initialRates(architecture)
        let history = learner.train(
            &net, mask: ParameterMask(dense: architecture), steps: settings.outerSteps, round: 0,
            rng: &rng, rates: &rates, progress: progress)
        return (net, rates, history)
    }

    /// Iterative pruning from `dense` (with its `rates`, which meta-retraining goes on learning if
    /// it learns them, and which follow each round's fan-ins if they are fan-in-scaled) to the
    /// target sparsity with meta-retraining after each round.
    public func pruned(
        from dense: Siren<T>, rates: LayerRateMultipliers? = nil, criterion: Pruning.Criterion,
        progress: (MetaRecord) -> Void = { _ in }
    )
        -> (net: Siren<T>, mask: ParameterMask, rates: LayerRateMultipliers?, history: [MetaRecord])
    {
        var net = dense
        var rates = rates ?? initialRates(architecture)
        var mask = ParameterMask(dense: architecture)
        var rng = SeededGenerator(seed: settings.seed &+ 2)
        var history: [MetaRecord] = []
        for (round, keep) in schedule.enumerated() {
            var roundCriterion = criterion
            if case .random(let seed) = criterion { roundCriterion = .random(seed: seed &+ UInt64(round)) }
            let previous = mask
            mask = Pruning.prune(net.parameters, mask: mask, keep: keep, criterion: roundCriterion)
            if settings.fanInRates != nil { rates = rates?.following(pruning: previous, to: mask) }
            history += learner.train(
                &net, mask: mask, steps: settings.roundSteps, round: round + 1, rng: &rng,
                rates: &rates, progress: progress)
        }
        return (net, mask, rates, history)
    }

    /// The dense network of the same depth whose width gives the parameter count nearest `count`,
    /// meta-trained from a SIREN initialisation for `totalSteps` meta-steps.
    public func denseNarrow(matching count: Int, progress: (MetaRecord) -> Void = { _ in })
        -> (net: Siren<T>, rates: LayerRateMultipliers?, history: [MetaRecord])
    {
        let narrow = Self.narrowed(architecture, toParameterCount: count)
        var net = Siren<T>(architecture: narrow, seed: settings.seed)
        var rng = SeededGenerator(seed: settings.seed &+ 3)
        var rates = initialRates(narrow)
        let history = learner.train(
            &net, mask: ParameterMask(dense: narrow), steps: totalSteps, round: 0, rng: &rng,
            rates: &rates, progress: progress)
        return (net, rates, history)
    }

    /// `architecture` with the width (1 … its width) whose parameter count is nearest `count`
    /// (the smaller width on a tie).
    public static func narrowed(_ architecture: SirenArchitecture, toParameterCount count: Int) -> SirenArchitecture {
        var best = architecture
        best.width = 1
        for width in 1...architecture.width {
            var candidate = architecture
            candidate.width = width
            if abs(candidate.parameterCount - count) < abs(best.parameterCount - count) { best = candidate }
        }
        return best
    }

    /// Everything `pinn meta-train` computes: the sparse initialisation, the dense one it was pruned
    /// from and, with `baselines`, the random-pruned and dense-narrow meta-learned networks.
    public func run(baselines: Bool, progress: (String, MetaRecord) -> Void = { _, _ in }) -> MetaInitialization {
        let start = DispatchTime.now().uptimeNanoseconds
        let dense = dense { progress("dense", $0) }
        let sparse = pruned(from: dense.net, rates: dense.rates, criterion: Pruning.Criterion(settings.pruning)) {
            progress("sparse", $0)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        var settings = settings
        settings.output = "" // where the file goes is the caller's business
        var result = MetaInitialization(
            familyName: family.name, algorithm: learner.algorithm, settings: settings, precision: T.precisionName,
            sparse: InitialNetwork(
                architecture: architecture, parameters: sparse.net.parameters.map(Double.init),
                mask: sparse.mask, rates: sparse.rates),
            dense: InitialNetwork(
                architecture: architecture, parameters: dense.net.parameters.map(Double.init),
                rates: dense.rates),
            history: dense.history + sparse.history, seconds: seconds)
        guard baselines else { return result }
        let random = pruned(from: dense.net, rates: dense.rates, criterion: .random(seed: settings.seed &+ 4)) {
            progress("random-pruned", $0)
        }
        result.randomPruned = InitialNetwork(
            architecture: architecture, parameters: random.net.parameters.map(Double.init),
            mask: random.mask, rates: random.rates)
        let narrow = denseNarrow(matching: sparse.mask.freeCount) { progress("dense-narrow", $0) }
        result.denseNarrow = InitialNetwork(
            architecture: narrow.net.architecture,
            parameters: narrow.net.parameters.map(Double.init), rates: narrow.rates)
        result.baselineSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 - seconds
        return result
    }
}

extension Pruning.Criterion {
    /// The criterion a family's `metaTraining.pruning` names.
    public init(_ setting: ProblemFamily.MetaTrainingSettings.PruningCriterion) {
        self =
            switch setting {
            case .magnitude: .magnitude
            case .neuron: .neuronMagnitude
            }
    }
}
