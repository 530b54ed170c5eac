/// A known part of a Neural ODE's right-hand side: with it an `MLP` computes
///
///     f(z, t) = g(z, t) + MLP_θ(z, t)
///
/// (a universal differential equation: the network learns only the correction to the known model g).
/// g has no trainable parameters; its state Jacobian enters every derivative the network's does
/// (`MLP.pullback`, `MLP.stateJacobian`), so every gradient method and solver of a Neural ODE applies
/// unchanged. PinnBinding's `ExpressionDynamics` states g as expressions of a problem file.
public protocol KnownDynamics: Sendable {
    /// n, the size of z.
    var stateDimension: Int { get }
    /// Identifies g: two known parts with the same description are the same function.
    var description: String { get }
    /// out += g(z, t).
    func add(at z: [Double], t: Double, to out: inout [Double])
    /// stateGradient += aᵀ ∂g/∂z.
    func addPullback(at z: [Double], t: Double, cotangent a: [Double], to stateGradient: inout [Double])
    /// jacobian += ∂g/∂z (n × n, column-major: ∂g_i/∂z_j at i + j·n).
    func addJacobian(at z: [Double], t: Double, to jacobian: inout [Double])
}

/// A known part held by an `MLP`, compared by its description.
public struct KnownTerm: Equatable, Sendable {
    public let dynamics: any KnownDynamics

    public init(_ dynamics: any KnownDynamics) {
        self.dynamics = dynamics
    }

    public static func == (a: KnownTerm, b: KnownTerm) -> Bool { a.dynamics.description == b.dynamics.description }
}
