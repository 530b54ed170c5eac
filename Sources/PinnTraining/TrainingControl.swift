import PinnNumerics

/// How a training loop answers a non-finite loss or gradient: it rolls back to the last state whose
/// loss and gradient were finite (kept in memory every step), multiplies the learning rate by
/// `backoff` and goes on, at most `maxRecoveries` times; after that it stops early at that state.
/// When a failure repeats before training got past the previous one, the rollback goes further, to
/// the state kept every `anchorEvery` steps. L-BFGS instead forgets its curvature pairs and retries
/// from its last point (steepest descent).
///
/// A finite Adam loss that blows up (`divergence`: more than F times the smallest loss of the last W
/// steps) counts as a failure too, sharing the `maxRecoveries`: the rollback goes to the newest
/// anchor at or before the step of that smallest loss (the two latest anchors are kept, so one
/// qualifies when W ≤ `anchorEvery`), since the steps after it may already have been on the way up.
public struct RecoveryPolicy: Equatable, Sendable {
    public var maxRecoveries: Int
    public var backoff: Double
    public var anchorEvery: Int
    public var divergence: DivergenceRule

    public init(
        maxRecoveries: Int = 5, backoff: Double = 0.5, anchorEvery: Int = 100,
        divergence: DivergenceRule = DivergenceRule()
    ) {
        self.maxRecoveries = maxRecoveries
        self.backoff = backoff
        self.anchorEvery = anchorEvery
        self.divergence = divergence
    }

    /// Whether the state at `step` is kept as the anchor.
    public func isAnchor(_ step: Int) -> Bool { step % max(1, anchorEvery) == 0 }
}

/// What a training loop consults between steps: whether a signal asked it to stop, when to save a
/// checkpoint and where, how to recover from non-finite values, and whom to tell what happened.
public struct TrainingControl<T: PinnScalar, Record: Sendable> {
    public typealias State = TrainingState<T, Record>
    /// Save a checkpoint whenever this many steps have been taken (0: only when interrupted).
    public var checkpointEvery: Int
    /// Writes a checkpoint of the state at a step boundary.
    public var saveCheckpoint: ((State) throws -> Void)?
    /// The signal that asked training to stop, if any (polled before every step).
    public var interruption: () -> Int32?
    public var recovery: RecoveryPolicy
    /// Receives one-line notes (recoveries) for the user.
    public var note: (String) -> Void

    public init(
        checkpointEvery: Int = 0, saveCheckpoint: ((State) throws -> Void)? = nil,
        interruption: @escaping () -> Int32? = { nil }, recovery: RecoveryPolicy = RecoveryPolicy(),
        note: @escaping (String) -> Void = { _ in }
    ) {
        self.checkpointEvery = checkpointEvery
        self.saveCheckpoint = saveCheckpoint
        self.interruption = interruption
        self.recovery = recovery
        self.note = note
    }

    /// Called before a step with the state as it stands (`state()` builds it only when needed):
    /// saves a checkpoint when one is due (every `checkpointEvery` steps, not twice at one count) or
    /// when a signal arrived, and returns that signal.
    public func beforeStep(stepsTaken: Int, lastSaved: inout Int, state: () -> State) throws -> Int32? {
        if let signal = interruption() {
            try saveCheckpoint?(state())
            return signal
        }
        if checkpointEvery > 0, stepsTaken > 0, stepsTaken % checkpointEvery == 0, stepsTaken != lastSaved,
            let save = saveCheckpoint
        {
            try save(state())
            lastSaved = stepsTaken
        }
        return nil
    }
}

/// The part of a training state that a rollback restores, captured in place after a step whose loss
/// and gradient were finite (so keeping it does not allocate): every step (the last good state) and
/// every `RecoveryPolicy.anchorEvery` steps (the anchor).
public struct LastGoodState<T: PinnScalar>: Sendable {
    public private(set) var isSet = false
    var parameters: [T] = []
    var adam: Adam<T>
    /// The Adam step it was captured at.
    public internal(set) var step = 0
    var lossWeight = 1.0
    var samplingStep = 0
    var random: SeededGenerator?
    var historyCount = 0

    public init(parameterCount: Int) {
        adam = Adam(parameterCount: parameterCount)
        parameters = [T](repeating: 0, count: parameterCount)
    }

    /// Remembers `state` at the start of its current step, with `parameters` (the live vector) and
    /// `random` as it was before the step drew anything.
    public mutating func capture<Record>(
        _ state: TrainingState<T, Record>, parameters live: [T],
        random: SeededGenerator? = nil
    ) {
        copyContents(of: live, into: &parameters)
        adam.assign(from: state.adam)
        step = state.step
        lossWeight = state.lossWeight
        samplingStep = state.samplingStep
        self.random = random ?? state.random
        historyCount = state.history.count
        isSet = true
    }

    /// Becomes a copy of `other`, in place (no allocation when the sizes agree).
    public mutating func assign(from other: LastGoodState) {
        copyContents(of: other.parameters, into: &parameters)
        adam.assign(from: other.adam)
        step = other.step
        lossWeight = other.lossWeight
        samplingStep = other.samplingStep
        random = other.random
        historyCount = other.historyCount
        isSet = other.isSet
    }

    /// Puts the remembered state back into `state` and `live`, dropping the history after it.
    public func restore<Record>(into state: inout TrainingState<T, Record>, parameters live: inout [T]) {
        copyContents(of: parameters, into: &live)
        state.adam.assign(from: adam)
        state.step = step
        state.lossWeight = lossWeight
        state.samplingStep = samplingStep
        state.random = random
        state.history.removeSubrange(historyCount...)
        state.phase = .adam
        state.lbfgs = nil
        state.gaussNewton = nil
    }
}

/// Whether every entry is finite.
@inlinable
public func allFinite<T: PinnScalar>(_ values: [T]) -> Bool {
    values.withUnsafeBufferPointer { v in
        for x in v where !x.isFinite { return false }
        return true
    }
}
