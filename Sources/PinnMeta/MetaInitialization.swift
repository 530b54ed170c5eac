import PinnBinding
import PinnNetwork
import PinnProblems

/// What `pinn meta-train` produces and `pinn solve --init` / `pinn meta-eval` read: the meta-learned
/// sparse initialisation with its mask, the dense one it was pruned from, optionally the two
/// meta-learned baselines, the settings and the meta-training history.
public struct MetaInitialization: Sendable, Equatable {
    public var familyName: String
    /// The family file's JSON text and its base problem's (provenance; may be empty).
    public var familyJSON = ""
    public var baseJSON = ""
    public var algorithm: MetaGradient
    public var settings: ProblemFamily.MetaTrainingSettings
    /// "f32" or "f64": the precision of meta-training, in which the parameters are stored.
    public var precision: String
    /// The sparse meta-learned initialisation (magnitude pruning) and its mask.
    public var sparse: InitialNetwork
    /// The dense meta-learned initialisation, before pruning.
    public var dense: InitialNetwork
    /// Baseline: the same iterative schedule with random pruning.
    public var randomPruned: InitialNetwork?
    /// Baseline: a dense network narrowed to the sparse one's free parameter count, meta-learned.
    public var denseNarrow: InitialNetwork?
    public var history: [MetaRecord]
    /// Wall time of the dense phase and the pruning rounds, and of the baselines.
    public var seconds: Double
    public var baselineSeconds = 0.0

    public init(
        familyName: String, algorithm: MetaGradient, settings: ProblemFamily.MetaTrainingSettings,
        precision: String, sparse: InitialNetwork, dense: InitialNetwork, history: [MetaRecord], seconds: Double
    ) {
        self.familyName = familyName
        self.algorithm = algorithm
        self.settings = settings
        self.precision = precision
        self.sparse = sparse
        self.dense = dense
        self.history = history
        self.seconds = seconds
    }

    /// Fraction of the prunable (hidden-to-hidden) weights that the sparse initialisation prunes.
    public var achievedSparsity: Double {
        sparse.mask?.sparsity(over: Pruning.prunableIndices(sparse.architecture)) ?? 0
    }
}

/// A meta-initialisation file that cannot be used.
public struct MetaFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// The HDF5 object at fault ("/" for the file).
    public var path: String
    public var message: String

    public var description: String { "\(file): \(path): \(message)" }
}
