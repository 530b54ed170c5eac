import PinnNumerics

/// One optimiser of a training run: Adam, L-BFGS, … A training loop takes its phases in order;
/// a new optimiser is a new phase type (with its case of `TrainingPhase`, which a checkpoint records,
/// and whatever state it carries in `TrainingState`), not a new loop.
public protocol OptimiserPhase: Sendable {
    /// The state's phase while this one runs (what a checkpoint records).
    var kind: TrainingPhase { get }
    /// Whether the phase has no step to take (then the loop skips it).
    var isEmpty: Bool { get }
    /// Starts the phase at the live parameters (after the previous phase). Returns false when its
    /// first evaluation is not finite; the loop then rolls back.
    func begin<Objective: TrainingObjective>(_ run: inout TrainingRun<Objective>) -> Bool
    /// Takes the phase's steps from `run.state` until it is done (returns nil) or the run must stop
    /// (returns how it ended). Consults `run.control` before every step.
    func run<Objective: TrainingObjective>(
        _ run: inout TrainingRun<Objective>,
        progress: (Objective.Record) -> Bool
    ) throws -> TrainingOutcome?
}

extension TrainingPhase {
    /// The phase's name in notes for the user ("Adam", "L-BFGS").
    public var displayName: String {
        switch self {
        case .adam: "Adam"
        case .lbfgs: "L-BFGS"
        case .gaussNewton: "Gauss–Newton"
        case .finished: "finished"
        }
    }
}
