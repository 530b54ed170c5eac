import PinnODE
import PinnProblems

import struct PinnProblems.Expression

/// The stated right-hand sides of a first-order ODE problem as a function of the states, t and the
/// unknown parameters, with their symbolic derivatives: dz/dt = f(z, t; p), ∂f/∂z and ∂f/∂p for
/// forward sensitivities (`solveWithSensitivities`).
public struct ExpressionVectorField: ParametricVectorField, Sendable {
    /// f_j over [states…, t, unknowns…], in state order.
    public let rhs: [Expression]
    /// ∂f_j/∂z_k and ∂f_j/∂p_k (nil where the derivative is the constant 0).
    let stateDerivatives: [[Expression?]]
    let parameterDerivatives: [[Expression?]]
    public let stateDimension: Int
    public let parameterCount: Int
    /// [z, t, p], reused.
    private var point: [Double]

    /// The file's right-hand sides over its states, t and `file.unknownNames`.
    /// - Throws: a `ProblemError` at `rhs.<state>` when an expression does not bind.
    public init(_ file: ODEProblemFile) throws(ProblemError) {
        let rhs = try file.boundRHSWithUnknowns()
        let states = file.firstOrderStates, unknowns = file.unknownNames
        func derivatives(_ names: [String]) -> [[Expression?]] {
            rhs.map { f in
                names.map { name in
                    let d = f.derivative(withRespectTo: name)
                    return d.constantValue == 0 ? nil : d
                }
            }
        }
        self.rhs = rhs
        stateDerivatives = derivatives(states)
        parameterDerivatives = derivatives(unknowns)
        stateDimension = states.count
        parameterCount = unknowns.count
        point = [Double](repeating: 0, count: states.count + 1 + unknowns.count)
    }

    public mutating func evaluate(
        _ z: [Double], t: Double, parameters p: [Double], value: inout [Double], stateJacobian: inout [Double],
        parameterJacobian: inout [Double]
    ) {
        let n = stateDimension
        for i in 0..<n { point[i] = z[i] }
        point[n] = t
        for k in p.indices { point[n + 1 + k] = p[k] }
        for j in 0..<n {
            value[j] = rhs[j].evaluate(point)
            for k in 0..<n { stateJacobian[j + k * n] = stateDerivatives[j][k]?.evaluate(point) ?? 0 }
            for k in 0..<parameterCount {
                parameterJacobian[j + k * n] = parameterDerivatives[j][k]?.evaluate(point) ?? 0
            }
        }
    }
}
