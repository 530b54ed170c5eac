import PinnNetwork

/// A right-hand side f(z, t; θ) with the derivatives that gradients through an implicit solver need:
/// values, vector–Jacobian products in z and θ (one reverse pass), and the state Jacobian ∂f/∂z (for
/// Newton's method and for the implicit steps' adjoint). `MLP` is one; a hand-written kinetics model
/// with its rate constants as θ is another.
public protocol DifferentiableVectorField {
    /// Scratch memory of one evaluation at a time.
    associatedtype Workspace

    /// n, the size of z.
    var stateDimension: Int { get }
    /// p, the size of θ.
    var parameterCount: Int { get }

    /// Fresh scratch for the calls below.
    func makeWorkspace() -> Workspace

    /// f(z, t) into `value` (n entries).
    func evaluate(_ z: [Double], t: Double, into value: inout [Double], workspace: inout Workspace)

    /// f(z, t) into `value`, `stateGradient += aᵀ ∂f/∂z` (n) and `parameterGradient += aᵀ ∂f/∂θ` (p);
    /// returns aᵀ ∂f/∂t (which the gradients here do not use).
    @discardableResult
    func vectorJacobianProduct(
        at z: [Double], t: Double, cotangent a: [Double], value: inout [Double], stateGradient: inout [Double],
        parameterGradient: inout [Double], workspace: inout Workspace
    ) -> Double

    /// f(z, t) into `value` and ∂f/∂z into `jacobian` (n × n, column-major: ∂f_i/∂z_j at i + j·n).
    func stateJacobian(
        at z: [Double], t: Double, value: inout [Double], jacobian: inout [Double], workspace: inout Workspace)
}

extension DifferentiableVectorField {
    /// f and ∂f/∂z as solver closures (`solveODE`'s `f` and `jacobian`) sharing one workspace; not for
    /// concurrent use.
    public func solverFunctions() -> (function: ODEFunction, jacobian: ODEJacobian) {
        var workspace = makeWorkspace()
        var value = [Double](repeating: 0, count: stateDimension)
        return (
            { t, z, dz in evaluate(z, t: t, into: &dz, workspace: &workspace) },
            { t, z, out in stateJacobian(at: z, t: t, value: &value, jacobian: &out, workspace: &workspace) }
        )
    }
}

extension MLP: DifferentiableVectorField {
    public func makeWorkspace() -> MLPWorkspace { MLPWorkspace() }
}
