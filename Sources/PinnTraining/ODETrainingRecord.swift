/// One logged step of training an ODE model (a Neural ODE or a PINN in time).
public struct ODETrainingRecord: Equatable, Sendable, MonitoredRecord {
    public typealias Phase = StepPhase

    public var phase: Phase
    /// 0-based step, counted over both phases.
    public var step: Int
    /// The loss minimised at this step: the mini-batch MSE of a Neural ODE, or L_r + λ·L_c of a PINN.
    public var loss: Double
    /// The loss minimised (λ of a PINN in time is fixed).
    public var monitoredLoss: Double { loss }
    /// PINN only: the mean squared ODE residual L_r.
    public var residual: Double?
    /// PINN only: the condition loss L_c (before its weight λ).
    public var condition: Double?
    /// The Adam learning rate used at this step (0 for L-BFGS).
    public var learningRate: Double
    /// The damping and step length of a Gauss–Newton iteration (nil in the other phases).
    public var gaussNewton: GaussNewtonStep?
    /// Neural ODE: the loss of the whole training series from the initial state, at the parameters
    /// before this step, on the steps where it was validated (nil on the others).
    public var validation: Double?
    /// Neural ODE Adam steps: the observations per window (0: derivative matching; the series'
    /// count when the step fits it whole), so that the divergence rule compares like with like.
    public var windowLength: Int
    public var monitoredRegime: Int { windowLength }
    /// Parameter estimation: the unknowns' values at this step (empty for the other models).
    public var unknowns: [Double] = []

    public init(
        phase: Phase, step: Int, loss: Double, residual: Double? = nil, condition: Double? = nil,
        learningRate: Double, gaussNewton: GaussNewtonStep? = nil, validation: Double? = nil,
        windowLength: Int = 0
    ) {
        self.validation = validation
        self.windowLength = windowLength
        self.phase = phase
        self.step = step
        self.loss = loss
        self.residual = residual
        self.condition = condition
        self.learningRate = learningRate
        self.gaussNewton = gaussNewton
    }
}

extension ODETrainingRecord {
    /// The record as a progress display or log shows it.
    public var logEntry: TrainingLogEntry {
        var terms: [TrainingLogEntry.Term] = []
        if let residual { terms.append(.init("residual", residual)) }
        if let condition { terms.append(.init("condition", condition)) }
        if let validation { terms.append(.init("series", validation)) }
        return TrainingLogEntry(
            phase: phase.rawValue, step: step, loss: loss, terms: terms, learningRate: learningRate,
            gaussNewton: gaussNewton)
    }
}
