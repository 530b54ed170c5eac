import Foundation

/// A family of PDE problems: a base problem whose named parameters are drawn from ranges.
/// JSON (everything but `kind`, `base` and `parameters` has a default):
///
///     { "kind": "family",
///       "name": "poisson_family",                    // default: the file name without .json
///       "base": "poisson_family_base.json",          // a poisson/helmholtz problem, relative to this file
///       "parameters": {"a": [1, 4], "b": [1, 4]},    // name: [lower, upper], drawn uniformly
///       "seed": 0,                                   // the training members' seed
///       "members": 128,                              // how many training members meta-training draws from
///       "metaTraining": { … },                       // see `MetaTrainingSettings`
///       "evaluation": { … },                         // see `EvaluationSettings`
///       "description": "…" }
///
/// Member `i` of seed `s` is the base problem with every family parameter replaced by a draw from
/// its range (the base must declare each as a parameter, so that it runs as it stands). Members are
/// addressed by (seed, index) and do not depend on how many are listed; held-out members for
/// evaluation come from another seed (`evaluation.seed`).
public struct ProblemFamily: Sendable, Equatable {
    /// One parameter drawn uniformly from `[lower, upper)`.
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var lower: Double
        public var upper: Double

        public init(name: String, lower: Double, upper: Double) {
            self.name = name
            self.lower = lower
            self.upper = upper
        }
    }

    public var name: String
    /// The base problem's path as written in the family file.
    public var basePath: String
    /// The base problem's path resolved against the family file's directory.
    public var resolvedBasePath: String
    /// The base problem, decoded and validated.
    public var base: ProblemFile
    /// The base problem's JSON text, from which members are written.
    public var baseJSON: Data
    /// The drawn parameters, sorted by name (the order in which they are drawn).
    public var parameters: [Parameter]
    /// Seed of the training members.
    public var seed: UInt64
    /// Number of training members (indices `0 ..< members` of `seed`).
    public var members: Int
    public var metaTraining: MetaTrainingSettings
    public var evaluation: EvaluationSettings
    public var description: String?

    /// The `kind` a family file states.
    public static let kind = "family"
}

extension ProblemFamily {
    /// How `pinn meta-train` learns an initialisation over the family (Lee et al. 2021: meta-learning,
    /// then iterative magnitude pruning with meta-retraining). Defaults in parentheses:
    ///
    /// - `algorithm` (`reptile`): the first-order meta-gradient, `reptile` (θ − φ_K) or `fomaml` (∇L(φ_K));
    /// - `innerSteps` (10), `innerLearningRate` (1e-3): Adam steps on one member's PINN loss, from fresh moments;
    /// - `outerSteps` (500): meta-steps on the dense network; `tasksPerStep` (4) members per meta-step;
    /// - `outerLearningRate` (1e-3): Adam on the meta-gradient; `outerSchedule` (`constant`) or `cosine`
    ///   annealing to 1 % over the dense phase and over each round (Nichol et al. anneal Reptile's step);
    /// - `sparsity` (0.9): fraction of the hidden-to-hidden weights pruned at the end;
    /// - `pruneFraction` (0.2): fraction of the remaining prunable weights removed per round;
    ///   `roundSteps` (200) meta-steps after each pruning;
    /// - `pruning` (`magnitude`): which weights a round removes, the smallest |w| of each layer
    ///   (`magnitude`) or of each neuron's incoming weights, so that every neuron keeps as many inputs (`neuron`);
    /// - `fanInRates` (none): `{"hidden": N_h, "output": N_o}` steps the weights of every layer after the
    ///   first at η·N/n, n that layer's free inputs per neuron, in the inner loop of meta-training, of
    ///   `pinn meta-eval` and of `pinn solve --init` (`LayerRateMultipliers(fanIn:…)`); none: all at η;
    /// - `learnRates` (false): also learn per-layer multipliers of the inner rate (weights and biases of
    ///   each layer), first-order, by Adam at `rateLearningRate` (1e-2) on their logarithms (from the
    ///   fan-in-scaled rates when `fanInRates` is set, else from 1);
    /// - `interiorPoints` (512), `boundaryPoints` (128): collocation points per member (Halton, the
    ///   member's own shift);
    /// - `seed` (0) for the network initialisation and the member order; `precision` (`f64`);
    /// - `output` (`Outputs/<name>_meta.h5`).
    public struct MetaTrainingSettings: Sendable, Equatable, Decodable {
        /// The first-order meta-gradients (second-order MAML through the Laplacian jet is not implemented).
        public enum Algorithm: String, Sendable, Equatable, CaseIterable, Codable { case reptile, fomaml }

        public var algorithm: Algorithm = .reptile
        public var innerSteps = 10
        public var innerLearningRate = 1e-3
        public var outerSteps = 500
        public var outerLearningRate = 1e-3
        /// How the outer rate evolves over the dense phase and over each round's meta-retraining.
        public enum OuterSchedule: String, Sendable, Equatable, CaseIterable, Codable { case constant, cosine }
        public var outerSchedule: OuterSchedule = .constant
        public var tasksPerStep = 4
        public var sparsity = 0.9
        public var pruneFraction = 0.2
        public var roundSteps = 200
        /// Which weights a pruning round removes: the smallest of each layer, or of each neuron's inputs.
        public enum PruningCriterion: String, Sendable, Equatable, CaseIterable, Codable { case magnitude, neuron }
        public var pruning: PruningCriterion = .magnitude
        /// The reference fan-ins N of fan-in-scaled inner rates (η·N/n for the weights of each layer after the first).
        public struct FanInRates: Sendable, Equatable, Codable {
            /// N of the hidden-to-hidden layers.
            public var hidden: Double
            /// N of the output layer.
            public var output: Double

            public init(hidden: Double, output: Double) {
                self.hidden = hidden
                self.output = output
            }

            public init(from decoder: any Decoder) throws {
                let o = try ProblemFileObject(decoder, known: ["hidden", "output"], what: "the fan-in-scaled rates")
                hidden = try o.required("hidden", context: "(the reference fan-in of the hidden-to-hidden layers)")
                output = try o.required("output", context: "(the reference fan-in of the output layer)")
            }
        }
        /// Fan-in-scaled inner rates; nil: every parameter at the inner rate.
        public var fanInRates: FanInRates?
        /// Whether meta-training also learns per-layer multipliers of the inner rate (`LayerRateMultipliers`).
        public var learnRates = false
        /// Adam's rate on their logarithms.
        public var rateLearningRate = 1e-2
        public var interiorPoints = 512
        public var boundaryPoints = 128
        public var seed: UInt64 = 0
        public var precision: ProblemFile.TrainingSettings.Precision = .f64
        /// Where the initialisation goes; empty means `Outputs/<family name>_meta.h5`.
        public var output = ""

        static let keys = [
            "algorithm", "innerSteps", "innerLearningRate", "outerSteps", "outerLearningRate",
            "outerSchedule", "tasksPerStep", "sparsity", "pruneFraction", "roundSteps", "pruning", "fanInRates",
            "learnRates", "rateLearningRate", "interiorPoints", "boundaryPoints", "seed", "precision", "output"
        ]

        public init() {}

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: Self.keys, what: "the meta-training settings")
            algorithm = try o.choice("algorithm", what: "meta-learning algorithm") ?? algorithm
            innerSteps = try o.value("innerSteps", default: innerSteps)
            innerLearningRate = try o.value("innerLearningRate", default: innerLearningRate)
            outerSteps = try o.value("outerSteps", default: outerSteps)
            outerLearningRate = try o.value("outerLearningRate", default: outerLearningRate)
            outerSchedule = try o.choice("outerSchedule", what: "outer learning-rate schedule") ?? outerSchedule
            tasksPerStep = try o.value("tasksPerStep", default: tasksPerStep)
            sparsity = try o.value("sparsity", default: sparsity)
            pruneFraction = try o.value("pruneFraction", default: pruneFraction)
            roundSteps = try o.value("roundSteps", default: roundSteps)
            pruning = try o.choice("pruning", what: "pruning criterion") ?? pruning
            fanInRates = try o.optional("fanInRates")
            learnRates = try o.value("learnRates", default: learnRates)
            rateLearningRate = try o.value("rateLearningRate", default: rateLearningRate)
            interiorPoints = try o.value("interiorPoints", default: interiorPoints)
            boundaryPoints = try o.value("boundaryPoints", default: boundaryPoints)
            seed = try o.value("seed", default: seed)
            precision = try o.choice("precision", what: "precision") ?? precision
            output = try o.value("output", default: output)
        }

    }

    /// How `pinn meta-eval` compares initialisations on held-out members. Defaults in parentheses:
    /// `seed` (the family seed + 1; must differ from it), `members` (20), `reportSteps` ([1, 10, 100]),
    /// `maxSteps` (2000), `targetError` (1e-2, relative L2 against the exact solution),
    /// `learningRate` (the inner learning rate; Adam, constant), `grid` (65 points per axis for the error),
    /// `interiorPoints`, `boundaryPoints` (those of meta-training).
    public struct EvaluationSettings: Sendable, Equatable, Decodable {
        /// nil: the family seed + 1.
        public var seed: UInt64?
        public var members = 20
        public var reportSteps = [1, 10, 100]
        public var maxSteps = 2000
        public var targetError = 1e-2
        /// nil: `metaTraining.innerLearningRate`.
        public var learningRate: Double?
        public var grid = 65
        /// nil: `metaTraining.interiorPoints`, `metaTraining.boundaryPoints`.
        public var interiorPoints: Int?
        public var boundaryPoints: Int?

        static let keys = [
            "seed", "members", "reportSteps", "maxSteps", "targetError", "learningRate", "grid",
            "interiorPoints", "boundaryPoints"
        ]

        public init() {}

        public init(from decoder: any Decoder) throws {
            let o = try ProblemFileObject(decoder, known: Self.keys, what: "the evaluation settings")
            seed = try o.optional("seed")
            members = try o.value("members", default: members)
            reportSteps = try o.value("reportSteps", default: reportSteps)
            maxSteps = try o.value("maxSteps", default: maxSteps)
            targetError = try o.value("targetError", default: targetError)
            learningRate = try o.optional("learningRate")
            grid = try o.value("grid", default: grid)
            interiorPoints = try o.optional("interiorPoints")
            boundaryPoints = try o.optional("boundaryPoints")
        }
    }

    /// The held-out members' seed.
    public var evaluationSeed: UInt64 { evaluation.seed ?? seed &+ 1 }

    /// The Adam learning rate of the evaluation runs.
    public var evaluationLearningRate: Double { evaluation.learningRate ?? metaTraining.innerLearningRate }

    /// Collocation points of each evaluation run.
    public var evaluationPoints: (interior: Int, boundary: Int) {
        (
            evaluation.interiorPoints ?? metaTraining.interiorPoints,
            evaluation.boundaryPoints ?? metaTraining.boundaryPoints
        )
    }

    /// Where `pinn meta-train` writes by default.
    public var metaOutputPath: String {
        metaTraining.output.isEmpty ? "Outputs/\(name)_meta.h5" : metaTraining.output
    }
}
