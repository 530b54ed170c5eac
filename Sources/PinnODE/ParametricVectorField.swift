/// A right-hand side f(z, t; p) with a few named parameters p and its Jacobians ∂f/∂z and ∂f/∂p: what
/// fitting p to observations through the solver needs (`solveWithSensitivities`). A system of
/// expressions with unknown rate constants is one (PinnBinding's `ExpressionVectorField`).
public protocol ParametricVectorField {
    /// n, the size of z.
    var stateDimension: Int { get }
    /// m, the size of p.
    var parameterCount: Int { get }

    /// f(z, t; p) into `value` (n), ∂f/∂z into `stateJacobian` (n × n, column-major: ∂f_i/∂z_j at
    /// i + j·n) and ∂f/∂p into `parameterJacobian` (n × m, column-major: ∂f_i/∂p_k at i + k·n). The
    /// outputs are already sized.
    mutating func evaluate(
        _ z: [Double], t: Double, parameters p: [Double], value: inout [Double], stateJacobian: inout [Double],
        parameterJacobian: inout [Double])
}
