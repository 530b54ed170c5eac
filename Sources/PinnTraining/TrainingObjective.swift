import PinnNumerics

/// What a training loop minimises, as the optimiser phases ask for it.
///
/// Every trainer in pinn is an objective plus settings: the PDE PINN (`PDEObjective`), the PINN in
/// time and the Neural ODE. The objective owns the live parameters and the batch it evaluates on;
/// `TrainingLoop` owns the state (optimisers, history, rollbacks, checkpoints) and drives the
/// objective through its phases.
public protocol TrainingObjective {
    associatedtype Scalar: PinnScalar
    associatedtype Record: MonitoredRecord
    typealias State = TrainingState<Scalar, Record>

    /// The live parameters: those the stochastic phase steps in place.
    var parameters: [Scalar] { get set }

    /// Evaluates the loss and its gradient for the stochastic step `state.step` at `parameters`,
    /// first drawing what the step uses through `state` (a resampled batch, recorded in
    /// `state.samplingStep`; random windows, drawn from `state.random`). The objective keeps the
    /// gradient until `acceptStep`.
    mutating func evaluateStep(_ state: inout State) -> StepEvaluation

    /// The evaluation of step `state.step` was finite: updates what the objective adapts in `state`
    /// (a loss weight), writes the gradient to step along into `gradient`, and returns the step's
    /// record.
    mutating func acceptStep(_ state: inout State, gradient: inout [Scalar]) -> Record

    /// `state` was rolled back: makes the objective's batch the one `state` names.
    mutating func restoreBatch(for state: State)

    /// The stochastic phase has taken its last step: an objective that validates makes its live
    /// parameters the best validated ones (`state.best`) when they beat the final ones.
    mutating func endOfStochasticPhase(_ state: inout State)

    /// The objective a deterministic phase (L-BFGS) minimises: the current batch with every
    /// adaptive weight frozen at `state`'s. Returns the loss at `x` and writes its gradient.
    mutating func loss(at x: [Scalar], gradient: inout [Scalar], frozenAt state: State) -> Double

    /// The objective of a deterministic phase as a sum of squares, ‖ρ‖², at `x` (every adaptive
    /// weight frozen at `state`'s): sets `residuals` to ρ and `jacobian` to ∂ρ/∂θ row by row (row p
    /// is the `parameters.count` entries from `p · parameters.count`). Returns false when the
    /// objective has no such form (then a Gauss–Newton phase refuses it).
    mutating func leastSquares(
        at x: [Scalar], residuals: inout [Double], jacobian: inout [Double], frozenAt state: State
    )
        -> Bool

    /// ‖ρ(x)‖² of `leastSquares` without the Jacobian, for a line search (one forward pass); nil when
    /// the objective has no least-squares form. Leaves what `deterministicRecord` reports unchanged.
    mutating func sumOfSquares(at x: [Scalar], frozenAt state: State) -> Double?

    /// The record of a deterministic step of `phase` numbered `step`, whose accepted point was the
    /// last evaluation of `loss(at:gradient:frozenAt:)` or `leastSquares(at:…)`.
    func deterministicRecord(phase: TrainingPhase, step: Int, state: State) -> Record
}

extension TrainingObjective {
    public mutating func restoreBatch(for state: State) {}

    public mutating func endOfStochasticPhase(_ state: inout State) {}

    public mutating func leastSquares(
        at x: [Scalar], residuals: inout [Double], jacobian: inout [Double], frozenAt state: State
    ) -> Bool { false }

    public mutating func sumOfSquares(at x: [Scalar], frozenAt state: State) -> Double? { nil }
}

/// How a stochastic step's evaluation came out.
public enum StepEvaluation {
    /// Loss and gradient are finite.
    case finite
    /// A non-finite loss or gradient, or a failed computation (`error`, such as an ODE solve that
    /// failed); `detail` says what, in the words of a note ("(step limit exceeded)"), or is empty.
    /// A failure with an error is thrown when there is nothing to roll back to.
    case failed(detail: String, error: (any Error)? = nil)
}
