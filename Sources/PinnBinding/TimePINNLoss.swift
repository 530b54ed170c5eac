import PinnNetwork
import PinnNumerics
import PinnProblems

/// The loss of a PINN in time: a SIREN u_θ(τ) ∈ ℝⁿ of the scaled time τ = 2(t − t₀)/(t₁ − t₀) − 1 ∈ [−1, 1]
/// fitted to the ODE and its conditions.
///
/// With s = dτ/dt = 2/(t₁ − t₀), u′ = s·∂u/∂τ and u″ = s²·∂²u/∂τ² (the jet's first-derivative and
/// Laplacian blocks: in one dimension the Laplacian is the second derivative). At N collocation times
/// t_i the residual is r_i = u′(t_i) − f(u(t_i), t_i) (order 1) or r_i = u″(t_i) − f(u, u′, t_i) (order 2),
/// and at the C conditions (u_k or u_k′ = v_c at t_c) the error is e_c. The loss is
///
///     L = L_r + λ L_c,   L_r = (1/N) Σ_i ‖r_i‖²,   L_c = (1/C) Σ_c e_c².
///
/// Its gradient comes from one reverse pass through the jet per batch, seeded with
/// ∂L/∂u′_{ij} = (2/N) r_ij (on the derivative or second-derivative block, times s or s²) and, through f,
/// ∂L/∂u_{ik} = −(2/N) Σ_j r_ij ∂f_j/∂u_k, ∂L/∂u′_{ik} = −(2/N) Σ_j r_ij ∂f_j/∂u′_k (order 2, times s),
/// with ∂f_j/∂y_k the exact symbolic derivatives of the right-hand sides (`BoundODEProblem.jacobian`).
/// The jet workspaces and the residual scratch arrays are reused across evaluations; do not share one
/// loss between threads.
public struct TimePINNLoss {
    public let problem: BoundODEProblem
    /// The collocation times t_i.
    public let collocationTimes: [Double]
    /// λ, the weight of the condition loss.
    public let conditionWeight: Double
    /// s = dτ/dt.
    public let timeScale: Double

    private let collocation: Matrix<Double>
    private let conditionPoints: Matrix<Double>
    private let conditions: [ODEProblemFile.ResolvedCondition]
    private let collocationWorkspace = JetWorkspace<Double>()
    private let conditionWorkspace = JetWorkspace<Double>()
    private let scratch: ResidualScratch

    /// The arrays the residual term refills on every evaluation, sized once so that evaluations
    /// after the first do not allocate.
    private final class ResidualScratch {
        /// The variables of f at each collocation point, column-major: y (u, then u′ for order 2), then t.
        var variables: [Double]
        /// One right-hand side f_j at every point.
        var rhs: [Double] = []
        /// One Jacobian entry ∂f_j/∂y_k at every point.
        var jacobian: [Double] = []
        /// The residuals, row-major: r_jp at `j · N + p`.
        var residuals: [Double]

        init(variableRows: Int, states: Int, points: Int) {
            variables = [Double](repeating: 0, count: variableRows * points)
            residuals = [Double](repeating: 0, count: states * points)
        }
    }

    /// The loss at `collocationTimes` with every condition of the problem weighted by `conditionWeight`.
    public init(problem: BoundODEProblem, collocationTimes: [Double], conditionWeight: Double) {
        self.problem = problem
        self.collocationTimes = collocationTimes
        self.conditionWeight = conditionWeight
        let span = problem.file.span
        timeScale = 2 / span.length
        collocation = Self.networkInput(collocationTimes, span: span)
        conditions = problem.file.resolvedConditions
        conditionPoints = Self.networkInput(conditions.map(\.at), span: span)
        scratch = ResidualScratch(
            variableRows: problem.systemSize + 1, states: problem.stateCount,
            points: collocationTimes.count)
    }

    /// `count` equally spaced collocation times over the span, both ends included.
    public init(problem: BoundODEProblem, collocationPoints count: Int, conditionWeight: Double) {
        self.init(
            problem: problem, collocationTimes: problem.uniformTimes(count: count), conditionWeight: conditionWeight)
    }

    /// τ = 2(t − t₀)/(t₁ − t₀) − 1, the scaled time of t on `span` ([t₀, t₁] ↦ [−1, 1]).
    public static func scaledTime(_ t: Double, span: ODEProblemFile.TimeSpan) -> Double {
        2 * (t - span.start) / span.length - 1
    }

    /// The network's input τ for each time on `span`, as a 1 × count matrix.
    static func networkInput(_ times: [Double], span: ODEProblemFile.TimeSpan) -> Matrix<Double> {
        Matrix(rows: 1, cols: times.count, storage: times.map { scaledTime($0, span: span) })
    }

    /// The number of conditions (the last rows of `weightedResiduals`).
    public var conditionCount: Int { conditions.count }

    /// The network's input τ for each time, as a 1 × count matrix.
    public func networkInput(_ times: [Double]) -> Matrix<Double> {
        Self.networkInput(times, span: problem.file.span)
    }

    /// L_r and L_c; `gradient` (sized like the parameters) is overwritten with ∂L/∂θ of L = L_r + λL_c.
    public func evaluate(_ net: Siren<Double>, gradient: inout [Double]) -> (residual: Double, condition: Double) {
        for i in gradient.indices { gradient[i] = 0 }
        let residual = residualTerm(net, gradient: &gradient)
        let condition = conditionTerm(net, gradient: &gradient)
        return (residual, condition)
    }

    /// L_r, with its gradient added to `gradient`.
    private func residualTerm(_ net: Siren<Double>, gradient: inout [Double]) -> Double {
        let n = problem.stateCount, size = problem.systemSize, order = problem.file.order
        let b = collocation.cols
        let s = timeScale
        let ws = collocationWorkspace
        net.forward(collocation, order: order == 2 ? .laplacian : .gradient, workspace: ws)
        // The variables of f at each point, column-major: y (u, then u′ for order 2), then t.
        let rows = size + 1
        let scratch = self.scratch
        for p in 0..<b {
            for k in 0..<n {
                scratch.variables[p * rows + k] = ws.value(k, p)
                if order == 2 { scratch.variables[p * rows + n + k] = s * ws.derivative(k, 0, p) }
            }
            scratch.variables[p * rows + size] = collocationTimes[p]
        }
        var sum = 0.0
        for j in 0..<n {
            problem.rhs[j].evaluate(columns: b, rows: rows, scratch.variables, into: &scratch.rhs)
            for p in 0..<b {
                let derivative = order == 2 ? s * s * ws.laplacian(j, p) : s * ws.derivative(j, 0, p)
                let r = derivative - scratch.rhs[p]
                scratch.residuals[j * b + p] = r
                sum += r * r
            }
        }
        // Seed ∂L/∂(output jet); g_jp = (2/N) r_jp.
        let weight = 2 / Double(b)
        for i in ws.outputGradient.storage.indices { ws.outputGradient.storage[i] = 0 }
        let highest = order == 2 ? 2 * b : b // column offset of u″ (Laplacian block) or u′ blocks
        let highestScale = order == 2 ? s * s : s
        for j in 0..<n {
            for p in 0..<b { ws.outputGradient[j, highest + p] += weight * scratch.residuals[j * b + p] * highestScale }
        }
        for j in 0..<n {
            for k in 0..<size {
                let derivative = problem.jacobian[j][k]
                if derivative.constantValue == 0 { continue }
                derivative.evaluate(columns: b, rows: rows, scratch.variables, into: &scratch.jacobian)
                // y_k is u_k (value block) or, for order 2 and k ≥ n, u′_{k−n} = s ∂u/∂τ (derivative block).
                let (output, offset, factor) = k < n ? (k, 0, 1.0) : (k - n, b, s)
                for p in 0..<b {
                    ws.outputGradient[output, offset + p] -=
                        weight * scratch.residuals[j * b + p] * scratch.jacobian[p] * factor
                }
            }
        }
        net.backward(workspace: ws, into: &gradient)
        return sum / Double(b)
    }

    /// The loss as a sum of squares for Gauss–Newton: ρ = [r_jp/√N for each equation j and time p
    /// (row j·N + p) ; √(λ/C)·e_c for each condition c], so ‖ρ‖² = L_r + λL_c, and J = ∂ρ/∂θ row by
    /// row (`Siren.pointJacobian`). Row (j, p) comes from one reverse pass per equation j seeded with
    /// ∂r_jp/∂(output jet): s^order on u_j's highest derivative, −∂f_j/∂y_k on the entries y_k of the
    /// state (u_k, and s·u_k′ for order 2); the condition rows from one pass over the condition times.
    public func weightedResiduals(_ net: Siren<Double>, residuals: inout [Double], jacobian: inout [Double]) {
        let n = problem.stateCount, size = problem.systemSize, order = problem.file.order
        let b = collocation.cols, c = conditions.count, s = timeScale
        let count = net.architecture.parameterCount
        let rows = n * b + c
        if residuals.count != rows { residuals = [Double](repeating: 0, count: rows) }
        if jacobian.count != rows * count { jacobian = [Double](repeating: 0, count: rows * count) }
        let ws = collocationWorkspace
        net.forward(collocation, order: order == 2 ? .laplacian : .gradient, workspace: ws)
        let variableRows = size + 1
        let scratch = self.scratch
        for p in 0..<b {
            for k in 0..<n {
                scratch.variables[p * variableRows + k] = ws.value(k, p)
                if order == 2 { scratch.variables[p * variableRows + n + k] = s * ws.derivative(k, 0, p) }
            }
            scratch.variables[p * variableRows + size] = collocationTimes[p]
        }
        let weight = 1 / Double(max(1, b)).squareRoot()
        let highest = order == 2 ? 2 * b : b
        let highestScale = order == 2 ? s * s : s
        for j in 0..<n {
            problem.rhs[j].evaluate(columns: b, rows: variableRows, scratch.variables, into: &scratch.rhs)
            for i in ws.outputGradient.storage.indices { ws.outputGradient.storage[i] = 0 }
            for p in 0..<b {
                let derivative = order == 2 ? s * s * ws.laplacian(j, p) : s * ws.derivative(j, 0, p)
                residuals[j * b + p] = weight * (derivative - scratch.rhs[p])
                ws.outputGradient[j, highest + p] = weight * highestScale
            }
            for k in 0..<size {
                let partial = problem.jacobian[j][k]
                if partial.constantValue == 0 { continue }
                partial.evaluate(columns: b, rows: variableRows, scratch.variables, into: &scratch.jacobian)
                let (output, offset, factor) = k < n ? (k, 0, 1.0) : (k - n, b, s)
                for p in 0..<b { ws.outputGradient[output, offset + p] -= weight * scratch.jacobian[p] * factor }
            }
            net.pointJacobian(workspace: ws, into: &jacobian, firstRow: j * b)
        }
        guard c > 0 else { return }
        let cws = conditionWorkspace
        net.forward(conditionPoints, order: .gradient, workspace: cws)
        for i in cws.outputGradient.storage.indices { cws.outputGradient.storage[i] = 0 }
        let conditionWeight = (self.conditionWeight / Double(c)).squareRoot()
        for (p, condition) in conditions.enumerated() {
            let isValue = condition.derivative == 0
            let predicted = isValue ? cws.value(condition.state, p) : s * cws.derivative(condition.state, 0, p)
            residuals[n * b + p] = conditionWeight * (predicted - condition.value)
            cws.outputGradient[condition.state, (isValue ? 0 : c) + p] = conditionWeight * (isValue ? 1 : s)
        }
        net.pointJacobian(workspace: cws, into: &jacobian, firstRow: n * b)
    }

    /// L_c, with λ times its gradient added to `gradient`.
    private func conditionTerm(_ net: Siren<Double>, gradient: inout [Double]) -> Double {
        let c = conditions.count
        guard c > 0 else { return 0 }
        let ws = conditionWorkspace
        net.forward(conditionPoints, order: .gradient, workspace: ws)
        for i in ws.outputGradient.storage.indices { ws.outputGradient.storage[i] = 0 }
        var sum = 0.0
        let weight = conditionWeight * 2 / Double(c)
        for (p, condition) in conditions.enumerated() {
            let isValue = condition.derivative == 0
            let predicted = isValue ? ws.value(condition.state, p) : timeScale * ws.derivative(condition.state, 0, p)
            let e = predicted - condition.value
            sum += e * e
            ws.outputGradient[condition.state, (isValue ? 0 : c) + p] += weight * e * (isValue ? 1 : timeScale)
        }
        net.backward(workspace: ws, into: &gradient)
        return sum / Double(c)
    }

    /// u (n states) at `times`, and for order 2 also u′, as one row per time: the first-order state y(t).
    public func trajectory(_ net: Siren<Double>, at times: [Double]) -> [[Double]] {
        let ws = JetWorkspace<Double>()
        net.forward(networkInput(times), order: .gradient, workspace: ws)
        let n = problem.stateCount, order = problem.file.order
        return times.indices.map { p in
            (0..<n).map { ws.value($0, p) } + (order == 2 ? (0..<n).map { timeScale * ws.derivative($0, 0, p) } : [])
        }
    }
}
