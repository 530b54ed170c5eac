/// One training step as a progress display or a log shows it, whatever the trainer.
public struct TrainingLogEntry: Equatable, Sendable {
    /// A named loss term ("residual", "boundary", "condition").
    public struct Term: Equatable, Sendable {
        public var name: String
        public var value: Double
        public init(_ name: String, _ value: Double) {
            self.name = name
            self.value = value
        }
    }

    public var phase: String
    /// 0-based step over both phases.
    public var step: Int
    /// The loss minimised (all terms, weighted).
    public var loss: Double
    public var terms: [Term]
    /// The weight of the boundary or condition term, where it changes during training.
    public var weight: Double?
    /// Adam's learning rate (0 for L-BFGS).
    public var learningRate: Double
    /// A Gauss–Newton iteration's damping and step length (nil in the other phases).
    public var gaussNewton: GaussNewtonStep?

    public init(
        phase: String, step: Int, loss: Double, terms: [Term] = [], weight: Double? = nil, learningRate: Double,
        gaussNewton: GaussNewtonStep? = nil
    ) {
        self.phase = phase
        self.step = step
        self.loss = loss
        self.terms = terms
        self.weight = weight
        self.learningRate = learningRate
        self.gaussNewton = gaussNewton
    }
}

/// Receives what happens during training: every step, and notes such as recoveries. Progress bars,
/// periodic lines and JSON logs conform.
public protocol TrainingMonitor: AnyObject {
    /// A step was taken.
    func logged(_ entry: TrainingLogEntry)
    /// Something the user should know (a rollback, a checkpoint written on a signal).
    func note(_ message: String)
    /// Training ended (complete, stopped or interrupted): finish the display, flush the log.
    func finish()
}

extension TrainingRecord {
    /// The record as a progress display or log shows it.
    public var logEntry: TrainingLogEntry {
        TrainingLogEntry(
            phase: phase.rawValue, step: step, loss: total,
            terms: [.init("residual", terms.residual), .init("boundary", terms.boundary)]
                + (terms.data != 0 ? [.init("data", terms.data)] : []),
            weight: boundaryWeight, learningRate: learningRate, gaussNewton: gaussNewton)
    }
}
