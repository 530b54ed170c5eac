import PinnNumerics
import PinnODE
import PinnProblems
import PinnTraining

/// Parameter estimation as a training objective: the unknown parameters p of the stated right-hand
/// sides fitted to the observations through the ODE solver, as the sum of squares
///
///     ‖ρ‖² = (1/N) Σ_k Σ_i Σ_j (z_j(t_i; p) − y_ij)²      (every observed value; N of them, missing ones left out)
///
/// with z the solution of trajectory k from its initial state. The trainables are q with p = φ(q)
/// (`UnknownParameter.parametrisation`: positivity and bounds hold at every step). The Jacobian
/// ∂ρ/∂p = S_j(t_i)/√N comes from the forward sensitivities S = ∂z/∂p integrated with z
/// (`solveWithSensitivities`), and ∂ρ/∂q = ∂ρ/∂p · φ′(q); so every phase of the shared loop applies
/// (Gauss–Newton/Levenberg–Marquardt by default, L-BFGS and Adam on the gradient 2 Jᵀρ).
public struct ODEParameterFitObjective: TrainingObjective {
    public typealias Scalar = Double
    public typealias Record = ODETrainingRecord

    /// One observed trajectory: its initial state and observation times and values (NaN: missing).
    public struct Trajectory: Sendable {
        public var initialState: [Double]
        public var times: [Double]
        public var values: [[Double]]
    }

    public var field: ExpressionVectorField
    public let maps: [ParameterMap]
    /// The trainables q.
    public var parameters: [Double]
    public let trajectories: [Trajectory]
    public let startTime: Double
    public let method: ODEMethod
    /// N, the number of observed values.
    public let observedCount: Int
    /// The loss and gradient of the last evaluation, and the unknowns it was at.
    private var loss = Double.nan, gradient: [Double], values: [Double] = []

    /// The objective of `data` (trajectory k from `initialStates[k]` at `startTime`), integrated by `method`.
    public init(
        field: ExpressionVectorField, maps: [ParameterMap], initial: [Double], data: ObservationTable,
        startTime: Double, initialStates: [[Double]], method: ODEMethod
    ) {
        self.field = field
        self.maps = maps
        parameters = zip(maps, initial).map { $0.trainable($1) }
        trajectories = initialStates.indices.compactMap { k in
            let rows = data.rows(ofTrajectory: k)
            guard !rows.isEmpty else { return nil }
            return Trajectory(
                initialState: initialStates[k], times: Array(data.times[rows]), values: Array(data.states[rows]))
        }
        self.startTime = startTime
        self.method = method
        observedCount = data.states.reduce(0) { $0 + $1.filter { !$0.isNaN }.count }
        gradient = [Double](repeating: 0, count: maps.count)
    }

    /// p = φ(q).
    public func values(of q: [Double]) -> [Double] { zip(maps, q).map { $0.value($1) } }

    /// ρ (N rows) and ∂ρ/∂p (N rows of m, row by row) at the unknowns `p`.
    public mutating func residualsAndSensitivities(at p: [Double]) throws(ODEError) -> (
        residuals: [Double], jacobian: [Double]
    ) {
        let n = field.stateDimension, m = field.parameterCount
        let scale = 1 / Double(max(1, observedCount)).squareRoot()
        var residuals: [Double] = [], jacobian: [Double] = []
        residuals.reserveCapacity(observedCount)
        jacobian.reserveCapacity(observedCount * m)
        for trajectory in trajectories {
            let end = max(trajectory.times.last ?? startTime, startTime)
            let solution = try solveWithSensitivities(
                &field, parameters: p, from: trajectory.initialState, over: (startTime, end),
                saveAt: trajectory.times, method: method)
            for (i, row) in trajectory.values.enumerated() {
                for j in 0..<n where !row[j].isNaN {
                    residuals.append(scale * (solution.states[i][j] - row[j]))
                    for k in 0..<m { jacobian.append(scale * solution.sensitivities[i][j + k * n]) }
                }
            }
        }
        return (residuals, jacobian)
    }

    /// ρ and ∂ρ/∂q at the trainables `q`; nil when a solve fails.
    mutating func leastSquares(at q: [Double]) -> (residuals: [Double], jacobian: [Double], loss: Double)? {
        let p = values(of: q), m = maps.count
        guard var r = try? residualsAndSensitivities(at: p) else { return nil }
        let slopes = zip(maps, q).map { $0.derivative($1) }
        for row in 0..<r.residuals.count { for k in 0..<m { r.jacobian[row * m + k] *= slopes[k] } }
        let loss = r.residuals.reduce(0) { $0 + $1 * $1 }
        return (r.residuals, r.jacobian, loss)
    }

    /// The loss and its gradient 2 Jᵀρ at `q` into `loss`, `gradient` and `values`; false when not finite.
    private mutating func evaluate(at q: [Double]) -> Bool {
        values = values(of: q)
        guard let r = leastSquares(at: q) else {
            loss = .nan
            return false
        }
        let m = maps.count
        for k in 0..<m { gradient[k] = 0 }
        for row in 0..<r.residuals.count {
            for k in 0..<m { gradient[k] += 2 * r.residuals[row] * r.jacobian[row * m + k] }
        }
        loss = r.loss
        return loss.isFinite && gradient.allSatisfy(\.isFinite)
    }

    public mutating func evaluateStep(_ state: inout TrainingState<Double, ODETrainingRecord>) -> StepEvaluation {
        evaluate(at: parameters) ? .finite : .failed(detail: "")
    }

    public mutating func acceptStep(_ state: inout TrainingState<Double, ODETrainingRecord>, gradient: inout [Double])
        -> ODETrainingRecord
    {
        copyContents(of: self.gradient, into: &gradient)
        var record = ODETrainingRecord(
            phase: .adam, step: state.step, loss: loss, learningRate: state.adam.currentRate)
        record.unknowns = values
        return record
    }

    public mutating func loss(
        at x: [Double], gradient: inout [Double], frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Double {
        _ = evaluate(at: x)
        copyContents(of: self.gradient, into: &gradient)
        return loss
    }

    public mutating func leastSquares(
        at x: [Double], residuals: inout [Double], jacobian: inout [Double],
        frozenAt state: TrainingState<Double, ODETrainingRecord>
    ) -> Bool {
        values = values(of: x)
        if let r = leastSquares(at: x) {
            (residuals, jacobian, loss) = r
        } else {
            loss = .nan
            for i in residuals.indices { residuals[i] = .nan }
        }
        return true
    }

    /// ‖ρ‖² from the same solve as `leastSquares` (so a line search compares like with like).
    public mutating func sumOfSquares(at x: [Double], frozenAt state: TrainingState<Double, ODETrainingRecord>)
        -> Double?
    {
        leastSquares(at: x)?.loss ?? .nan
    }

    public func deterministicRecord(phase: TrainingPhase, step: Int, state: TrainingState<Double, ODETrainingRecord>)
        -> ODETrainingRecord
    {
        var record = ODETrainingRecord(
            phase: phase == .gaussNewton ? .gaussNewton : .lbfgs, step: step, loss: loss, learningRate: 0,
            gaussNewton: phase == .gaussNewton ? state.gaussNewton?.lastStep : nil)
        record.unknowns = values
        return record
    }
}
