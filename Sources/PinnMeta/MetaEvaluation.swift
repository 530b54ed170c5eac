import Dispatch
import PinnBinding
import PinnNetwork
import PinnNumerics
import PinnProblems
import PinnTraining

/// The starting points `pinn meta-eval` compares (the first four are the paper's comparison).
public enum MetaEvaluationMethod: String, Sendable, CaseIterable, Codable {
    /// The meta-learned sparse initialisation (iterative magnitude pruning).
    case metaSparse = "meta-sparse"
    /// The dense meta-learned initialisation pruned at random to the same sparsity, meta-retrained.
    case randomPruned = "random-pruned"
    /// A dense network narrowed to the same free-parameter count, meta-learned.
    case denseNarrow = "dense-narrow"
    /// A SIREN initialisation of the narrowed width (no meta-learning).
    case randomInit = "random-init"
    /// The dense meta-learned initialisation before pruning (more free parameters; for reference).
    case metaDense = "meta-dense"

    /// The comparison at equal free-parameter count.
    public static let comparison: [MetaEvaluationMethod] = [.metaSparse, .randomPruned, .denseNarrow, .randomInit]
}

/// The comparison of Lee et al. (2021, §4) on held-out members of a family: the same inner loop
/// (Adam, constant learning rate, the same collocation points) from four initialisations of equal
/// free-parameter count, with the relative L2 error against the exact solution after every step.
public struct MetaEvaluation<T: PinnScalar> {
    public typealias Method = MetaEvaluationMethod

    public let family: ProblemFamily
    public let initialization: MetaInitialization
    public let settings: ProblemFamily.EvaluationSettings
    public let learningRate: Double
    /// The networks each method starts from (the random initialisation is drawn per member).
    public let networks: [Method: InitialNetwork]
    /// The initialisation's file, for errors.
    public let path: String

    /// The networks available in `initialization` (the baselines only when it has them; `path` names
    /// the file in errors).
    public init(family: ProblemFamily, initialization: MetaInitialization, path: String) {
        self.family = family
        self.initialization = initialization
        self.path = path
        settings = family.evaluation
        learningRate = family.evaluationLearningRate
        var networks: [Method: InitialNetwork] = [.metaSparse: initialization.sparse, .metaDense: initialization.dense]
        networks[.randomPruned] = initialization.randomPruned
        networks[.denseNarrow] = initialization.denseNarrow
        // Only the architecture is used: random-init draws a SIREN initialisation per member.
        let sparse = initialization.sparse
        let narrow = SparseMetaTraining<T>.narrowed(
            sparse.architecture,
            toParameterCount: sparse.mask?.freeCount ?? sparse.architecture.parameterCount)
        networks[.randomInit] = InitialNetwork(
            architecture: narrow, parameters: [Double](repeating: 0, count: narrow.parameterCount))
        self.networks = networks
    }

    /// Runs `methods` on members 0 ..< `settings.members` of the evaluation seed, `workers` members
    /// at a time on their own threads; `progress` sees each member's runs (in member order). Under MPI
    /// (`group`) rank r of R runs members ⌊nr/R⌋ ..< ⌊n(r+1)/R⌋ and every rank gets every member's
    /// runs (in member order) at the end, so the report is the single process's.
    public func run(
        methods: [Method] = Method.comparison, workers: Int = 1, group: any ProcessGroup = SingleProcess.shared,
        progress: ([MetaEvaluationRun]) -> Void = { _ in }
    ) throws -> MetaEvaluationReport {
        for method in methods where networks[method] == nil {
            throw MetaFileError(
                file: path, path: "/baselines",
                message: "has no \(method.rawValue) network: meta-eval "
                    + "compares against the meta-learned baselines (run pinn meta-train --baselines)")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let seed = family.evaluationSeed
        var tasks: [MetaTask<T>] = [], probes: [ErrorProbe<T>] = []
        for index in 0..<settings.members {
            let task = try MetaTask<T>(
                member: family.member(index, seed: seed), interiorPoints: family.evaluationPoints.interior,
                boundaryPoints: family.evaluationPoints.boundary)
            guard let probe = ErrorProbe<T>(problem: task.problem, points: settings.grid) else {
                throw ProblemError(
                    file: family.resolvedBasePath, path: "exact",
                    message: "meta-eval measures errors against the exact solution; the base problem states none")
            }
            tasks.append(task)
            probes.append(probe)
        }
        var runs: [MetaEvaluationRun] = []
        let owned = BlockOwnership(blockCount: max(1, tasks.count), rank: group.rank, size: group.size).owned
        var ownRuns: [[MetaEvaluationRun]] = []
        for batch in stride(from: owned.lowerBound, to: min(owned.upperBound, tasks.count), by: max(1, workers)) {
            let members = Array(batch..<min(owned.upperBound, tasks.count, batch + max(1, workers)))
            let results = Slots([[MetaEvaluationRun]](repeating: [], count: members.count))
            forEachConcurrently(members.count, workers: workers) { _, i in
                results[i] = methods.map { self.run($0, task: tasks[members[i]], probe: probes[members[i]]) }
            }
            for memberRuns in results.all {
                if group.size == 1 {
                    runs += memberRuns
                    progress(memberRuns)
                } else {
                    ownRuns.append(memberRuns)
                }
            }
        }
        if group.size > 1 {
            for memberRuns in try group.allGather(ownRuns).joined() {
                runs += memberRuns
                progress(memberRuns)
            }
        }
        let runsOf = Dictionary(grouping: runs, by: \.method)
        let summaries = methods.map { method in
            MetaEvaluationSummary(
                method: method.rawValue, network: networks[method]!, runs: runsOf[method.rawValue] ?? [],
                settings: settings)
        }
        let comparisons = summaries.dropFirst().map { other in
            MetaEvaluationComparison(
                summaries[0], runsOf[summaries[0].method] ?? [], against: other, runsOf[other.method] ?? [])
        }
        return MetaEvaluationReport(
            family: family.name, seed: seed, members: settings.members, learningRate: learningRate,
            fanInRates: initialization.settings.fanInRates,
            targetError: settings.targetError, reportSteps: settings.reportSteps, maxSteps: settings.maxSteps,
            summaries: summaries, comparisons: comparisons, runs: runs,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }

    /// The rate multipliers `method` adapts with: those a meta-learned start was meta-trained with
    /// (if any); for the random SIREN, the fan-in-scaled rule when meta-training used one (nil: all 1).
    public func rates(_ method: Method) -> LayerRateMultipliers? {
        guard let start = networks[method] else { return nil }
        guard method == .randomInit else { return start.rates }
        return initialization.settings.fanInRates.map {
            LayerRateMultipliers(fanIn: start.architecture, mask: nil, hidden: $0.hidden, output: $0.output)
        }
    }

    /// One method on one member: Adam from the method's start, the error after every step, until
    /// the target is reached and every reported step is past (or `maxSteps`).
    public func run(_ method: Method, task: MetaTask<T>, probe: ErrorProbe<T>) -> MetaEvaluationRun {
        let start = networks[method]!
        var net: Siren<T> =
            method == .randomInit
            ? Siren(architecture: start.architecture, seed: initialization.settings.seed &+ 1000 &+ UInt64(task.index))
            : start.siren(T.self)
        var loss = PDELoss(interior: task.interior, boundary: task.boundary)
        loss.parameterMask = start.mask
        let lastReport = settings.reportSteps.max() ?? 0
        var errors: [Int: Double] = [:], reached: Int?
        func record(_ step: Int, _ error: Double) {
            if settings.reportSteps.contains(step) || step == 0 { errors[step] = error }
            if reached == nil, error <= settings.targetError { reached = step }
        }
        let inner = InnerLoop<T>(
            steps: settings.maxSteps, learningRate: learningRate,
            rateMultipliers: rates(method)?.perParameter(T.self))
        var stepsTaken = 0
        inner.adapt(&net, loss: loss, boundaryWeight: task.boundaryWeight) { step, _, current in
            record(step, probe.relativeError(current))
            stepsTaken = step
            return reached == nil || step < lastReport
        }
        if stepsTaken == settings.maxSteps - 1, reached == nil || lastReport == settings.maxSteps {
            record(settings.maxSteps, probe.relativeError(net))
        }
        return MetaEvaluationRun(
            method: method.rawValue, member: task.index,
            parameters: task.values.map { MetaEvaluationRun.Value(name: $0.name, value: $0.value) },
            errors: errors.sorted { $0.key < $1.key }.map { .init(step: $0.key, error: $0.value) },
            stepsToTarget: reached,
            stillZero: start.mask.map { $0.holdsZeros(in: net.parameters) } ?? true)
    }
}

/// One evaluation run: a method on a member.
public struct MetaEvaluationRun: Sendable, Equatable, Codable {
    public struct Value: Sendable, Equatable, Codable { public var name: String; public var value: Double }
    public struct StepError: Sendable, Equatable, Codable { public var step: Int; public var error: Double }
    public var method: String
    public var member: Int
    public var parameters: [Value]
    /// Relative L2 error after 0 and each reported step.
    public var errors: [StepError]
    /// Adam steps until the error first was ≤ the target; nil when not within maxSteps.
    public var stepsToTarget: Int?
    /// Whether every pruned parameter was still exactly zero at the end.
    public var stillZero: Bool

    public init(
        method: String, member: Int, parameters: [Value], errors: [StepError], stepsToTarget: Int?,
        stillZero: Bool
    ) {
        self.method = method
        self.member = member
        self.parameters = parameters
        self.errors = errors
        self.stepsToTarget = stepsToTarget
        self.stillZero = stillZero
    }

    public func error(after step: Int) -> Double? { errors.first { $0.step == step }?.error }
}

/// One method over all members.
public struct MetaEvaluationSummary: Sendable, Equatable, Codable {
    public var method: String
    public var width: Int
    public var freeParameters: Int
    /// Median over members of the error after 0 and each reported step.
    public var medianErrors: [MetaEvaluationRun.StepError]
    /// Median steps to the target over members (unreached runs count as beyond maxSteps: nil when
    /// at least half did not reach it).
    public var medianStepsToTarget: Int?
    /// Members that reached the target within maxSteps.
    public var reached: Int

    /// `method`'s summary over `runs` from `network` (the medians at 0 and each of `settings.reportSteps`).
    public init(
        method: String, network: InitialNetwork, runs: [MetaEvaluationRun], settings: ProblemFamily.EvaluationSettings
    ) {
        self.method = method
        width = network.architecture.width
        freeParameters = network.mask?.freeCount ?? network.architecture.parameterCount
        medianErrors = ([0] + settings.reportSteps).map { step in
            .init(step: step, error: Self.median(runs.compactMap { $0.error(after: step) }) ?? .nan)
        }
        reached = runs.filter { $0.stepsToTarget != nil }.count
        let steps = runs.map { Double($0.stepsToTarget ?? Int.max) }
        medianStepsToTarget = Self.median(steps).flatMap { $0 < Double(Int.max) / 2 ? Int($0.rounded(.up)) : nil }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// The outcome of `pinn meta-eval`.
public struct MetaEvaluationReport: Sendable, Equatable, Codable {
    public var family: String
    public var seed: UInt64
    public var members: Int
    public var learningRate: Double
    /// The fan-in-scaled rule the starts adapted with (nil: every parameter at `learningRate`).
    public var fanInRates: ProblemFamily.MetaTrainingSettings.FanInRates?
    public var targetError: Double
    public var reportSteps: [Int]
    public var maxSteps: Int
    public var summaries: [MetaEvaluationSummary]
    /// The first method (meta-sparse by default) against each of the others, member by member.
    public var comparisons: [MetaEvaluationComparison]
    public var runs: [MetaEvaluationRun]
    public var seconds: Double

    public func summary(_ method: MetaEvaluationMethod) -> MetaEvaluationSummary? {
        summaries.first { $0.method == method.rawValue }
    }
}
